import type { Deck, Slide } from '../deck/schema.js';
import type { Quiz, QuizCheckpoint, QuizQuestion } from './quiz-schema.js';

/** Quiz slides are recognised by this title prefix (chapters and the player use it too). */
export const CHECKPOINT_PREFIX = 'Checkpoint:';
const ANSWER_PREFIX = 'Answer:';
const NUMBER_WORDS = ['one', 'two', 'three', 'four'];

export interface QuizSlideOptions {
  /** Also add a slide after each question revealing the answer and explanation (default false). */
  reveal?: boolean;
}

export function isQuizSlide(slide: Pick<Slide, 'title'>): boolean {
  return slide.title.startsWith(CHECKPOINT_PREFIX) || slide.title.startsWith(ANSWER_PREFIX);
}

/**
 * A new deck with each checkpoint's question slides after its `afterSlide`: the question as the
 * title ("Checkpoint: …"), the four options as a numbered list, narration that reads the
 * question and the options and asks the viewer to pause; the answer stays in the notes.
 */
export function insertQuizSlides(deck: Deck, quiz: Quiz, options: QuizSlideOptions = {}): Deck {
  const byAfter = new Map<number, QuizCheckpoint[]>();
  for (const checkpoint of quiz.checkpoints) byAfter.set(checkpoint.afterSlide, [...(byAfter.get(checkpoint.afterSlide) ?? []), checkpoint]);
  const slides: Slide[] = [];
  deck.slides.forEach((slide, i) => {
    slides.push(slide);
    for (const checkpoint of byAfter.get(i + 1) ?? []) slides.push(...checkpointSlides(checkpoint, options));
  });
  return { ...deck, slides };
}

/** The slides of one checkpoint, in order. */
export function checkpointSlides(checkpoint: QuizCheckpoint, options: QuizSlideOptions = {}): Slide[] {
  return checkpoint.questions.flatMap((question, i) => {
    const ask = questionSlide(question, i, checkpoint.questions.length);
    return options.reveal ? [ask, answerSlide(question)] : [ask];
  });
}

function questionSlide(question: QuizQuestion, index: number, total: number): Slide {
  const spokenOptions = question.options.map((option, i) => `${i === 3 ? 'or ' : ''}${NUMBER_WORDS[i]}: ${speakable(option)}`).join('; ');
  const counter = total > 1 ? `Question ${index + 1} of ${total}. ` : '';
  return {
    layout: 'content',
    title: `${CHECKPOINT_PREFIX} ${question.question}`,
    blocks: [{ type: 'list', ordered: true, start: 1, items: question.options.map((text) => ({ text, level: 0 })) }],
    narration: `Checkpoint. ${counter}${speakable(question.question)} Is it ${spokenOptions}? Pause the video now and choose your answer.`,
    notes: `Answer: ${question.answer + 1}. ${question.options[question.answer]}${question.explanation ? `\n${question.explanation}` : ''}`,
  };
}

function answerSlide(question: QuizQuestion): Slide {
  const correct = question.options[question.answer]!;
  return {
    layout: 'content',
    title: `${ANSWER_PREFIX} ${correct}`,
    blocks: question.explanation ? [{ type: 'paragraph', text: question.explanation }] : [],
    narration: `The answer is number ${NUMBER_WORDS[question.answer]}: ${speakable(correct)}. ${speakable(question.explanation)}`.trim(),
  };
}

/** A blank is read as "blank" rather than as five underscores. */
function speakable(text: string): string {
  return text.replace(/_{3,}/g, 'blank');
}
