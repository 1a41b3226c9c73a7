import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/create-server.js';
import { json, rawGet, removeDir, startTestServer, TWO_SLIDE_NOTES, type TestServer } from './helpers.js';

const DECK_ONLY = { only: ['deck'] };

function uploadForm(): FormData {
  const form = new FormData();
  form.append('collection', 'cross');
  form.append('file', new Blob(['# Puffins\n\nPuffins nest on cliffs.\n']), 'puffins.md');
  return form;
}

describe('requests from other sites', () => {
  let api: TestServer;
  let port: string;

  beforeAll(async () => {
    api = await startTestServer({ allowOrigins: ['tauri://localhost', 'http://localhost:1420/'] });
    port = new URL(api.url).port;
  });
  afterAll(async () => {
    await api?.close();
    if (api) await removeDir(api.dataDir);
  });

  it('refuses a foreign Origin with 403 on POST /jobs and on a multipart upload, creating nothing', async () => {
    const job = await json(`${api.url}/jobs`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: { notes: TWO_SLIDE_NOTES, options: DECK_ONLY } });
    expect(job.status).toBe(403);
    expect(job.body.error.code).toBe('forbidden-origin');
    expect(job.body.error.message).toBe(
      'Requests from https://evil.example are refused: this server only answers its own pages and non-browser clients. To let another front end call it, start it with `lectra serve --allow-origin https://evil.example`.',
    );
    const upload = await fetch(`${api.url}/upload_document`, { method: 'POST', headers: { origin: 'http://evil.example:8765' }, body: uploadForm() });
    expect(upload.status).toBe(403);
    expect(((await upload.json()) as any).error.code).toBe('forbidden-origin');
    // Another port on the same machine is another origin too (any local dev server, any local app).
    const otherPort = await json(`${api.url}/jobs`, { method: 'POST', headers: { origin: 'http://127.0.0.1:3000' }, body: { notes: TWO_SLIDE_NOTES } });
    expect(otherPort.status).toBe(403);
    const sandboxed = await json(`${api.url}/jobs`, { method: 'POST', headers: { origin: 'null' }, body: { notes: TWO_SLIDE_NOTES } });
    expect(sandboxed.status).toBe(403);
    expect(job.headers.get('access-control-allow-origin')).toBeNull();
    expect((await json(`${api.url}/jobs`)).body.jobs).toEqual([]);
    expect(await readdir(path.join(api.dataDir, 'collections')).catch(() => [])).not.toContain('cross');
  });

  it('refuses Sec-Fetch-Site: cross-site without an Origin (an <img> or <video> tag), but lets a link open the UI', async () => {
    // Raw requests: fetch() sets Sec-Fetch-Mode itself.
    const img = await rawGet(api.url, '/list_projects', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' });
    expect(img.status).toBe(403);
    expect(JSON.parse(img.body).error.message).toContain('Sec-Fetch-Site: cross-site');
    const post = await json(`${api.url}/jobs`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, body: { notes: TWO_SLIDE_NOTES } });
    expect(post.status).toBe(403);
    const link = await rawGet(api.url, '/health', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' });
    expect(link.status).toBe(200);
  });

  it('answers same-origin pages (any loopback alias) and clients that send no Origin', async () => {
    const plain = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: TWO_SLIDE_NOTES, options: DECK_ONLY } });
    expect(plain.status, JSON.stringify(plain.body)).toBe(202);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const own = await json(`${api.url}/jobs`, { method: 'POST', headers: { origin, 'sec-fetch-site': 'same-origin' }, body: { notes: TWO_SLIDE_NOTES, options: DECK_ONLY } });
      expect(own.status, `${origin}: ${JSON.stringify(own.body)}`).toBe(202);
    }
    const upload = await fetch(`${api.url}/upload_document`, { method: 'POST', headers: { origin: `http://127.0.0.1:${port}` }, body: uploadForm() });
    expect(upload.status).toBe(200);
  });

  it('lets an allowed origin call the API, with CORS answers and preflights', async () => {
    const preflight = await fetch(`${api.url}/jobs`, {
      method: 'OPTIONS',
      headers: { origin: 'tauri://localhost', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('tauri://localhost');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type, last-event-id');
    // A preflight for a route with a parameter, too.
    const putPreflight = await fetch(`${api.url}/jobs/abc/deck`, { method: 'OPTIONS', headers: { origin: 'http://localhost:1420', 'access-control-request-method': 'PUT' } });
    expect(putPreflight.status).toBe(204);

    const created = await json(`${api.url}/jobs`, { method: 'POST', headers: { origin: 'tauri://localhost', 'sec-fetch-site': 'cross-site' }, body: { notes: TWO_SLIDE_NOTES, options: DECK_ONLY } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.headers.get('access-control-allow-origin')).toBe('tauri://localhost');
    expect(created.headers.get('vary')).toContain('Origin');
    expect(created.headers.get('access-control-expose-headers')).toContain('location');
    // Errors carry the CORS headers too, so the front end can read the message.
    const missing = await json(`${api.url}/jobs/nope`, { headers: { origin: 'http://localhost:1420' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('http://localhost:1420');
    const upload = await fetch(`${api.url}/upload_document`, { method: 'POST', headers: { origin: 'http://localhost:1420' }, body: uploadForm() });
    expect(upload.status).toBe(200);
    // A preflight from an origin that is not allowed gets no CORS headers.
    const foreign = await fetch(`${api.url}/jobs`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an allowed origin that is not an origin', async () => {
    await expect(createServer({ port: 0, dataDir: api.dataDir, allowOrigins: ['http://localhost:1420/app'] })).rejects.toMatchObject({ code: 'bad-option', field: '--allow-origin' });
  });
});
