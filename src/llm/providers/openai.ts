import type OpenAI from 'openai';
import type { APIError } from 'openai';
import { loadOpenAi } from '../../heavy-deps.js';
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

export const OPENAI_DEFAULT_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';
const CHECK_TIMEOUT_MS = 10_000;

/**
 * How a schema is asked for. Servers differ: OpenAI and recent llama.cpp/vLLM/LM Studio take
 * `json_schema`; older ones only `json_object`; some take neither. Each 400 moves one step down,
 * and the provider instance remembers where it landed.
 */
type FormatMode = 'json_schema' | 'json_object' | 'prompt';
const NEXT_MODE: Record<FormatMode, FormatMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'prompt',
  prompt: undefined,
};

interface OpenAiState {
  /** The SDK, loaded at setup (its error classes are needed to read failures). */
  sdk: Awaited<ReturnType<typeof loadOpenAi>>;
  client: OpenAI;
  url: string;
  model: string;
  stream: boolean;
  timeoutMs: number;
  maxRetries: number;
  retryDelayMs: number;
  formatMode: FormatMode;
  everConnected: boolean;
}

type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** Any OpenAI-compatible /v1/chat/completions server (OpenAI, LM Studio, vLLM, llama.cpp server). */
export const openaiProvider = defineLlmProvider({
  id: 'openai',
  description: 'OpenAI-compatible chat completions (OpenAI, LM Studio, vLLM, llama.cpp server)',
  async setup(settings: LlmProviderSettings): Promise<LlmProvider> {
    const state = resolveState(settings, await loadOpenAi());
    return {
      id: 'openai',
      generate: (request) => generate(state, request),
      check: (signal) => check(state, signal),
      close: async () => {},
    };
  },
});

function resolveState(settings: LlmProviderSettings, sdk: OpenAiState['sdk']): OpenAiState {
  const url = (settings.url ?? OPENAI_DEFAULT_URL).replace(/\/+$/, '');
  const timeoutMs = settings.timeoutMs ?? LLM_DEFAULTS.timeoutMs;
  const client = new sdk.default({
    // Local servers need no key, but the client insists on one; the config layer passes the real one.
    apiKey: settings.apiKey || 'no-key',
    baseURL: url,
    // Retries and timeouts are ours (call-with-retries.ts), so the client must not add its own.
    maxRetries: 0,
    timeout: timeoutMs + 1_000,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  return {
    sdk,
    client,
    url,
    model: settings.model ?? OPENAI_DEFAULT_MODEL,
    stream: settings.stream ?? LLM_DEFAULTS.stream,
    timeoutMs,
    maxRetries: settings.maxRetries ?? LLM_DEFAULTS.maxRetries,
    retryDelayMs: settings.retryDelayMs ?? LLM_DEFAULTS.retryDelayMs,
    formatMode: 'json_schema',
    everConnected: false,
  };
}

function label(state: OpenAiState): string {
  return `The OpenAI-compatible server (${state.model}) at ${state.url}`;
}

function failureContext(state: OpenAiState): FailureContext {
  return {
    label: label(state),
    unreachableMessage: `The OpenAI-compatible server did not answer at ${state.url} — is it running? (check --llm-url)`,
    everConnected: state.everConnected,
  };
}

function generate(state: OpenAiState, request: LlmRequest): Promise<LlmResult> {
  return callWithRetries((signal) => completeWithFallback(state, request, signal), {
    signal: request.signal,
    timeoutMs: state.timeoutMs,
    maxRetries: state.maxRetries,
    retryDelayMs: state.retryDelayMs,
    label: label(state),
  });
}

async function completeWithFallback(state: OpenAiState, request: LlmRequest, signal: AbortSignal): Promise<LlmResult> {
  for (;;) {
    const mode = state.formatMode;
    try {
      return await completeOnce(state, request, mode, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      const next = NEXT_MODE[mode];
      if (request.schema && next && isBadRequest(state, error)) {
        // Only step down once even when several calls were rejected concurrently.
        if (state.formatMode === mode) state.formatMode = next;
        continue;
      }
      throw toLectraError(state, error);
    }
  }
}

function isBadRequest(state: OpenAiState, error: unknown): boolean {
  return error instanceof state.sdk.APIError && (error.status === 400 || error.status === 422);
}

async function completeOnce(state: OpenAiState, request: LlmRequest, mode: FormatMode, signal: AbortSignal): Promise<LlmResult> {
  const body = chatBody(state, request, mode);
  if (!state.stream) {
    const completion = await state.client.chat.completions.create(body, { signal });
    state.everConnected = true;
    const text = completion.choices[0]?.message?.content ?? '';
    // Without streaming, `onToken` still hears the answer once, so progress displays work.
    if (text) request.onToken?.(text);
    return { text, usage: usageOf(completion.usage) };
  }
  const stream = await state.client.chat.completions.create({ ...body, stream: true }, { signal });
  state.everConnected = true;
  return readStream(state, stream, signal, request.onToken);
}

/**
 * The client hides `[DONE]`, so a complete answer is recognised by its final chunk carrying a
 * finish_reason; a stream that ends without one was cut and is retried.
 */
async function readStream(
  state: OpenAiState,
  stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
  signal: AbortSignal,
  onToken?: (token: string) => void,
): Promise<LlmResult> {
  let text = '';
  let finished = false;
  let usage: LlmUsage | undefined;
  for await (const chunk of stream) {
    const choice = chunk.choices?.[0];
    const piece = choice?.delta?.content;
    if (piece) {
      text += piece;
      onToken?.(piece);
    }
    if (choice?.finish_reason) finished = true;
    if (chunk.usage) usage = usageOf(chunk.usage);
  }
  // The client ends iteration quietly on abort; make it an error again.
  if (signal.aborted) throw signal.reason;
  if (!finished) throw new TransientLlmError('llm-failed', `${label(state)} ended its answer stream early (no finish_reason / [DONE]).`);
  return { text, usage };
}

function chatBody(state: OpenAiState, request: LlmRequest, mode: FormatMode): ChatBody {
  const system = [request.system, request.schema && mode !== 'json_schema' ? schemaInstructions(request.schema) : undefined]
    .filter(Boolean)
    .join('\n\n');
  const messages: ChatBody['messages'] = [];
  if (system) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: request.prompt });
  return {
    model: state.model,
    messages,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.schema ? responseFormat(request.schema, mode) : {}),
  };
}

