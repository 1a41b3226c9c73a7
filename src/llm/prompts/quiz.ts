import { z } from 'zod';
import type { Slide } from '../../deck/schema.js';
import { slideListItems } from '../../deck/slide-content.js';
import { languageName } from './language-name.js';

/** Part of every cache key of a quiz checkpoint: bump it when the prompt or schema changes. */
export const PROMPT_VERSION = 'quiz-v1';

/** The answer for one checkpoint: `count` questions, each about one of slides first…last. */
export function quizAnswerSchema(count: number, firstSlide: number, lastSlide: number) {
  const question = z
    .object({
      question: z.string().min(1),
      options: z.array(z.string().min(1)).length(4).describe('Four short choices, exactly one of them correct.'),
      answer: z.number().int().min(0).max(3).describe('Index (0-3) of the correct option.'),
      explanation: z.string().min(1).describe('One or two sentences: why that answer is right.'),
      slide: z.number().int().min(firstSlide).max(lastSlide).describe('Number of the slide the question is about.'),
    })
    .refine((q) => new Set(q.options.map((o) => o.trim().toLowerCase())).size === 4, { message: 'The four options must all differ.', path: ['options'] });
  return z.object({ questions: z.array(question).length(count) });
}
export type QuizAnswer = z.output<ReturnType<typeof quizAnswerSchema>>;

export interface QuizPromptOptions {
  /** The slides the checkpoint covers, with their 1-based deck numbers. */
  slides: Array<{ number: number; slide: Pick<Slide, 'title' | 'blocks' | 'narration'> }>;
  count: number;
  lang?: string;
  audience?: string;
}

/**
 * Multiple-choice questions on the slides just shown. The `Name: value` lines are machine
 * readable; no line starts with "Slide title:" or "Number of slides:", which mean other stages.
 */
export function buildQuizPrompt(options: QuizPromptOptions): { system: string; prompt: string } {
  const lang = languageName(options.lang ?? 'en');
  const first = options.slides[0]?.number ?? 1;
  const last = options.slides.at(-1)?.number ?? first;
  const system = 'You are a teacher writing fair multiple-choice checkpoint questions for a lecture. You answer with one JSON object only.';
  const prompt = [
    'Write checkpoint questions about the lecture slides below.',
    '',
    `Quiz questions: ${options.count}`,
    `Slides covered: ${first}-${last}`,
    `Audience: ${options.audience ?? 'a general audience'}`,
    `Language: ${lang}`,
    '',
    ...options.slides.flatMap(({ number, slide }) => [
      `Slide ${number} — ${slide.title}`,
      ...slideListItems(slide).map((item) => `${'  '.repeat(item.level)}- ${item.text}`),
      ...slide.blocks.filter((b) => b.type === 'paragraph').map((b) => b.text),
      ...(slide.narration.trim() ? [`Narration: ${slide.narration.trim()}`] : []),
      '',
    ]),
    'Return a JSON object with "questions": exactly ' + `${options.count} questions, each with:`,
    '- "question": one clear question answerable from the slides alone;',
    '- "options": exactly 4 short, distinct, plausible choices, only one of them correct;',
    '- "answer": the index (0-3) of the correct option — vary its position between questions;',
    '- "explanation": one or two sentences saying why it is right, based on the slide;',
    `- "slide": the number (${first}-${last}) of the slide the question is about.`,
    'Ask about different slides and ideas; avoid "all of the above" and trick questions.',
    `Write the questions, options and explanations in ${lang}.`,
  ].join('\n');
  return { system, prompt };
}
