import { LectraError, abortError } from '../../errors.js';
import { callWithRetries } from '../call-with-retries.js';
import { classifyFailure, type FailureContext } from '../classify-failure.js';
import {
  LLM_DEFAULTS,
  defineLlmProvider,
  type LlmCheck,
  type LlmProvider,
  type LlmProviderSettings,
  type LlmRequest,
  type LlmResult,
  type LlmUsage,
} from '../contract.js';
import { TransientLlmError } from '../transient-llm-error.js';

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';
export const OLLAMA_DEFAULT_MODEL = 'llama3.1';
/** check() must be quick even when generation timeouts are long. */
const CHECK_TIMEOUT_MS = 10_000;

interface OllamaState {
  url: string;
  model: string;
  apiKey?: string;
  stream: boolean;
  timeoutMs: number;
  maxRetries: number;
  retryDelayMs: number;
  fetch: typeof fetch;
  everConnected: boolean;
}

/** One line of Ollama's /api/chat answer (a streamed chunk, or the whole non-streamed answer). */
interface OllamaChatChunk {
  message?: { content?: string };
  done?: boolean;
  error?: string;
  prompt_eval_count?: number;
  eval_count?: number;
}

/**
 * Ollama's native API: POST /api/chat with `format` set to the JSON Schema (structured outputs),
 * streamed as NDJSON lines ending with `"done": true`. Plain fetch keeps abort and timeout in
 * our hands (the `ollama` client aborts per client, not per request).
 */
export const ollamaProvider = defineLlmProvider({
  id: 'ollama',
  description: 'Ollama native API (ollama serve), structured outputs via `format`',
  async setup(settings: LlmProviderSettings): Promise<LlmProvider> {
    const state = resolveState(settings);
    return {
      id: 'ollama',
      generate: (request) => generate(state, request),
      check: (signal) => check(state, signal),
      close: async () => {},
    };
  },
});

function resolveState(settings: LlmProviderSettings): OllamaState {
  return {
    url: (settings.url ?? OLLAMA_DEFAULT_URL).replace(/\/+$/, ''),
    model: settings.model ?? OLLAMA_DEFAULT_MODEL,
    apiKey: settings.apiKey,
    stream: settings.stream ?? LLM_DEFAULTS.stream,
    timeoutMs: settings.timeoutMs ?? LLM_DEFAULTS.timeoutMs,
    maxRetries: settings.maxRetries ?? LLM_DEFAULTS.maxRetries,
    retryDelayMs: settings.retryDelayMs ?? LLM_DEFAULTS.retryDelayMs,
    fetch: settings.fetch ?? globalThis.fetch,
    everConnected: false,
  };
}

function label(state: OllamaState): string {
  return `Ollama (${state.model}) at ${state.url}`;
}

function failureContext(state: OllamaState): FailureContext {
  return {
    label: label(state),
    unreachableMessage: `Ollama did not answer at ${state.url} — is \`ollama serve\` running? (or pass --llm-url)`,
    everConnected: state.everConnected,
  };
}

function generate(state: OllamaState, request: LlmRequest): Promise<LlmResult> {
  return callWithRetries((signal) => chatOnce(state, request, signal), {
    signal: request.signal,
    timeoutMs: state.timeoutMs,
    maxRetries: state.maxRetries,
    retryDelayMs: state.retryDelayMs,
    label: label(state),
  });
}

async function chatOnce(state: OllamaState, request: LlmRequest, signal: AbortSignal): Promise<LlmResult> {
  try {
    const response = await state.fetch(`${state.url}/api/chat`, {
      method: 'POST',
      headers: headers(state),
      body: JSON.stringify(chatBody(state, request)),
      signal,
    });
    state.everConnected = true;
    if (!response.ok) throw await httpFailure(state, response);
    return state.stream ? await readStream(state, response, request.onToken) : await readWhole(response, request.onToken);
  } catch (error) {
    // An abort or timeout is interpreted by callWithRetries from the signals themselves.
    if (signal.aborted) throw error;
    throw classifyFailure({ kind: 'network', error }, failureContext(state));
  }
}

function headers(state: OllamaState): Record<string, string> {
  const out: Record<string, string> = { 'content-type': 'application/json', accept: 'application/x-ndjson' };
  // Ollama itself has no auth; a reverse proxy in front of it may.
  if (state.apiKey) out.authorization = `Bearer ${state.apiKey}`;
  return out;
}

