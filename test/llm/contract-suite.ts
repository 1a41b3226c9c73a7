import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LlmProvider } from '../../src/llm/contract.js';
import { generateJson, parseJsonOutput } from '../../src/llm/json-output.js';
import { toModelJsonSchema } from '../../src/llm/model-json-schema.js';
import { startLlmServer, type LlmServer } from '../servers/llm-server.js';
import { defaultLlmResponder } from '../servers/llm-responder.js';

// ~8 s at 1 ms a token: long enough that only an abort ends it early, even on a loaded machine.
const LONG_ANSWER = 'word '.repeat(8000);

/**
 * The contract every network LLM provider passes, run against the local stand-in server.
 * `makeProvider` gets the server's root URL and returns a provider pointed at it.
 */
export function runLlmContractSuite(name: string, makeProvider: (serverUrl: string) => Promise<LlmProvider>): void {
  describe(`LLM provider contract: ${name}`, () => {
    let server: LlmServer;
    let provider: LlmProvider;

    beforeAll(async () => {
      server = await startLlmServer({
        latencyMsPerToken: 1,
        // "LONG" prompts get a slow answer, so abort has something to interrupt.
        responder: (request) => (request.prompt.includes('LONG') ? LONG_ANSWER : defaultLlmResponder(request)),
      });
      provider = await makeProvider(server.url);
    });

    afterAll(async () => {
      await provider?.close();
      await server?.close();
    });

    it('generates plain text', async () => {
      const result = await provider.generate({ system: 'Be brief.', prompt: 'Say hello' });
      expect(result.text).toContain('Hello from the LECTRA test server');
      expect(result.text).toContain('Say hello');
    });

    it('returns schema output that parses', async () => {
      const schema = z.object({ name: z.string(), count: z.number(), tags: z.array(z.string()) });
      const result = await provider.generate({ prompt: 'Describe a thing.', schema: toModelJsonSchema(schema) });
      const parsed = parseJsonOutput(result.text, schema);
      expect(parsed.ok).toBe(true);
    });

    it('produces a validated outline through generateJson', async () => {
      const schema = z.object({ title: z.string(), slides: z.array(z.object({ title: z.string() })).length(4) });
      const value = await generateJson(provider, { prompt: 'Topic: Volcanoes\nNumber of slides: 4', zodSchema: schema });
      expect(value.title).toBe('Volcanoes');
      expect(value.slides).toHaveLength(4);
    });

    it('passes the answer to onToken', async () => {
      const tokens: string[] = [];
      const result = await provider.generate({ prompt: 'Say hello', onToken: (t) => tokens.push(t) });
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.join('')).toBe(result.text);
    });

    it("stops with 'aborted' when the caller aborts", async () => {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 50);
      const error = await provider.generate({ prompt: 'LONG answer please', signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'LectraError', code: 'aborted' });
      expect(Date.now() - started).toBeLessThan(4000);
    });

    it("rejects an already aborted signal with 'aborted' without calling the server", async () => {
      const before = server.requests.length;
      const error = await provider.generate({ prompt: 'x', signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'aborted' });
      expect(server.requests.length).toBe(before);
    });

    it('check() reports the server and model as ok', async () => {
      const check = await provider.check();
      expect(check.ok).toBe(true);
      expect(check.detail).toMatch(/available/);
    });
  });
}
