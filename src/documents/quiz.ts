import type { Deck } from '../deck/schema.js';
import { inferLayout } from '../deck/slide-content.js';
import { LectraError, isLectraError, throwIfAborted } from '../errors.js';
import type { LlmProvider } from '../llm/contract.js';
import { generateJson } from '../llm/json-output.js';
import { buildQuizPrompt, quizAnswerSchema } from '../llm/prompts/quiz.js';
import { ClozeMaker } from './cloze-questions.js';
import { isQuizSlide } from './insert-quiz-slides.js';
import { QUIZ_VERSION, QuizSchema, type Quiz, type QuizCheckpoint, type QuizQuestion } from './quiz-schema.js';

export { QuizSchema, type Quiz, type QuizCheckpoint, type QuizQuestion } from './quiz-schema.js';

export interface QuizOptions {
  /** A checkpoint after every N content slides (N ≥ 1). */
  every: number;
  /** Questions per checkpoint (default 2). */
  questions?: number;
  lang?: string;
  audience?: string;
  signal?: AbortSignal;
  /** Told when a checkpoint falls back to offline questions (the model kept answering badly). */
  onWarning?: (message: string) => void;
}

const QUIZ_TEMPERATURE = 0.3;

/**
 * Multiple-choice checkpoints for a deck: with a provider, questions written by the LLM under
 * a JSON Schema (and checked: four distinct options, the slide in range); without one — or when
 * the model keeps answering in the wrong shape — cloze questions made from the slides' own
 * sentences. Checkpoints that get no question are left out.
 */
export async function generateQuiz(provider: LlmProvider | undefined, deck: Deck, options: QuizOptions): Promise<Quiz> {
  if (!Number.isInteger(options.every) || options.every < 1) {
    throw new LectraError('bad-option', `--quiz-every must be a whole number of slides ≥ 1 (got ${options.every}).`, { field: '--quiz-every' });
  }
  const count = options.questions ?? 2;
  const cloze = new ClozeMaker(deck);
  const checkpoints: QuizCheckpoint[] = [];
  for (const group of checkpointGroups(deck, options.every)) {
    throwIfAborted(options.signal);
    const questions = provider
      ? await llmQuestions(provider, deck, group, count, options, cloze)
      : cloze.questions(group, count, options.lang ?? deck.lang);
    if (questions.length > 0) checkpoints.push({ afterSlide: group[group.length - 1]!, questions });
  }
  return QuizSchema.parse({ version: QUIZ_VERSION, checkpoints });
}

/**
 * The 1-based content slides each checkpoint covers: runs of `every` slides (a leading title
 * slide and existing quiz slides are not content); the rest at the end gets a checkpoint of its
 * own when it is at least half a run, or when there would be no checkpoint at all.
 */
export function checkpointGroups(deck: Deck, every: number): number[][] {
  const content = deck.slides
    .map((slide, i) => ({ slide, number: i + 1 }))
    .filter(({ slide, number }) => !isQuizSlide(slide) && !(number === 1 && inferLayout(slide, 0) === 'title'))
    .map(({ number }) => number);
  const groups: number[][] = [];
  for (let start = 0; start < content.length; start += every) groups.push(content.slice(start, start + every));
  const last = groups.at(-1);
  if (last && last.length < every && groups.length > 1 && last.length < Math.ceil(every / 2)) groups.pop();
  return groups;
}

async function llmQuestions(
  provider: LlmProvider,
  deck: Deck,
  group: number[],
  count: number,
  options: QuizOptions,
  cloze: ClozeMaker,
): Promise<QuizQuestion[]> {
  const { system, prompt } = buildQuizPrompt({
    slides: group.map((number) => ({ number, slide: deck.slides[number - 1]! })),
    count,
    lang: options.lang ?? deck.lang,
    audience: options.audience,
  });
  try {
    const answer = await generateJson(provider, {
      system,
      prompt,
      zodSchema: quizAnswerSchema(count, group[0]!, group[group.length - 1]!),
      signal: options.signal,
      temperature: QUIZ_TEMPERATURE,
    });
    return answer.questions.map((q) => ({ ...q, options: q.options.map((o) => o.trim()) }));
  } catch (error) {
    // Only a model that cannot produce the shape falls back; an unreachable server or a
    // cancellation is the caller's to handle.
    if (!isLectraError(error) || error.code !== 'llm-bad-output') throw error;
    options.onWarning?.(`Checkpoint after slide ${group[group.length - 1]}: the LLM's questions were unusable, so offline fill-in-the-blank questions were used.`);
    return cloze.questions(group, count, options.lang ?? deck.lang);
  }
}