function responseFormat(schema: object, mode: FormatMode): Pick<ChatBody, 'response_format'> {
  if (mode === 'json_object') return { response_format: { type: 'json_object' } };
  if (mode === 'prompt') return {};
  const supported = withoutKeywords(schema, UNSUPPORTED_KEYWORDS) as Record<string, unknown>;
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'answer', schema: supported, strict: isStrictCompatible(supported) },
    },
  };
}

/** String length limits are outside OpenAI's structured-output subset (a 400); zod still checks them. */
const UNSUPPORTED_KEYWORDS = new Set(['minLength', 'maxLength']);

function withoutKeywords(node: unknown, keywords: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutKeywords(item, keywords));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !keywords.has(key))
      .map(([key, value]) => [key, key === 'properties' ? propertiesWithout(value, keywords) : withoutKeywords(value, keywords)]),
  );
}

/** Property names are data, not keywords: a property called `maxLength` stays. */
function propertiesWithout(properties: unknown, keywords: ReadonlySet<string>): unknown {
  if (!properties || typeof properties !== 'object') return properties;
  return Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, withoutKeywords(value, keywords)]));
}

/** When the server cannot enforce the schema, the model is told it in words. */
function schemaInstructions(schema: object): string {
  return `Answer with one JSON object only — no prose, no code fences — matching this JSON Schema:\n${JSON.stringify(schema)}`;
}

/**
 * OpenAI's strict mode accepts only schemas whose objects list every property as required and
 * forbid extra ones; asking for strict otherwise is a guaranteed 400.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (!schema || typeof schema !== 'object') return true;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' || node.properties) {
    const properties = Object.keys((node.properties as object | undefined) ?? {});
    const required = new Set((node.required as string[] | undefined) ?? []);
    if (node.additionalProperties !== false || properties.some((key) => !required.has(key))) return false;
  }
  return Object.entries(node).every(([key, value]) => key === 'required' || isStrictCompatible(value));
}

function usageOf(usage: OpenAI.CompletionUsage | null | undefined): LlmUsage | undefined {
  return usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : undefined;
}

function toLectraError(state: OpenAiState, error: unknown): LectraError {
  if (error instanceof LectraError) return error;
  const { APIConnectionError, APIError } = state.sdk;
  if (error instanceof APIConnectionError) {
    return classifyFailure({ kind: 'network', error: error.cause ?? error }, failureContext(state));
  }
  if (error instanceof APIError && error.status !== undefined) return httpFailure(state, error);
  if (error instanceof APIError) {
    // An error event inside the stream: the server gave up on this answer.
    return new LectraError('llm-failed', `${label(state)} failed while answering: ${errorText(error)}`, { cause: error });
  }
  return classifyFailure({ kind: 'network', error }, failureContext(state));
}

function httpFailure(state: OpenAiState, error: APIError): LectraError {
  const status = error.status as number;
  const message = errorText(error);
  if (status === 401 || status === 403) {
    return new LectraError(
      'llm-auth',
      `${label(state)} rejected the API key (HTTP ${status}: ${message}) — set OPENAI_API_KEY (or LECTRA_LLM_KEY) to a valid key.`,
      { cause: error },
    );
  }
  if (status === 404 && (error.code === 'model_not_found' || /model/i.test(message))) {
    return new LectraError(
      'llm-model-missing',
      `model ${state.model} is not available at ${state.url} — pick one the server lists at ${state.url}/models (--llm-model).`,
      { cause: error, field: '--llm-model' },
    );
  }
  if (status === 404) {
    return new LectraError(
      'llm-failed',
      `${state.url}/chat/completions was not found (HTTP 404) — --llm-url must be the /v1 base of an OpenAI-compatible server.`,
      { cause: error, field: '--llm-url' },
    );
  }
  const failure = classifyFailure(
    { kind: 'http', status, message, retryAfter: error.headers?.get('retry-after') },
    failureContext(state),
  );
  return failure;
}

function errorText(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

async function check(state: OpenAiState, signal?: AbortSignal): Promise<LlmCheck> {
  const timeout = AbortSignal.timeout(Math.min(state.timeoutMs, CHECK_TIMEOUT_MS));
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const page = await state.client.models.list({ signal: combined });
    state.everConnected = true;
    const ids = page.data.map((model) => model.id);
    if (ids.length === 0 || ids.includes(state.model)) {
      return { ok: true, detail: `OpenAI-compatible server at ${state.url}: model ${state.model} is available` };
    }
    return { ok: false, detail: `model ${state.model} is not listed at ${state.url}/models (available: ${ids.slice(0, 12).join(', ')})` };
  } catch (error) {
    if (signal?.aborted) throw abortError(signal.reason);
    if (timeout.aborted) return { ok: false, detail: `${state.url} did not answer within ${CHECK_TIMEOUT_MS / 1000}s` };
    return { ok: false, detail: toLectraError(state, error).message };
  }
}
