import { z } from 'zod';

/**
 * quiz.json: multiple-choice checkpoints placed after deck slides. Slide numbers are 1-based
 * and count the deck's slides *without* quiz slides (the deck the quiz was made from).
 */
export const QUIZ_VERSION = 1 as const;

export const QuizQuestionSchema = z
  .object({
    question: z.string().min(1),
    options: z.array(z.string().min(1)).length(4).describe('Exactly four choices.'),
    answer: z.number().int().min(0).max(3).describe('Index (0-3) of the correct option.'),
    explanation: z.string().default('').describe('Why the answer is right, shown after answering.'),
    slide: z.number().int().min(1).describe('1-based number of the slide the question comes from.'),
  })
  .strict()
  .refine((q) => new Set(q.options.map((o) => o.trim().toLowerCase())).size === 4, { message: 'The four options must differ.', path: ['options'] });

export const QuizCheckpointSchema = z
  .object({
    afterSlide: z.number().int().min(1).describe('The checkpoint comes after this 1-based slide.'),
    questions: z.array(QuizQuestionSchema).min(1),
  })
  .strict();

export const QuizSchema = z
  .object({
    version: z.literal(QUIZ_VERSION),
    checkpoints: z.array(QuizCheckpointSchema),
  })
  .strict();

export type QuizQuestion = z.output<typeof QuizQuestionSchema>;
export type QuizCheckpoint = z.output<typeof QuizCheckpointSchema>;
export type Quiz = z.output<typeof QuizSchema>;

/** JSON Schema of quiz.json (for the OpenAPI document). */
export function quizJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(QuizSchema, { io: 'input' }) as Record<string, unknown>;
}