function chatBody(state: OllamaState, request: LlmRequest): Record<string, unknown> {
  const messages = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  messages.push({ role: 'user', content: request.prompt });
  const options: Record<string, number> = {};
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  return {
    model: state.model,
    messages,
    stream: state.stream,
    ...(request.schema ? { format: request.schema } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

/** Without streaming, `onToken` still hears the answer once, so progress displays work. */
async function readWhole(response: Response, onToken?: (token: string) => void): Promise<LlmResult> {
  const chunk = (await response.json()) as OllamaChatChunk;
  if (chunk.error) throw new LectraError('llm-failed', `Ollama failed: ${chunk.error}`);
  const text = chunk.message?.content ?? '';
  if (text) onToken?.(text);
  return { text, usage: usageOf(chunk) };
}

/** Reads NDJSON lines; an answer without a final `done: true` line was cut and is retried. */
async function readStream(state: OllamaState, response: Response, onToken?: (token: string) => void): Promise<LlmResult> {
  let text = '';
  let usage: LlmUsage | undefined;
  let done = false;
  for await (const line of ndjsonLines(response)) {
    const chunk = JSON.parse(line) as OllamaChatChunk;
    if (chunk.error) throw new LectraError('llm-failed', `${label(state)} failed while answering: ${chunk.error}`);
    const piece = chunk.message?.content;
    if (piece) {
      text += piece;
      onToken?.(piece);
    }
    if (chunk.done) {
      done = true;
      usage = usageOf(chunk);
    }
  }
  if (!done) throw new TransientLlmError('llm-failed', `${label(state)} ended its answer stream early (no "done" line).`);
  return { text, usage };
}

async function* ndjsonLines(response: Response): AsyncGenerator<string> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield line;
    }
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest) yield rest;
}

function usageOf(chunk: OllamaChatChunk): LlmUsage | undefined {
  if (chunk.prompt_eval_count === undefined && chunk.eval_count === undefined) return undefined;
  return { promptTokens: chunk.prompt_eval_count, completionTokens: chunk.eval_count };
}

async function httpFailure(state: OllamaState, response: Response): Promise<LectraError> {
  const message = await errorMessage(response);
  if (response.status === 404 && /model\b.*not found/i.test(message)) {
    // Ollama reports a missing model only in words: `model "x" not found, try pulling it first`.
    return new LectraError('llm-model-missing', `model ${state.model} is not pulled — run \`ollama pull ${state.model}\``, {
      field: '--llm-model',
    });
  }
  if (response.status === 404) {
    return new LectraError(
      'llm-failed',
      `${state.url}/api/chat was not found (HTTP 404) — is ${state.url} an Ollama server? For an OpenAI-compatible server use --llm openai.`,
      { field: '--llm-url' },
    );
  }
  if (response.status === 401 || response.status === 403) {
    return new LectraError(
      'llm-auth',
      `${label(state)} refused the request (HTTP ${response.status}) — if a proxy guards it, set LECTRA_LLM_KEY (sent as a Bearer token).`,
    );
  }
  return classifyFailure(
    { kind: 'http', status: response.status, message, retryAfter: response.headers.get('retry-after') },
    failureContext(state),
  );
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // Not JSON: the raw text is the message.
  }
  return text.trim().slice(0, 300) || response.statusText;
}

async function check(state: OllamaState, signal?: AbortSignal): Promise<LlmCheck> {
  const timeout = AbortSignal.timeout(Math.min(state.timeoutMs, CHECK_TIMEOUT_MS));
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const tags = (await getJson(state, '/api/tags', combined)) as { models?: Array<{ name?: string; model?: string }> };
    const version = await getJson(state, '/api/version', combined).then(
      (body) => (body as { version?: string }).version ?? 'unknown version',
      () => 'unknown version',
    );
    const names = (tags.models ?? []).map((m) => m.name ?? m.model ?? '').filter(Boolean);
    if (hasModel(names, state.model)) {
      return { ok: true, detail: `Ollama ${version} at ${state.url}: model ${state.model} is available` };
    }
    const available = names.length > 0 ? ` (pulled: ${names.join(', ')})` : ' (no models pulled yet)';
    return { ok: false, detail: `model ${state.model} is not pulled — run \`ollama pull ${state.model}\`${available}` };
  } catch (error) {
    if (signal?.aborted) throw abortError(signal.reason);
    if (timeout.aborted) return { ok: false, detail: `Ollama at ${state.url} did not answer within ${CHECK_TIMEOUT_MS / 1000}s` };
    return { ok: false, detail: classifyFailure({ kind: 'network', error }, failureContext(state)).message };
  }
}

async function getJson(state: OllamaState, path: string, signal: AbortSignal): Promise<unknown> {
  const response = await state.fetch(`${state.url}${path}`, { headers: headers(state), signal });
  state.everConnected = true;
  if (!response.ok) throw await httpFailure(state, response);
  return response.json();
}

/** `llama3.1` names the same model as `llama3.1:latest`. */
function hasModel(names: string[], model: string): boolean {
  const wanted = model.includes(':') ? model : `${model}:latest`;
  return names.some((name) => name === model || name === wanted);
}
