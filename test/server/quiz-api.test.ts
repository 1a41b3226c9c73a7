import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQuizSlide } from '../../src/documents/insert-quiz-slides.js';
import { QuizSchema, type Quiz } from '../../src/documents/quiz-schema.js';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { probeMedia } from '../../src/media/probe.js';
import { startLlmServer, type LlmServer, type LlmServerRequestInfo } from '../../src/testing/llm-server.js';
import { makeFactsPdf } from '../documents/make-fixtures.js';
import { json, removeDir, startTestServer, TWO_SLIDE_NOTES, waitForState, type TestServer } from './helpers.js';

async function upload(base: string, name: string, bytes: Uint8Array, collection: string) {
  const form = new FormData();
  form.append('collection', collection);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${base}/upload_document`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}

const FIVE_SLIDES = `${TWO_SLIDE_NOTES}
---

# Third slide

- Rivers carry sediment to the sea
- Deltas form where rivers slow down

<!-- Rivers carry sediment, and deltas form where they slow down. -->

---

# Fourth slide

- Glaciers carve U-shaped valleys

<!-- Glaciers carve wide U-shaped valleys as they move. -->

---

# Fifth slide

- Wind shapes dunes in deserts

<!-- In deserts, the wind shapes sand into dunes. -->
`;

describe('quiz checkpoints over HTTP', () => {
  let api: TestServer;
  let jobId: string;
  let quiz: Quiz;

  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(async () => {
    await api?.close();
    if (api) await removeDir(api.dataDir);
  });

  it('generates a lecture from an uploaded collection with a checkpoint every 2 slides', async () => {
    const file = path.join(api.dataDir, 'fixtures', 'iceland.pdf');
    await makeFactsPdf(file);
    const uploaded = await upload(api.url, 'iceland.pdf', await readFile(file), 'course');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);

    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { collection: 'course', options: { llm: 'none', quizEvery: 2 } } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body).toMatchObject({ kind: 'documents', collection: 'course' });
    jobId = created.body.id;
    const job = await waitForState(api.url, jobId, ['done', 'failed', 'cancelled'], 240_000);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.result.files.quiz).toBe('quiz.json');

    const raw = await json(`${api.url}/jobs/${jobId}/files/quiz.json`);
    const parsed = QuizSchema.safeParse(raw.body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    quiz = parsed.data!;
    expect(quiz.checkpoints.length).toBeGreaterThanOrEqual(2);
    for (const checkpoint of quiz.checkpoints) {
      for (const q of checkpoint.questions) {
        expect(q.options).toHaveLength(4);
        expect(q.options[q.answer], q.question).toBeDefined();
        expect(q.slide).toBeLessThanOrEqual(checkpoint.afterSlide);
      }
    }
    // The deck has the checkpoint slides, each with the quiz's four options.
    const deck = (await json(`${api.url}/jobs/${jobId}/files/deck.json`)).body;
    const quizSlides = deck.slides.filter(isQuizSlide);
    expect(quizSlides.length).toBe(quiz.checkpoints.reduce((n, c) => n + c.questions.length, 0));
    // The options as one numbered list (the images stage may add an illustration beside it).
    const lists = quizSlides[0].blocks.filter((b: any) => b.type === 'list');
    expect(lists).toEqual([{ type: 'list', ordered: true, start: 1, items: quiz.checkpoints[0]!.questions[0]!.options.map((text) => ({ text, level: 0 })) }]);

    // ffprobe: the MP4's chapters include the checkpoints.
    const binaries = resolveMediaBinaries();
    const probed = await probeMedia(path.join(api.dataDir, 'jobs', jobId, 'out', 'lecture.mp4'), { binary: binaries.ffprobe });
    const checkpointChapters = probed.chapters.filter((c) => c.title.startsWith('Checkpoint'));
    expect(checkpointChapters.length, probed.chapters.map((c) => c.title).join(' | ')).toBe(quizSlides.length);
  }, 300_000);

  it('answers the checkpoints with their times and without the answers', async () => {
    const { status, body } = await json(`${api.url}/get_quiz_checkpoints?job_id=${jobId}`);
    expect(status, JSON.stringify(body)).toBe(200);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/"answer"|"explanation"|"correct/);
    expect(body.checkpoints.map((c: any) => c.after_slide)).toEqual(quiz.checkpoints.map((c) => c.afterSlide));
    const times = body.checkpoints.map((c: any) => c.time_sec);
    for (const [i, t] of times.entries()) {
      expect(typeof t).toBe('number');
      if (i > 0) expect(t).toBeGreaterThan(times[i - 1]);
    }
    // time_sec is where the checkpoint slide starts in the video; resume_sec where its quiz slides end.
    const job = (await json(`${api.url}/jobs/${jobId}`)).body;
    for (const checkpoint of body.checkpoints) {
      const timing = job.result.slideTimings.find((s: any) => s.slide === checkpoint.slide);
      expect(timing.title).toMatch(/^Checkpoint:/);
      expect(checkpoint.time_sec).toBeCloseTo(timing.start, 6);
      expect(checkpoint.resume_sec).toBeGreaterThan(checkpoint.time_sec);
      expect(checkpoint.questions[0].options).toHaveLength(4);
    }
    // By project name too (the original's way).
    const byProject = await json(`${api.url}/get_quiz_checkpoints?project=${job.project}`);
    expect(byProject.body.checkpoints).toEqual(body.checkpoints);
  });

  it('checks right and wrong answers', async () => {
    const question = quiz.checkpoints[1]!.questions[0]!;
    const right = await json(`${api.url}/submit_quiz_answer`, { method: 'POST', body: { job_id: jobId, checkpoint: 1, question: 0, answer: question.answer } });
    expect(right.status, JSON.stringify(right.body)).toBe(200);
    expect(right.body).toEqual({ correct: true, correct_option: question.options[question.answer], answer: question.answer, explanation: question.explanation, slide: question.slide });
    const wrongIndex = (question.answer + 1) % 4;
    const wrong = await json(`${api.url}/submit_quiz_answer`, { method: 'POST', body: { job_id: jobId, checkpoint: 1, question: 0, answer: wrongIndex } });
    expect(wrong.body).toMatchObject({ correct: false, correct_option: question.options[question.answer] });
    // The option's text works as the answer too.
    const byText = await json(`${api.url}/submit_quiz_answer`, { method: 'POST', body: { job_id: jobId, checkpoint: 1, answer: question.options[question.answer] } });
    expect(byText.body.correct).toBe(true);

    const outOfRange = await json(`${api.url}/submit_quiz_answer`, { method: 'POST', body: { job_id: jobId, checkpoint: 99, question: 0, answer: 0 } });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.field).toBe('checkpoint');
    const noRef = await json(`${api.url}/submit_quiz_answer`, { method: 'POST', body: { checkpoint: 0, answer: 0 } });
    expect(noRef.status).toBe(400);
    expect(noRef.body.error.field).toBe('project');
    const unknown = await json(`${api.url}/get_quiz_checkpoints?project=nobody`);
    expect(unknown.status).toBe(404);
  });

  it('refuses an unknown collection or document before queueing', async () => {
    const missing = await json(`${api.url}/jobs`, { method: 'POST', body: { collection: 'nope', options: { llm: 'none' } } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('collection-not-found');
    const badDoc = await json(`${api.url}/jobs`, { method: 'POST', body: { collection: 'course', documents: ['other.pdf'] } });
    expect(badDoc.status).toBe(400);
    expect(badDoc.body.error.message).toContain('iceland.pdf');
    const both = await json(`${api.url}/jobs`, { method: 'POST', body: { collection: 'course', notes: '# x' } });
    expect(both.status).toBe(400);
    const seed = await json(`${api.url}/generate_presentation`, { method: 'POST', body: { project: 'p1' } });
    expect(seed.status).toBe(400);
    expect(seed.body.error.field).toBe('topic');
    const seedAsync = await json(`${api.url}/generate_presentation`, {
      method: 'POST',
      body: { project: 'from-docs', collection: 'course', documents: ['iceland.pdf'], quiz_every: 3, async: true, generate_video: false, options: { llm: 'none', only: ['deck'] } },
    });
    expect(seedAsync.status, JSON.stringify(seedAsync.body)).toBe(202);
    expect(seedAsync.body).toMatchObject({ kind: 'documents', options: { quizEvery: 3 } });
    await waitForState(api.url, seedAsync.body.id, ['done', 'failed'], 120_000);
  }, 300_000);

  it('makes a quiz for a finished job offline when the server has no LLM', async () => {
    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: FIVE_SLIDES, options: { only: ['deck'] } } });
    const done = await waitForState(api.url, created.body.id, ['done', 'failed']);
    expect(done.state).toBe('done');
    const made = await json(`${api.url}/generate_quiz`, { method: 'POST', body: { job_id: done.id, every: 2, questions: 1 } });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.source).toBe('offline');
    expect(made.body.checkpoints.map((c: any) => c.after_slide)).toEqual([3, 5]);
    // No timings (no audio was made): no times, but the checkpoints are there.
    expect(made.body.checkpoints[0]).toMatchObject({ time_sec: null, slide: null });
    expect(JSON.stringify(made.body)).not.toMatch(/"answer"/);
    const job = (await json(`${api.url}/jobs/${done.id}`)).body;
    expect(job.result.files.quiz).toBe('quiz.json');
    const stored = QuizSchema.parse((await json(`${api.url}/jobs/${done.id}/files/quiz.json`)).body);
    const q = stored.checkpoints[0]!.questions[0]!;
    const verdict = await json(`${api.url}/submit_quiz_answer`, { method: 'POST', body: { project: job.project, checkpoint: 0, answer: q.answer } });
    expect(verdict.body.correct).toBe(true);
    // A running or unknown job cannot be quizzed.
    expect((await json(`${api.url}/generate_quiz`, { method: 'POST', body: { job_id: 'zzz-unknown' } })).status).toBe(404);
  });
});

describe('POST /generate_quiz with the server LLM', () => {
  let llm: LlmServer;
  let api: TestServer;

  beforeAll(async () => {
    const responder = (request: LlmServerRequestInfo) => {
      const first = Number(/^Slides covered: (\d+)-/m.exec(request.prompt)?.[1]);
      return {
        questions: [
          {
            question: `Which idea does slide ${first} introduce?`,
            options: ['Sediment', 'Glaciers', 'Dunes', 'Volcanoes'],
            answer: first % 4,
            explanation: `Slide ${first} says so.`,
            slide: first,
          },
        ],
      };
    };
    llm = await startLlmServer({ responder });
    api = await startTestServer({ defaults: { llm: 'ollama', llmUrl: llm.url, model: 'llama3.1' } });
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
    if (api) await removeDir(api.dataDir);
  });

  it('asks the LLM for the questions', async () => {
    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: FIVE_SLIDES, options: { only: ['deck'] } } });
    const done = await waitForState(api.url, created.body.id, ['done', 'failed']);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const made = await json(`${api.url}/generate_quiz`, { method: 'POST', body: { project: done.project, every: 2, questions: 1 } });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.source).toBe('llm');
    expect(made.body.checkpoints.map((c: any) => c.questions[0].question)).toEqual(['Which idea does slide 2 introduce?', 'Which idea does slide 4 introduce?']);
    expect(llm.requests.filter((r) => /chat/.test(r.path))).toHaveLength(2);
    const verdict = await json(`${api.url}/submit_quiz_answer`, { method: 'POST', body: { job_id: done.id, checkpoint: 1, answer: 'Sediment' } });
    expect(verdict.body).toMatchObject({ correct: true, explanation: 'Slide 4 says so.' });
  });
});
