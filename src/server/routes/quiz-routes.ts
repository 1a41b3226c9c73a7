import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LectraOptions } from '../../config/options.js';
import { loadDeck } from '../../deck/deck-file.js';
import { checkQuizAnswer } from '../../documents/check-quiz-answer.js';
import { isQuizSlide } from '../../documents/insert-quiz-slides.js';
import { loadQuiz, saveQuiz } from '../../documents/quiz-file.js';
import type { Quiz } from '../../documents/quiz-schema.js';
import { generateQuiz } from '../../documents/quiz.js';
import { outputPaths } from '../../pipeline/output-paths.js';
import {
  ErrorSchema,
  GenerateQuizResultSchema,
  GenerateQuizSchema,
  JobRefQuerySchema,
  QuizAnswerResultSchema,
  QuizCheckpointsSchema,
  SubmitQuizAnswerSchema,
} from '../api-schemas.js';
import { defineRoute, type RouteSpec } from '../define-route.js';
import { findJob } from '../find-job.js';
import { HttpError } from '../http-error.js';
import type { JobManager } from '../job-manager.js';
import type { JobRecord } from '../job-store.js';
import { placeCheckpoints } from '../place-checkpoints.js';
import { quizLlm } from '../quiz-llm.js';

const errors = {
  400: { description: 'Invalid request (the message and `field` say what to fix).', schema: ErrorSchema },
  404: { description: 'No such project or job, or it has no quiz yet.', schema: ErrorSchema },
};

/**
 * Study mode, the original's quiz endpoints: make checkpoints for a finished lecture, say where
 * they sit in its video (without the answers), and check one answer.
 */
export function quizRoutes(manager: JobManager, defaults: LectraOptions): RouteSpec[] {
  const outDir = (record: JobRecord) => manager.store.outDir(record.id);

  const readQuiz = async (record: JobRecord): Promise<Quiz> => {
    try {
      return await loadQuiz(outputPaths(outDir(record)).quiz);
    } catch (error) {
      if ((error as { code?: string }).code === 'file-not-found') {
        throw new HttpError(404, 'quiz-not-found', `Project ${record.project} (job ${record.id}) has no quiz: generate one with POST /generate_quiz, or submit the job with options.quizEvery.`, { field: 'project' });
      }
      throw error;
    }
  };

  const checkpointsOf = async (record: JobRecord, quiz: Quiz) => {
    const paths = outputPaths(outDir(record));
    const deck = (await readJson(paths.deck)) as { slides?: Array<{ title?: unknown }> } | undefined;
    const timeline = (await readJson(paths.timings)) as { slides?: Array<{ start: number; end: number }> } | undefined;
    const rendered = (deck?.slides ?? []).map((s) => ({ title: typeof s.title === 'string' ? s.title : '' }));
    return { status: 'ok' as const, job_id: record.id, project: record.project, checkpoints: placeCheckpoints(quiz, rendered, timeline?.slides) };
  };

  return [
    defineRoute({
      method: 'POST',
      url: '/generate_quiz',
      tag: 'quiz',
      summary: 'Make quiz checkpoints for a finished lecture',
      description:
        "Reads the job's deck.json (leaving out quiz slides it already has), writes multiple-choice checkpoints after every `every` slides to the job's quiz.json and answers them without the answers. The questions are written by the LLM when the server is configured with one (--llm / LECTRA_LLM / lectra.config), else made offline from the slides' own sentences. The video is not re-rendered: the player pauses at each checkpoint's `time_sec`.",
      body: GenerateQuizSchema,
      responses: {
        200: { description: 'The checkpoints (no answers).', schema: GenerateQuizResultSchema },
        ...errors,
        409: { description: 'The job has not finished.', schema: ErrorSchema },
        502: { description: 'The LLM failed.', schema: ErrorSchema },
      },
      handler: async ({ body }) => {
        const record = findJob(manager, body);
        if (record.state !== 'done') {
          throw new HttpError(409, 'job-busy', `Job ${record.id} is ${record.state}; a quiz needs a finished lecture (wait for it, or submit it again).`, { field: body.job_id ? 'job_id' : 'project' });
        }
        const paths = outputPaths(outDir(record));
        const { deck } = await loadDeck(paths.deck);
        const content = { ...deck, slides: deck.slides.filter((s) => !isQuizSlide(s)) };
        const provider = await quizLlm(defaults);
        let quiz: Quiz;
        try {
          quiz = await generateQuiz(provider, content, { every: body.every, questions: body.questions, lang: deck.lang });
        } finally {
          await provider?.close();
        }
        await saveQuiz(quiz, paths.quiz);
        await manager.attachFile(record.id, 'quiz', path.basename(paths.quiz));
        return { ...(await checkpointsOf(record, quiz)), quiz_path: paths.quiz, source: provider ? 'llm' : 'offline' };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/get_quiz_checkpoints',
      tag: 'quiz',
      summary: "A lecture's checkpoints and where they sit in its video",
      description:
        'From quiz.json, timings.json and deck.json: per checkpoint the slide it follows, the time the player should pause at (`time_sec`: the end of that slide = the start of the checkpoint slide), where to continue (`resume_sec`) and its questions with their four options — never the answers (POST /submit_quiz_answer checks them).',
      query: JobRefQuerySchema,
      responses: { 200: { description: 'The checkpoints.', schema: QuizCheckpointsSchema }, ...errors },
      handler: async ({ query }) => {
        const record = findJob(manager, query);
        return checkpointsOf(record, await readQuiz(record));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/submit_quiz_answer',
      tag: 'quiz',
      summary: 'Check one answer',
      description: '`checkpoint` and `question` are 0-based (as in /get_quiz_checkpoints); `answer` is the option index 0-3 or its text. Answers whether it is right, the right option and the explanation.',
      body: SubmitQuizAnswerSchema,
      responses: { 200: { description: 'The verdict.', schema: QuizAnswerResultSchema }, ...errors },
      handler: async ({ body }) => {
        const record = findJob(manager, body);
        const check = checkQuizAnswer(await readQuiz(record), body.checkpoint, body.question, body.answer);
        return { correct: check.correct, correct_option: check.correctOption, answer: check.answer, explanation: check.explanation, slide: check.slide };
      },
    }),
  ];
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
