import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { formatIssuePath } from '../deck/validate-deck.js';
import { LectraError } from '../errors.js';
import { QuizSchema, type Quiz } from './quiz-schema.js';

/** Writes quiz.json atomically (validated first: a broken quiz is never saved). */
export async function saveQuiz(quiz: Quiz, file: string): Promise<void> {
  const valid = QuizSchema.parse(quiz);
  await writeFileAtomic(file, `${JSON.stringify(valid, null, 2)}\n`);
}

/** Reads and validates quiz.json; 'file-not-found' or 'bad-input' listing each problem. */
export async function loadQuiz(file: string): Promise<Quiz> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LectraError('file-not-found', `Quiz not found: ${file} — generate one with --quiz-every N.`, { file, cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LectraError('bad-input', `${file} is not valid JSON (${(error as Error).message}).`, { file, cause: error });
  }
  const result = QuizSchema.safeParse(data);
  if (result.success) return result.data;
  throw new LectraError('bad-input', `${file} is not a valid quiz — fix the fields below or generate it again.`, {
    file,
    details: result.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`),
  });
}
