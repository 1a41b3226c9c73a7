import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateJson } from '../../src/llm/json-output.js';
import { outlineAnswerSchema } from '../../src/llm/prompts/outline.js';
import { startLlmServer } from '../servers/llm-server.js';
import { defaultLlmResponder } from '../servers/llm-responder.js';
import { catchError, chatRequests, freePort, makeProvider, systemPrompt, userPrompt, useLlmServers, type Api } from './helpers.js';

const serve = useLlmServers();

const OUTLINE_PROMPT = 'Topic: Tides\nNumber of slides: 3';

for (const api of ['ollama', 'openai'] as const satisfies readonly Api[]) {
  describe(`${api}: faults`, () => {
    it('recovers when the first two calls answer 500', async () => {
      const server = await serve({ failFirst: 2 });
      const provider = await makeProvider(api, server.url);
      const result = await provider.generate({ prompt: 'Say hello' });
      expect(result.text).toContain('Hello');
      expect(chatRequests(server).map((r) => r.status)).toEqual([500, 500, 200]);
    });

    it('gives up after maxRetries with the server message', async () => {
      const server = await serve({ failFirst: 5 });
      const provider = await makeProvider(api, server.url, { maxRetries: 1 });
      const error = await catchError(provider.generate({ prompt: 'Say hello' }));
      expect(error.code).toBe('llm-failed');
      expect(error.message).toMatch(/HTTP 500.*gave up after 2 attempts/);
      expect(chatRequests(server)).toHaveLength(2);
    });

    for (const stream of [true, false]) {
      it(`retries a ${stream ? 'stream' : 'response'} cut halfway and recovers`, async () => {
        const server = await serve({ truncateStreamOnce: true, latencyMsPerToken: 0 });
        const provider = await makeProvider(api, server.url, { stream });
        const value = await generateJson(provider, { prompt: OUTLINE_PROMPT, zodSchema: outlineAnswerSchema(3) });
        expect(value.slides).toHaveLength(3);
        expect(chatRequests(server)).toHaveLength(2);
      });
    }

    it('repairs fenced JSON with trailing commas without asking again', async () => {
      const server = await serve({ fenced: true, trailingCommas: true });
      const provider = await makeProvider(api, server.url);
      const raw = await provider.generate({ prompt: OUTLINE_PROMPT });
      expect(raw.text).toContain('```json');
      expect(raw.text).toMatch(/,\s*\]/);
      const value = await generateJson(provider, { prompt: OUTLINE_PROMPT, zodSchema: outlineAnswerSchema(3) });
      expect(value.title).toBe('Tides');
      expect(chatRequests(server)).toHaveLength(2);
    });

    it("reports a hanging server as 'llm-failed' naming the timeout", async () => {
      const server = await serve({ hang: true });
      const provider = await makeProvider(api, server.url, { timeoutMs: 500 });
      // The server never answers: only the timeout can end this.
      const error = await catchError(provider.generate({ prompt: 'Say hello' }));
      expect(error.code).toBe('llm-failed');
      expect(error.message).toContain('timeout (500 ms)');
      expect(error.message).toContain('--llm-timeout');
    });

    it("surfaces a caller abort during backoff as 'aborted', without retrying", async () => {
      const server = await serve({ failFirst: 5 });
      // A retry would wait an hour first: only an abort that cuts the backoff short ends this test
      // before its timeout.
      const provider = await makeProvider(api, server.url, { retryDelayMs: 3_600_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await catchError(provider.generate({ prompt: 'Say hello', signal: controller.signal }));
      expect(error.code).toBe('aborted');
      expect(chatRequests(server)).toHaveLength(1);
    });

    it('asks again once, telling the model what was wrong, when the answer has the wrong shape', async () => {
      const server = await serve({
        responder: (request) => (request.callNumber === 1 ? { title: 'Tides', slides: [] } : defaultLlmResponder(request)),
      });
      const provider = await makeProvider(api, server.url);
      const value = await generateJson(provider, { prompt: OUTLINE_PROMPT, zodSchema: outlineAnswerSchema(3) });
      expect(value.slides).toHaveLength(3);
      const calls = chatRequests(server);
      expect(calls).toHaveLength(2);
      const followUp = userPrompt(calls[1]!.body);
      expect(followUp).toContain(OUTLINE_PROMPT);
      expect(followUp).toContain('Your previous answer was rejected');
      expect(followUp).toMatch(/- slides: Too small: expected array to have exactly 3 items/);
    });

    it("throws 'llm-bad-output' listing the problems when the retry is wrong too", async () => {
      const server = await serve({ responder: () => ({ title: 'Tides', slides: [] }) });
      const provider = await makeProvider(api, server.url);
      const error = await catchError(generateJson(provider, { prompt: OUTLINE_PROMPT, zodSchema: outlineAnswerSchema(3) }));
      expect(error.code).toBe('llm-bad-output');
      expect(error.details.join('\n')).toContain('slides');
      expect(chatRequests(server)).toHaveLength(2);
    });

    it("says 'llm-model-missing' for a model the server does not have", async () => {
      const server = await serve({ models: ['other-model'] });
      const provider = await makeProvider(api, server.url, { model: 'nosuch' });
      const error = await catchError(provider.generate({ prompt: 'Say hello' }));
      expect(error.code).toBe('llm-model-missing');
      if (api === 'ollama') expect(error.message).toBe('model nosuch is not pulled — run `ollama pull nosuch`');
      const check = await provider.check();
      expect(check.ok).toBe(false);
      expect(check.detail).toContain('other-model');
    });

    it('retries a refused connection once the server had answered (restart)', async () => {
      const first = await startLlmServer({});
      const port = Number(new URL(first.url).port);
      const provider = await makeProvider(api, first.url, { retryDelayMs: 150 });
      await provider.generate({ prompt: 'Say hello' });
      await first.close();
      // "Restart" on the same port: a TCP relay there to a fresh stand-in, up after the first refusal.
      const second = await serve({});
      const sockets = new Set<net.Socket>();
      const relay = net.createServer((socket) => {
        sockets.add(socket);
        const upstream = net.connect(Number(new URL(second.url).port), '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      });
      const relayUp = new Promise<void>((resolve) => setTimeout(() => relay.listen(port, '127.0.0.1', resolve), 50));
      try {
        const result = await provider.generate({ prompt: 'Say hello again' });
        expect(result.text).toContain('Hello');
        expect(chatRequests(second)).toHaveLength(1);
      } finally {
        await relayUp;
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => relay.close(resolve));
      }
    });
  });
}

describe('connection and auth messages', () => {
  it("says how to start Ollama when nothing listens ('llm-unreachable')", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const provider = await makeProvider('ollama', url);
    const error = await catchError(provider.generate({ prompt: 'Say hello' }));
    expect(error.code).toBe('llm-unreachable');
    expect(error.message).toBe(`Ollama did not answer at ${url} — is \`ollama serve\` running? (or pass --llm-url)`);
    const check = await provider.check();
    expect(check).toEqual({ ok: false, detail: error.message });
  });

  it("says 'llm-unreachable' for an OpenAI-compatible URL with nothing behind it", async () => {
    const port = await freePort();
    const provider = await makeProvider('openai', `http://127.0.0.1:${port}`);
    const error = await catchError(provider.generate({ prompt: 'Say hello' }));
    expect(error.code).toBe('llm-unreachable');
    expect(error.message).toContain('--llm-url');
  });

  it("names OPENAI_API_KEY on 401 ('llm-auth')", async () => {
    const server = await serve({ status401: true });
    const provider = await makeProvider('openai', server.url);
    const error = await catchError(provider.generate({ prompt: 'Say hello' }));
    expect(error.code).toBe('llm-auth');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(error.message).toContain('Incorrect API key provided');
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('honours Retry-After on 429', async () => {
    const server = await serve({ rateLimitFirst: 1, retryAfterSeconds: 1 });
    const provider = await makeProvider('ollama', server.url);
    const started = Date.now();
    await provider.generate({ prompt: 'Say hello' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(chatRequests(server).map((r) => r.status)).toEqual([429, 200]);
  });
});

describe('openai: response_format fallback', () => {
  const schema = outlineAnswerSchema(3);

  it('falls back to json_object when json_schema is rejected, and remembers it', async () => {
    const server = await serve({ rejectFormats: ['json_schema'] });
    const provider = await makeProvider('openai', server.url);
    await generateJson(provider, { prompt: OUTLINE_PROMPT, zodSchema: schema });
    await generateJson(provider, { prompt: OUTLINE_PROMPT, zodSchema: schema });
    const formats = chatRequests(server).map((r) => (r.body as any).response_format?.type);
    expect(formats).toEqual(['json_schema', 'json_object', 'json_object']);
    expect(systemPrompt(chatRequests(server)[1]!.body)).toContain('JSON Schema');
  });

  it('falls back to plain prompting when json_object is rejected too', async () => {
    const server = await serve({ rejectFormats: ['json_schema', 'json_object'] });
    const provider = await makeProvider('openai', server.url);
    const value = await generateJson(provider, { prompt: OUTLINE_PROMPT, zodSchema: schema });
    expect(value.slides).toHaveLength(3);
    const formats = chatRequests(server).map((r) => (r.body as any).response_format?.type);
    expect(formats).toEqual(['json_schema', 'json_object', undefined]);
  });

  it('sends strict json_schema when the schema allows it', async () => {
    const server = await serve({});
    const provider = await makeProvider('openai', server.url);
    await generateJson(provider, { prompt: 'x', zodSchema: z.object({ a: z.string().min(1), maxLength: z.array(z.number()) }) });
    const format = (chatRequests(server)[0]!.body as any).response_format;
    expect(format).toMatchObject({ type: 'json_schema', json_schema: { name: 'answer', strict: true } });
    expect(format.json_schema.schema.$schema).toBeUndefined();
    expect(format.json_schema.schema.properties.a).toEqual({ type: 'string' });
    expect(format.json_schema.schema.properties.maxLength).toBeDefined();
  });
});
