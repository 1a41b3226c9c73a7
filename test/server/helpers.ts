import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createServer, type LectraServer, type ServerOptions } from '../../src/server/create-server.js';

export interface TestServer {
  server: LectraServer;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A real server on an ephemeral loopback port, with its own data folder. */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'lectra-server-')));
  // Each server gets its own render cache, so tests neither read nor fill the user's.
  const defaults = { cacheDir: path.join(dataDir, 'cache'), ...options.defaults };
  const server = await createServer({ port: 0, ...options, defaults, dataDir });
  const url = await server.listen();
  return { server, url, dataDir, close: () => server.close() };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function json<T = any>(url: string, init: Omit<RequestInit, 'body'> & { body?: unknown } = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const body = init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const response = await fetch(url, { ...init, body, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

export interface SseEvent {
  id?: number;
  event: string;
  data: any;
}

/** Reads a server-sent event stream until the server ends it (or the timeout). */
export async function readEvents(url: string, timeoutMs = 60_000, headers: Record<string, string> = {}): Promise<SseEvent[]> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200) throw new Error(`events answered ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return parseSse(text);
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const match = /^([a-z]+): ?(.*)$/.exec(line);
      if (match) fields[match[1]!] = match[2]!;
    }
    if (fields.data === undefined) continue;
    events.push({ id: fields.id ? Number(fields.id) : undefined, event: fields.event ?? 'message', data: JSON.parse(fields.data) });
  }
  return events;
}

/** A request with the path sent byte for byte (fetch would normalise `..` away). */
export function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export const TWO_SLIDE_NOTES = `---
title: Server test
---

# Server test
## Two slides

<!-- A short deck for the server tests. -->

---

# The second slide

- One point
- Another point

<!-- This is the second slide. -->
`;

export async function waitForState(base: string, id: string, states: string[], timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await json(`${base}/jobs/${id}`);
    if (states.includes(body.state)) return body;
    if (Date.now() > deadline) throw new Error(`job ${id} stayed ${body.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
