import { createServer } from 'node:http';
import { listenOnLoopback } from '../../src/testing/http-helpers.js';
import type { LlmProvider, LlmProviderSettings } from '../../src/llm/contract.js';
import { ollamaProvider } from '../../src/llm/providers/ollama.js';
import { openaiProvider } from '../../src/llm/providers/openai.js';
import { afterEach } from 'vitest';
import { startLlmServer, type LlmServer, type LlmServerOptions } from '../servers/llm-server.js';

export type Api = 'ollama' | 'openai';

/** A provider of either kind pointed at the stand-in server, with short retry delays. */
export function makeProvider(api: Api, url: string, settings: LlmProviderSettings = {}): Promise<LlmProvider> {
  const common = { retryDelayMs: 10, ...settings };
  return api === 'ollama'
    ? ollamaProvider.setup({ url, model: 'llama3.1', ...common })
    : openaiProvider.setup({ url: `${url}/v1`, model: 'gpt-4o-mini', apiKey: 'test-key', ...common });
}

/** A `serve(options)` for a test file: each test's stand-in servers are closed after it. */
export function useLlmServers(): (options?: LlmServerOptions) => Promise<LlmServer> {
  const servers: LlmServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options = {}) => {
    const server = await startLlmServer(options);
    servers.push(server);
    return server;
  };
}

export function chatRequests(server: LlmServer) {
  return server.requests.filter((r) => r.path === '/api/chat' || r.path === '/v1/chat/completions');
}

/** The user prompt of a recorded chat request (both wire formats use `messages`). */
export function userPrompt(body: unknown): string {
  const messages = (body as { messages: Array<{ role: string; content: string }> }).messages;
  return messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
}

export function systemPrompt(body: unknown): string {
  const messages = (body as { messages: Array<{ role: string; content: string }> }).messages;
  return messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export { rejection as catchError } from '../support/rejection.js';
