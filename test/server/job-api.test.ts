import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeckJson } from '../support/read-deck-json.js';
import { createServer } from '../../src/server/create-server.js';
import { startLlmServer, type LlmServer } from '../servers/llm-server.js';
import { json, rawGet, readEvents, removeDir, startTestServer, TWO_SLIDE_NOTES, waitForState, type TestServer } from './helpers.js';

const QUICK = { only: ['deck', 'frames', 'pptx'] };

describe('job API over HTTP', () => {
  let api: TestServer;
  let jobId: string;

  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(async () => {
    await api?.close();
    await removeDir(api.dataDir);
  });

  it('runs a notes job and streams its events in order, ending with done', async () => {
    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES, options: QUICK } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.headers.get('location')).toBe(`/jobs/${created.body.id}`);
    expect(created.body).toMatchObject({ kind: 'notes', run: 1, links: { events: `/jobs/${created.body.id}/events?run=1` } });
    jobId = created.body.id;

    const events = await readEvents(`${api.url}/jobs/${jobId}/events`);
    const seqs = events.map((e) => e.id!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events[0]).toMatchObject({ event: 'state', data: { state: 'queued' } });
    const types = events.filter((e) => e.event === 'progress').map((e) => e.data.type);
    expect(types[0]).toBe('run-started');
    expect(types.at(-1)).toBe('run-finished');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { id: jobId, state: 'done' } });
    // Every task that started also finished, and per-slide frame tasks exist for both slides.
    const frames = events.filter((e) => e.data.type === 'task-finished' && e.data.task.stage === 'frames').map((e) => e.data.task.slide);
    expect(frames.sort()).toEqual([1, 2]);

    // A reconnecting client (Last-Event-ID) gets only what it missed, then the final event.
    const resumed = await readEvents(`${api.url}/jobs/${jobId}/events`, 10_000, { 'last-event-id': String(seqs.at(-3)) });
    expect(resumed.map((e) => e.id)).toEqual(seqs.slice(-2));

    const job = await json(`${api.url}/jobs/${jobId}`);
    expect(job.body.result).toMatchObject({ slideCount: 2, files: { deck: 'deck.json', pptx: 'deck.pptx' }, frames: ['frames/slide-001.png', 'frames/slide-002.png'] });
    const frame = await fetch(`${api.url}${job.body.links.files.deck.replace('deck.json', 'frames/slide-002.png')}`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/png');
    const list = await json(`${api.url}/jobs`);
    expect(list.body.jobs.map((j: { id: string }) => j.id)).toContain(jobId);
  });

  it('refuses file names that leave the job folder', async () => {
    const attempts = [
      `/jobs/${jobId}/files/../job.json`,
      `/jobs/${jobId}/files/%2e%2e/job.json`,
      `/jobs/${jobId}/files/%2E%2E%2Fjob.json`,
      `/jobs/${jobId}/files/frames/..%2f..%2fjob.json`,
      `/jobs/${jobId}/files/..%5cjob.json`,
      `/jobs/${jobId}/files/%2fetc%2fpasswd`,
      `/jobs/${jobId}/files/.work`,
    ];
    for (const attempt of attempts) {
      const { status, body } = await rawGet(api.url, attempt);
      expect(status, `${attempt} → ${status} ${body}`).toBe(400);
      expect(body).not.toContain('"state"');
      expect(body).not.toContain('root:');
    }
    expect((await rawGet(api.url, `/jobs/${jobId}/files/%2e%2e/job.json`)).status).toBe(400);
    expect((await rawGet(api.url, `/get_video?project=..%2F..%2Fetc`)).status).toBe(400);
    // A deck naming a local file outside the job as its image is refused before anything is copied.
    const sneaky = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: { version: 2, slides: [{ title: 'x', blocks: [{ type: 'paragraph', text: 'p' }, { type: 'image', src: '/etc/passwd' }] }] } } });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.field).toBe('slides[0].blocks[1].src');
    // Pictures inside columns are checked too.
    const columns = { type: 'columns', columns: [[{ type: 'paragraph', text: 'left' }], [{ type: 'image', src: '../../job.json' }]] };
    const inColumns = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: { version: 2, slides: [{ title: 'x' }, { title: 'y', blocks: [columns] }] } } });
    expect(inColumns.status).toBe(400);
    expect(inColumns.body.error.field).toBe('slides[1].blocks[0].columns[1][0].src');
    // So is the picture of a version 1 deck, named where it ends up once migrated.
    const sneakyV1 = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: { version: 1, slides: [{ title: 'x', image: { src: '/etc/passwd' } }] } } });
    expect(sneakyV1.status).toBe(400);
    expect(sneakyV1.body.error.field).toBe('slides[0].blocks[0].src');
  });

  it('answers 400 naming the field, 404 for unknown jobs, 413 for a 10 MB body', async () => {
    const wrongType = await json(`${api.url}/jobs`, { method: 'POST', body: { topic: 5 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatchObject({ code: 'bad-request', field: 'topic' });
    const badOption = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES, options: { theme: 'purple' } } });
    expect(badOption.status).toBe(400);
    expect(badOption.body.error.field).toBe('options.theme');
    const unknownField = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES, options: { ffmpeg: '/bin/sh' } } });
    expect(unknownField.status).toBe(400);
    const both = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES, topic: 'x' } });
    expect(both.status).toBe(400);
    const badDeck = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: { version: 1, slides: [{ title: 3 }] } } });
    expect(badDeck.status).toBe(400);
    expect(badDeck.body.error).toMatchObject({ code: 'bad-deck', field: 'slides[0].title' });
    const badJson = await fetch(`${api.url}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"notes": ' });
    expect(badJson.status).toBe(400);
    const generate = await json(`${api.url}/generate_presentation`, { method: 'POST', body: { project: '../up', topic: 'x' } });
    expect(generate.status).toBe(400);
    expect(generate.body.error.field).toBe('project');

    expect((await json(`${api.url}/jobs/nope`)).status).toBe(404);
    expect((await json(`${api.url}/jobs/nope/events`)).status).toBe(404);
    expect((await json(`${api.url}/jobs/nope`, { method: 'DELETE' })).status).toBe(404);
    expect((await json(`${api.url}/get_video?project=nobody`)).status).toBe(404);

    const big = await fetch(`${api.url}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'x'.repeat(10 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
  });

  it('re-renders an edited deck as run 2', async () => {
    const deck = await json(`${api.url}/jobs/${jobId}/files/deck.json`);
    deck.body.slides[1].narration = 'New narration for the second slide.';
    const put = await json(`${api.url}/jobs/${jobId}/deck`, { method: 'PUT', body: deck.body });
    expect(put.status, JSON.stringify(put.body)).toBe(202);
    expect(put.body.run).toBe(2);
    const again = await json(`${api.url}/jobs/${jobId}/deck`, { method: 'PUT', body: deck.body });
    expect(again.status).toBe(409);
    const events = await readEvents(`${api.url}/jobs/${jobId}/events?run=2`);
    expect(events.at(-1)!.event).toBe('done');
    expect(events.every((e) => e.id! > 0)).toBe(true);
    // Only the narration changed, so both frames come from the render cache.
    const frames = events.filter((e) => e.event === 'progress' && e.data.type === 'task-finished' && e.data.task.stage === 'frames');
    expect(frames.map((e) => [e.data.task.slide, e.data.cached]).sort()).toEqual([[1, true], [2, true]]);
    const saved = readDeckJson(path.join(api.dataDir, 'jobs', jobId, 'out', 'deck.json'));
    expect(saved.slides[1].narration).toBe('New narration for the second slide.');
    const bad = await json(`${api.url}/jobs/${jobId}/deck`, { method: 'PUT', body: { ...deck.body, slides: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('slides');
  });

  it('still lists its jobs after a restart', async () => {
    await api.close();
    api = await startTestServer({ dataDir: api.dataDir });
    const list = await json(`${api.url}/jobs`);
    expect(list.body.jobs).toContainEqual(expect.objectContaining({ id: jobId, state: 'done', run: 2 }));
    const events = await readEvents(`${api.url}/jobs/${jobId}/events?run=1`);
    expect(events.at(-1)!.event).toBe('done');
    expect((await fetch(`${api.url}/jobs/${jobId}/files/deck.pptx`)).status).toBe(200);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const { body } = await json(`${api.url}/openapi.json`);
    expect(body.openapi).toMatch(/^3\./);
    for (const p of ['/jobs', '/jobs/{id}', '/jobs/{id}/events', '/jobs/{id}/files/{name}', '/jobs/{id}/deck', '/generate_presentation', '/list_projects', '/health']) expect(Object.keys(body.paths)).toContain(p);
    expect(body.paths['/jobs'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('notes');
    const docs = await fetch(`${api.url}/docs`);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(await docs.text()).toContain('/generate_presentation');
    expect((await json(`${api.url}/health`)).body).toMatchObject({ status: 'ok', jobs: { running: 0 } });
    expect((await json(`${api.url}/healthz`)).body).toEqual({ status: 'ok' });
  });
});

describe('queue, cancel and restart of running jobs', () => {
  let llm: LlmServer;
  let api: TestServer;

  beforeAll(async () => {
    llm = await startLlmServer({ hang: true });
    api = await startTestServer({ maxRunning: 1, maxQueued: 1, defaults: { llm: 'ollama', llmUrl: llm.url, model: 'llama3.1' } });
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
    await removeDir(api.dataDir);
  });

  it('answers 429 with Retry-After when the queue is full, and cancel stops jobs', async () => {
    const first = await json(`${api.url}/jobs`, { method: 'POST', body: { topic: 'Hanging topic' } });
    const second = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES, options: QUICK } });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body).toMatchObject({ state: 'queued', queuePosition: 1 });
    const third = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES } });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(third.body.error.code).toBe('queue-full');

    await waitForState(api.url, first.body.id, ['running']);
    const eventsDone = readEvents(`${api.url}/jobs/${first.body.id}/events`);
    const cancelled = await json(`${api.url}/jobs/${first.body.id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', error: { code: 'aborted' } });
    const events = await eventsDone;
    expect(events.at(-1)).toMatchObject({ event: 'failed', data: { state: 'cancelled' } });
    expect((await json(`${api.url}/jobs/${first.body.id}`, { method: 'DELETE' })).status).toBe(409);

    // The queued job starts once the slot is free and finishes normally.
    const second2 = await waitForState(api.url, second.body.id, ['done', 'failed']);
    expect(second2.state).toBe('done');
    await expect(access(path.join(api.dataDir, 'jobs', first.body.id, 'out', 'lecture.mp4'))).rejects.toThrow();

    const purge = await fetch(`${api.url}/jobs/${first.body.id}?purge=true`, { method: 'DELETE' });
    expect(purge.status).toBe(204);
    expect((await json(`${api.url}/jobs/${first.body.id}`)).status).toBe(404);
  });

  it('marks a job that was running when the server stopped as interrupted', async () => {
    const job = await json(`${api.url}/jobs`, { method: 'POST', body: { topic: 'Another hanging topic' } });
    await waitForState(api.url, job.body.id, ['running']);
    await api.close();
    api = await startTestServer({ dataDir: api.dataDir, defaults: { llm: 'ollama', llmUrl: llm.url } });
    const after = await json(`${api.url}/jobs/${job.body.id}`);
    expect(after.body).toMatchObject({ state: 'failed', error: { code: 'interrupted' } });
  });
});

describe('load', () => {
  it('takes 20 concurrent submissions: each is queued or refused with 429, and none is lost', async () => {
    const api = await startTestServer({ maxRunning: 2, maxQueued: 6 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES, options: { only: ['deck'] } } })),
      );
      const accepted = answers.filter((a) => a.status === 202);
      const refused = answers.filter((a) => a.status === 429);
      expect(accepted.length + refused.length).toBe(20);
      // 2 running + 6 queued at the peak; jobs finishing meanwhile may free a few more places.
      expect(accepted.length).toBeGreaterThanOrEqual(8);
      expect(refused.length).toBeGreaterThan(0);
      for (const answer of refused) expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      for (const answer of accepted) expect((await waitForState(api.url, answer.body.id, ['done', 'failed'])).state).toBe('done');
      const list = await json(`${api.url}/jobs`);
      expect(list.body.jobs).toHaveLength(accepted.length);
    } finally {
      await api.close();
      await removeDir(api.dataDir);
    }
  });
});

describe('safety of the listening address', () => {
  it('refuses a non-loopback host without a token', async () => {
    await expect(createServer({ host: '0.0.0.0', port: 0, dataDir: '/tmp/lectra-never' })).rejects.toMatchObject({ code: 'bad-option', field: '--token' });
  });

  it('requires the bearer token on every route but health, and refuses foreign Host headers', async () => {
    const api = await startTestServer({ token: 's3cret' });
    try {
      expect((await fetch(`${api.url}/jobs`)).status).toBe(401);
      expect((await fetch(`${api.url}/jobs`, { headers: { authorization: 'Bearer wrong!' } })).status).toBe(401);
      expect((await fetch(`${api.url}/jobs`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
      expect((await fetch(`${api.url}/jobs?token=s3cret`)).status).toBe(200);
      expect((await fetch(`${api.url}/list_projects`)).status).toBe(401);
      expect((await fetch(`${api.url}/health`)).status).toBe(200);
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      expect((await rawGet(api.url, '/health', { host: 'evil.example:8765' })).status).toBe(403);
    } finally {
      await api.close();
      await removeDir(api.dataDir);
    }
  });
});
