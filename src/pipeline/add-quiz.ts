import type { Deck } from '../deck/schema.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { insertQuizSlides } from '../documents/insert-quiz-slides.js';
import { generateQuiz, type Quiz } from '../documents/quiz.js';
import type { LlmProvider } from '../llm/contract.js';
import type { Profiler } from './profiler.js';

export interface AddQuizOptions {
  every: number;
  questions: number;
  audience?: string;
  quizFile: string;
  signal?: AbortSignal;
}

/**
 * Study mode: multiple-choice checkpoints every N slides (LLM-written when a provider is given,
 * offline cloze questions otherwise), saved as quiz.json, and the deck with quiz slides inserted.
 * Slide numbers in quiz.json count the deck without quiz slides, as the original API does.
 */
export async function addQuiz(deck: Deck, provider: LlmProvider | undefined, profiler: Profiler, options: AddQuizOptions): Promise<{ deck: Deck; quiz: Quiz }> {
  const quiz = await profiler.task({ id: 'quiz', stage: 'content', resource: provider ? 'llm' : 'cpu' }, () =>
    generateQuiz(provider, deck, {
      every: options.every,
      questions: options.questions,
      lang: deck.lang,
      audience: options.audience,
      signal: options.signal,
      onWarning: (message) => profiler.emit({ type: 'warning', at: profiler.elapsed(), message }),
    }),
  );
  await writeFileAtomic(options.quizFile, JSON.stringify(quiz, null, 2));
  return { deck: insertQuizSlides(deck, quiz), quiz };
}
