import { abortError } from '../errors.js';
import { ImageProviderError } from './image-provider-error.js';
import { megabytes } from '../format-megabytes.js';

export interface HttpGetOptions {
  fetch: typeof fetch;
  /** Limit for the whole exchange, body included. */
  timeoutMs: number;
  /** Stop reading (reason `too-big`) past this many bytes. */
  maxBytes: number;
  /** Names the server in messages, e.g. "Openverse at https://api.openverse.org". */
  label: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface HttpGetResult {
  bytes: Buffer;
  /** The media type without parameters, lower case ('' when the server sent none). */
  contentType: string;
  status: number;
}

/**
 * One GET with a per-call timeout, a size cap enforced while streaming, and failures turned into
 * ImageProviderError reasons. The caller's abort becomes LectraError 'aborted', told apart from
 * our own timeout by which signal fired, never by error text.
 */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const fail = (error: unknown): never => {
    if (options.signal?.aborted) throw abortError(options.signal.reason);
    if (timeout.aborted) {
      throw new ImageProviderError('timeout', `${options.label} did not answer within ${options.timeoutMs} ms.`, { cause: error });
    }
    if (error instanceof ImageProviderError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImageProviderError('network', `${options.label} could not be reached (${message}) — check the network or the provider URL.`, { cause: error });
  };
  if (options.signal?.aborted) throw abortError(options.signal.reason);
  let response: Response;
  try {
    response = await options.fetch(url, { headers: options.headers, signal, redirect: 'follow' });
  } catch (error) {
    return fail(error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw statusError(response.status, options.label);
  }
  try {
    const bytes = await readCapped(response, options.maxBytes, options.label);
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    return { bytes, contentType, status: response.status };
  } catch (error) {
    return fail(error);
  }
}

/** GET and parse JSON; a body that is not JSON is a `bad-response`. */
export async function httpGetJson(url: string, options: HttpGetOptions): Promise<unknown> {
  const { bytes } = await httpGet(url, options);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (cause) {
    throw new ImageProviderError('bad-response', `${options.label} answered with something that is not JSON.`, { cause });
  }
}

function statusError(status: number, label: string): ImageProviderError {
  if (status === 429) return new ImageProviderError('rate-limited', `${label} is rate-limiting us (HTTP 429) — wait a while or use another image provider.`);
  if (status >= 500) return new ImageProviderError('server-error', `${label} failed (HTTP ${status}) — try again later.`);
  if (status === 401 || status === 403) {
    return new ImageProviderError('missing-key', `${label} refused the request (HTTP ${status}) — check the API key.`);
  }
  return new ImageProviderError('http-error', `${label} answered HTTP ${status}.`);
}

/** Reads the body chunk by chunk so a 2 GB "image" costs at most maxBytes of memory. */
async function readCapped(response: Response, maxBytes: number, label: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig(label, maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig(label, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooBig(label: string, maxBytes: number): ImageProviderError {
  return new ImageProviderError('too-big', `${label} sent a file larger than ${megabytes(maxBytes)} MB; skipped it.`);
}
