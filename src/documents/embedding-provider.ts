import { LectraError, abortError } from '../errors.js';

/**
 * Turns texts into vectors for semantic search. Two wire formats cover the local servers people
 * run: Ollama's `POST /api/embed {model, input}` → `{embeddings}`, and the OpenAI-compatible
 * `POST /v1/embeddings {model, input}` → `{data: [{embedding, index}]}` (OpenAI, LM Studio,
 * vLLM, llama.cpp server, LocalAI).
 */
export interface EmbeddingProvider {
  /** 'ollama' or 'openai'. */
  readonly id: string;
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface EmbeddingSettings {
  provider: 'ollama' | 'openai';
  /** Ollama root (default http://127.0.0.1:11434) or an OpenAI-compatible `/v1` base. */
  url?: string;
  /** Default nomic-embed-text (Ollama) / text-embedding-3-small (OpenAI). */
  model?: string;
  apiKey?: string;
  /** Per request, in milliseconds (default 120 s). */
  timeoutMs?: number;
  /** Texts sent per request (default 32). */
  batchSize?: number;
  fetch?: typeof fetch;
}

export const EMBEDDING_DEFAULTS = {
  ollama: { url: 'http://127.0.0.1:11434', model: 'nomic-embed-text' },
  openai: { url: 'https://api.openai.com/v1', model: 'text-embedding-3-small' },
} as const;

export function createEmbeddingProvider(settings: EmbeddingSettings): EmbeddingProvider {
  const defaults = EMBEDDING_DEFAULTS[settings.provider];
  if (!defaults) {
    throw new LectraError('unknown-provider', `Unknown embedding provider "${String(settings.provider)}" — use ollama or openai.`, { field: '--embed' });
  }
  const url = (settings.url ?? defaults.url).replace(/\/+$/, '');
  const model = settings.model ?? defaults.model;
  const batchSize = settings.batchSize ?? 32;
  const call = (texts: string[], signal?: AbortSignal) =>
    settings.provider === 'ollama'
      ? post(settings, `${url}/api/embed`, { model, input: texts }, signal).then((body) => readOllama(body, texts.length, url))
      : post(settings, `${url}/embeddings`, { model, input: texts }, signal).then((body) => readOpenai(body, texts.length, url));
  return {
    id: settings.provider,
    model,
    async embed(texts, signal) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await call(texts.slice(start, start + batchSize), signal)));
      }
      return vectors;
    },
  };
}

async function post(settings: EmbeddingSettings, endpoint: string, body: object, signal?: AbortSignal): Promise<unknown> {
  if (signal?.aborted) throw abortError(signal.reason);
  const timeout = AbortSignal.timeout(settings.timeoutMs ?? 120_000);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (settings.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: combined,
    });
  } catch (error) {
    if (signal?.aborted) throw abortError(signal.reason);
    const why = timeout.aborted ? 'did not answer in time' : 'did not answer';
    const fix = settings.provider === 'ollama' ? 'is `ollama serve` running?' : 'check --embed-url and that the server is running.';
    throw new LectraError('embedding-failed', `The embedding server at ${endpoint} ${why} — ${fix}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw httpError(settings, endpoint, response.status, text, (body as { model: string }).model);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LectraError('embedding-failed', `The embedding server at ${endpoint} answered something that is not JSON: ${text.slice(0, 120)}`, { cause: error });
  }
}

function httpError(settings: EmbeddingSettings, endpoint: string, status: number, text: string, model: string): LectraError {
  const detail = text.slice(0, 200);
  if (status === 404 && /model/i.test(text)) {
    const fix = settings.provider === 'ollama' ? `run \`ollama pull ${model}\`` : 'check --embed-model';
    return new LectraError('llm-model-missing', `The embedding model "${model}" is not on the server at ${endpoint} — ${fix}.`, { details: [detail] });
  }
  if (status === 401 || status === 403) {
    return new LectraError('llm-auth', `The embedding server at ${endpoint} refused the API key (HTTP ${status}) — check the key.`);
  }
  return new LectraError('embedding-failed', `The embedding server at ${endpoint} answered HTTP ${status}: ${detail}`);
}

function readOllama(body: unknown, count: number, url: string): number[][] {
  return checkVectors((body as { embeddings?: unknown }).embeddings, count, url);
}

function readOpenai(body: unknown, count: number, url: string): number[][] {
  const data = (body as { data?: Array<{ embedding?: unknown; index?: number }> }).data;
  const ordered = Array.isArray(data) ? [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((d) => d.embedding) : undefined;
  return checkVectors(ordered, count, url);
}

function checkVectors(value: unknown, count: number, url: string): number[][] {
  const ok =
    Array.isArray(value) &&
    value.length === count &&
    value.every((v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)));
  if (!ok) throw new LectraError('embedding-failed', `The embedding server at ${url} did not return ${count} numeric vectors.`);
  return value as number[][];
}
