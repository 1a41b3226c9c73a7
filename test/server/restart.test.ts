import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../src/testing/http-helpers.js';
import { assertBuilt, startServeChild } from '../e2e/helpers.js';
import { json, removeDir, startTestServer, waitForState, type TestServer } from './helpers.js';

/**
 * A speech server (OpenAI's /v1/audio/speech) that never answers: a job using it stays running
 * in its speech stage for as long as the test wants, with its frames already drawn.
 */
async function startHangingSpeech(): Promise<{ url: string; speechCalls: () => number; close(): Promise<void> }> {
  const pending: ServerResponse[] = [];
  let calls = 0;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'POST' && request.url?.endsWith('/audio/speech')) {
      calls++;
      pending.push(response);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    speechCalls: () => calls,
    close: async () => {
      for (const response of pending) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function redPng(): string {
  const image = new PNG({ width: 64, height: 48 });
  for (let i = 0; i < 64 * 48; i++) image.data.set([220, 20, 20, 255], i * 4);
  return `data:image/png;base64,${PNG.sync.write(image).toString('base64')}`;
}

const DECK = {
  version: 1,
  title: 'Resumed lecture',
  slides: [
    { title: 'Resumed lecture', narration: 'A lecture that survives a restart.' },
    { title: 'A picture', image: { src: redPng() }, narration: 'A red picture.' },
  ],
};

describe('jobs across a server restart', () => {
  let speech: Awaited<ReturnType<typeof startHangingSpeech>>;
  let api: TestServer | undefined;

  beforeAll(async () => {
    speech = await startHangingSpeech();
  });
  afterAll(async () => {
    await api?.close();
    await speech?.close();
    if (api) await removeDir(api.dataDir);
  });

  it('keeps the deck of a job interrupted mid-render, and PUT /jobs/:id/deck resumes it to done', async () => {
    api = await startTestServer({ defaults: { tts: 'openai', ttsUrl: speech.url } });
    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: DECK, options: { only: ['deck', 'frames', 'audio'] } } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const id = created.body.id;
    await until(() => speech.speechCalls() > 0, 'the job to reach its speech stage');
    expect((await json(`${api.url}/jobs/${id}`)).body.state).toBe('running');
    await api.close();

    // The next server speaks with the offline default.
    api = await startTestServer({ dataDir: api.dataDir });
    const interrupted = (await json(`${api.url}/jobs/${id}`)).body;
    expect(interrupted).toMatchObject({ state: 'failed', run: 1, error: { code: 'interrupted' } });
    expect(interrupted.error.message).toContain('PUT its deck');
    const kept = await json(`${api.url}/jobs/${id}/files/deck.json`);
    expect(kept.status).toBe(200);
    expect(kept.body.slides.map((s: any) => s.title)).toEqual(['Resumed lecture', 'A picture']);
    // The v1 deck's picture is an image block of the kept (version 2) deck, stored in the job.
    expect(kept.body.version).toBe(2);
    expect(kept.body.slides[1].blocks).toEqual([expect.objectContaining({ type: 'image', src: expect.stringMatching(/^images\/[0-9a-f]{16}\.png$/) })]);

    const put = await json(`${api.url}/jobs/${id}/deck`, { method: 'PUT', body: kept.body });
    expect(put.status, JSON.stringify(put.body)).toBe(202);
    const done = await waitForState(api.url, id, ['done', 'failed'], 120_000);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(done).toMatchObject({ run: 2, result: { slideCount: 2 } });
    expect(done.result.files.audio).toBeDefined();
    expect((await fetch(`${api.url}/jobs/${id}/files/${done.result.files.audio}`)).status).toBe(200);
  });

  it('keeps the deck of a job whose server was killed (SIGKILL) mid-render', async () => {
    assertBuilt();
    const dataDir = api!.dataDir;
    await api!.close();
    api = undefined;
    const { child, url } = await startServeChild(['--data-dir', dataDir, '--tts', 'openai', '--tts-url', speech.url, '--cache-dir', path.join(dataDir, 'cache')]);
    const calls = speech.speechCalls();
    const created = await json(`${url}/jobs`, { method: 'POST', body: { deck: DECK, options: { only: ['deck', 'frames', 'audio'] } } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    await until(() => speech.speechCalls() > calls, 'the job to reach its speech stage');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const id = created.body.id;
    expect(JSON.parse(await readFile(path.join(dataDir, 'jobs', id, 'job.json'), 'utf8')).state).toBe('running');

    api = await startTestServer({ dataDir });
    expect((await json(`${api.url}/jobs/${id}`)).body).toMatchObject({ state: 'failed', error: { code: 'interrupted' } });
    const kept = await json(`${api.url}/jobs/${id}/files/deck.json`);
    expect(kept.status).toBe(200);
    const put = await json(`${api.url}/jobs/${id}/deck`, { method: 'PUT', body: kept.body });
    expect(put.status, JSON.stringify(put.body)).toBe(202);
    expect((await waitForState(api.url, id, ['done', 'failed'], 120_000)).state).toBe('done');
  });

  it('sweeps job folders left without job.json at start-up, and keeps the others', async () => {
    const dataDir = api!.dataDir;
    await api!.close();
    const jobs = path.join(dataDir, 'jobs');
    const before = await readdir(jobs);
    // What a kill between writing a job's input and its job.json leaves behind.
    const orphan = path.join(jobs, 'mz0orphan-0badc0de');
    await mkdir(path.join(orphan, 'input'), { recursive: true });
    await writeFile(path.join(orphan, 'input', 'deck.json'), JSON.stringify(DECK));
    // Not a job folder name: not ours to remove.
    await mkdir(path.join(jobs, 'Notes From Someone'), { recursive: true });
    api = await startTestServer({ dataDir });
    expect((await readdir(jobs)).sort()).toEqual([...before, 'Notes From Someone'].sort());
    expect((await json(`${api.url}/jobs`)).body.jobs.map((j: any) => j.id).sort()).toEqual(before.sort());
  });
});
