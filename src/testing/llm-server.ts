/**
 * A local stand-in for Ollama and OpenAI-compatible servers: a real node:http server on
 * 127.0.0.1 speaking both wire formats (Ollama /api/chat NDJSON, /api/tags, /api/version;
 * OpenAI /v1/chat/completions SSE, /v1/models, `{error:{message,type,code}}` bodies), with
 * knobs for latency, limited parallel slots and the faults LECTRA must survive. Used by the
 * LLM tests and `lectra bench`; it does not depend on vitest.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { defaultLlmResponder, type LlmServerRequestInfo } from './llm-responder.js';
import { listenOnLoopback, readBody, sendJson } from './http-helpers.js';

export type { LlmServerRequestInfo } from './llm-responder.js';

export interface LlmServerOptions {
  /** Delay between streamed chunks (one chunk ≈ one token ≈ 4 characters). Default 0. */
  latencyMsPerToken?: number;
  /** Delay before the first chunk (prompt processing). Default 0. */
  firstTokenMs?: number;
  /** Chat requests served in parallel; the rest wait in a queue. Default unlimited. */
  slots?: number;
  /** The first N chat calls answer HTTP 500. */
  failFirst?: number;
  /** The first N chat calls answer HTTP 429 with `Retry-After: retryAfterSeconds` (default 1). */
  rateLimitFirst?: number;
  retryAfterSeconds?: number;
  /** The first chat call is cut halfway: a stream ends without done/[DONE]; a plain answer loses its connection. */
  truncateStreamOnce?: boolean;
  /** Wrap JSON answers in prose and a ```json fence. */
  fenced?: boolean;
  /** Write JSON answers with trailing commas. */
  trailingCommas?: boolean;
  /** Chat calls never answer (until close()). */
  hang?: boolean;
  /** Every API call answers HTTP 401. */
  status401?: boolean;
  /** OpenAI `response_format` types answered with HTTP 400 (e.g. ['json_schema']). */
  rejectFormats?: string[];
  /** Models the server has. Default ['llama3.1', 'gpt-4o-mini', 'test-model']. */
  models?: string[];
  /** Produces the answer: an object is sent as JSON, a string as is. */
  responder?: (request: LlmServerRequestInfo) => unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** performance.now() when the request arrived, when a slot took it, and when the answer ended. */
  start: number;
  served?: number;
  end?: number;
  status?: number;
}

export interface LlmServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface ServerState {
  options: LlmServerOptions;
  models: string[];
  chatCalls: number;
  truncated: boolean;
  running: number;
  queue: Array<() => void>;
  closed: boolean;
}

const DEFAULT_MODELS = ['llama3.1', 'gpt-4o-mini', 'test-model'];

