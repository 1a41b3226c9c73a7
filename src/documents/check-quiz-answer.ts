import { LectraError } from '../errors.js';
import type { Quiz } from './quiz-schema.js';

export interface QuizAnswerCheck {
  correct: boolean;
  /** Index (0-3) of the right option, and its text. */
  answer: number;
  correctOption: string;
  explanation: string;
  /** 1-based slide the question comes from (to send the learner back to it). */
  slide: number;
}

/**
 * Checks one answer (`answer` is the option's index 0-3, or its text). Indexes of checkpoint
 * and question are 0-based, as in quiz.json's arrays; out-of-range ones are 'bad-input'.
 */
export function checkQuizAnswer(quiz: Quiz, checkpointIndex: number, questionIndex: number, answer: number | string): QuizAnswerCheck {
  const checkpoint = quiz.checkpoints[checkpointIndex];
  if (!checkpoint) {
    throw new LectraError('bad-input', `There is no checkpoint ${checkpointIndex} (the quiz has ${quiz.checkpoints.length}, numbered from 0).`, { field: 'checkpoint' });
  }
  const question = checkpoint.questions[questionIndex];
  if (!question) {
    throw new LectraError('bad-input', `Checkpoint ${checkpointIndex} has no question ${questionIndex} (it has ${checkpoint.questions.length}, numbered from 0).`, { field: 'question' });
  }
  const chosen = typeof answer === 'number' ? answer : question.options.findIndex((o) => o.trim().toLowerCase() === answer.trim().toLowerCase());
  if (!Number.isInteger(chosen) || chosen < 0 || chosen > 3) {
    throw new LectraError('bad-input', `The answer must be an option index 0-3 or the text of one of the options (got ${JSON.stringify(answer)}).`, { field: 'answer' });
  }
  return {
    correct: chosen === question.answer,
    answer: question.answer,
    correctOption: question.options[question.answer]!,
    explanation: question.explanation,
    slide: question.slide,
  };
}