export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  const state: ServerState = {
    options,
    models: options.models ?? DEFAULT_MODELS,
    chatCalls: 0,
    truncated: false,
    running: 0,
    queue: [],
    closed: false,
  };
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    handle(state, requests, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      state.closed = true;
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(state: ServerState, requests: RecordedRequest[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const path = (req.url ?? '/').split('?')[0]!;
  const record: RecordedRequest = { method: req.method ?? 'GET', path, body: parseJson(raw), start: performance.now() };
  requests.push(record);
  res.on('close', () => {
    record.end = performance.now();
    record.status = res.statusCode;
  });
  const api = path.startsWith('/v1/') ? 'openai' : 'ollama';
  if (state.options.status401 && path !== '/') return sendError(res, api, 401, 'Incorrect API key provided.', 'invalid_api_key');
  const route = `${record.method} ${path}`;
  if (route === 'GET /') return sendText(res, 200, 'Ollama is running');
  if (route === 'GET /api/version') return sendJson(res, 200, { version: '0.9.0' });
  if (route === 'GET /api/tags') return sendJson(res, 200, { models: state.models.map(ollamaModel) });
  if (route === 'GET /v1/models') return sendJson(res, 200, { object: 'list', data: state.models.map(openaiModel) });
  if (route === 'POST /api/chat' || route === 'POST /v1/chat/completions') return chat(state, api, record, res);
  if (api === 'openai') return sendError(res, api, 404, `Unknown endpoint ${route}`, 'not_found');
  return sendText(res, 404, '404 page not found');
}

async function chat(state: ServerState, api: 'ollama' | 'openai', record: RecordedRequest, res: ServerResponse): Promise<void> {
  const callNumber = ++state.chatCalls;
  if (state.options.hang) return; // Never answer; close() drops the connection.
  let gone = false;
  res.on('close', () => (gone = true));
  await acquireSlot(state);
  // A client that hung up while queued gives its slot straight back.
  if (gone) return releaseSlot(state);
  record.served = performance.now();
  res.on('close', () => releaseSlot(state));
  const body = (record.body ?? {}) as Record<string, any>;
  const failure = chatFailure(state, api, body, callNumber);
  if (failure) return failure(res);
  const info = requestInfo(api, body, callNumber);
  const text = answerText(state.options, (state.options.responder ?? defaultLlmResponder)(info));
  const cut = state.options.truncateStreamOnce === true && !state.truncated;
  if (cut) state.truncated = true;
  if (info.stream) return streamAnswer(state, api, info, text, res, cut);
  return wholeAnswer(state, api, info, text, res, cut);
}

/** The configured fault for this call, if any, as a function writing it. */
function chatFailure(
  state: ServerState,
  api: 'ollama' | 'openai',
  body: Record<string, any>,
  callNumber: number,
): ((res: ServerResponse) => void) | undefined {
  const { options } = state;
  if (callNumber <= (options.failFirst ?? 0)) {
    return (res) => sendError(res, api, 500, 'The model runner crashed (test fault).', 'server_error');
  }
  if (callNumber <= (options.failFirst ?? 0) + (options.rateLimitFirst ?? 0)) {
    return (res) => {
      res.setHeader('retry-after', String(options.retryAfterSeconds ?? 1));
      sendError(res, api, 429, 'Rate limit reached (test fault).', 'rate_limit_exceeded');
    };
  }
  const model = String(body.model ?? '');
  if (!hasModel(state.models, model)) {
    return api === 'ollama'
      ? (res) => sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` })
      : (res) => sendError(res, api, 404, `The model \`${model}\` does not exist or you do not have access to it.`, 'model_not_found');
  }
  const format = body.response_format?.type;
  if (api === 'openai' && format && options.rejectFormats?.includes(format)) {
    return (res) => sendError(res, api, 400, `response_format type "${format}" is not supported by this server.`, null, 'response_format');
  }
  return undefined;
}

function requestInfo(api: 'ollama' | 'openai', body: Record<string, any>, callNumber: number): LlmServerRequestInfo {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Array<{ role: string; content: string }>;
  const schema = api === 'ollama' ? body.format : body.response_format?.json_schema?.schema;
  return {
    api,
    model: String(body.model ?? ''),
    system: messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n'),
    prompt: [...messages].reverse().find((m) => m.role === 'user')?.content ?? '',
    messages,
    schema: schema && typeof schema === 'object' ? schema : undefined,
    // Ollama streams unless told not to; OpenAI only when asked.
    stream: api === 'ollama' ? body.stream !== false : body.stream === true,
    callNumber,
  };
}

function answerText(options: LlmServerOptions, answer: unknown): string {
  if (typeof answer === 'string') return answer;
  let json = JSON.stringify(answer, null, 1);
  if (options.trailingCommas) json = json.replace(/([^[{,\s])(\s*[}\]])/g, '$1,$2');
  if (options.fenced) json = `Sure! Here is the JSON you asked for:\n\n\`\`\`json\n${json}\n\`\`\`\n\nLet me know if you need anything else.`;
  return json;
}

async function streamAnswer(
  state: ServerState,
  api: 'ollama' | 'openai',
  info: LlmServerRequestInfo,
  text: string,
  res: ServerResponse,
  cut: boolean,
): Promise<void> {
  const tokens = text.match(/[\s\S]{1,4}/g) ?? [];
  const sent = cut ? tokens.slice(0, Math.ceil(tokens.length / 2)) : tokens;
  const wire = api === 'ollama' ? ollamaStream(info) : openaiStream(info);
  res.writeHead(200, { 'content-type': wire.contentType, 'cache-control': 'no-cache' });
  await delay(state.options.firstTokenMs);
  if (api === 'openai') res.write(wire.start());
  for (const token of sent) {
    if (state.closed || res.destroyed) return;
    res.write(wire.token(token));
    await delay(state.options.latencyMsPerToken);
  }
  // A cut stream ends cleanly but without its final line: only the missing done/[DONE] tells.
  if (!cut) res.write(wire.finish(tokens.length));
  res.end();
}

interface WireStream {
  contentType: string;
  start(): string;
  token(text: string): string;
  finish(completionTokens: number): string;
}

function ollamaStream(info: LlmServerRequestInfo): WireStream {
  const line = (extra: object) =>
    `${JSON.stringify({ model: info.model, created_at: new Date().toISOString(), ...extra })}\n`;
  return {
    contentType: 'application/x-ndjson',
    start: () => '',
    token: (text) => line({ message: { role: 'assistant', content: text }, done: false }),
    finish: (count) => line({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...ollamaCounts(info, count) }),
  };
}

function openaiStream(info: LlmServerRequestInfo): WireStream {
  const id = `chatcmpl-${info.callNumber}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: info.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return {
    contentType: 'text/event-stream',
    start: () => chunk({ role: 'assistant', content: '' }, null),
    token: (text) => chunk({ content: text }, null),
    finish: () => `${chunk({}, 'stop')}data: [DONE]\n\n`,
  };
}

async function wholeAnswer(
  state: ServerState,
  api: 'ollama' | 'openai',
  info: LlmServerRequestInfo,
  text: string,
  res: ServerResponse,
  cut: boolean,
): Promise<void> {
  const tokens = Math.ceil(text.length / 4);
  await delay((state.options.firstTokenMs ?? 0) + tokens * (state.options.latencyMsPerToken ?? 0));
  const body = JSON.stringify(api === 'ollama' ? ollamaWhole(info, text, tokens) : openaiWhole(info, text, tokens));
  if (!cut) return sendJson(res, 200, JSON.parse(body));
  // Half a body, then the connection drops.
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.write(body.slice(0, Math.floor(body.length / 2)));
  setTimeout(() => res.destroy(), 10);
}

function ollamaWhole(info: LlmServerRequestInfo, text: string, tokens: number): object {
  return {
    model: info.model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content: text },
    done: true,
    done_reason: 'stop',
    ...ollamaCounts(info, tokens),
  };
}

function ollamaCounts(info: LlmServerRequestInfo, completionTokens: number): object {
  return { total_duration: 1, load_duration: 1, prompt_eval_count: promptTokens(info), eval_count: completionTokens };
}

function openaiWhole(info: LlmServerRequestInfo, text: string, tokens: number): object {
  const prompt = promptTokens(info);
  return {
    id: `chatcmpl-${info.callNumber}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: info.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: prompt, completion_tokens: tokens, total_tokens: prompt + tokens },
  };
}

function promptTokens(info: LlmServerRequestInfo): number {
  return Math.ceil(info.messages.reduce((sum, m) => sum + String(m.content).length, 0) / 4);
}

function hasModel(models: string[], model: string): boolean {
  return models.some((name) => name === model || `${name}:latest` === model || name === `${model}:latest`);
}

function ollamaModel(name: string): object {
  const full = name.includes(':') ? name : `${name}:latest`;
  return {
    name: full,
    model: full,
    modified_at: '2025-01-01T00:00:00Z',
    size: 4_920_000_000,
    digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    details: { format: 'gguf', family: 'llama', parameter_size: '8.0B', quantization_level: 'Q4_K_M' },
  };
}

function openaiModel(id: string): object {
  return { id, object: 'model', created: 1_700_000_000, owned_by: 'lectra-test' };
}

function acquireSlot(state: ServerState): Promise<void> {
  const limit = state.options.slots ?? Infinity;
  if (state.running < limit) {
    state.running++;
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    state.queue.push(() => {
      state.running++;
      resolve();
    }),
  );
}

function releaseSlot(state: ServerState): void {
  state.running--;
  state.queue.shift()?.();
}

function sendError(
  res: ServerResponse,
  api: 'ollama' | 'openai',
  status: number,
  message: string,
  code: string | null,
  param: string | null = null,
): void {
  if (api === 'ollama') return sendJson(res, status, { error: message });
  const type = status === 401 ? 'invalid_request_error' : status >= 500 ? 'server_error' : status === 429 ? 'requests' : 'invalid_request_error';
  sendJson(res, status, { error: { message, type, param, code } });
}


function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}


function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function delay(ms = 0): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
