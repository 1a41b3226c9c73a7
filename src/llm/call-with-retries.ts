import { LectraError, abortError, throwIfAborted } from '../errors.js';
import { TransientLlmError } from './transient-llm-error.js';
import { abortableSleep } from '../abortable-sleep.js';

export interface RetryOptions {
  /** The caller's signal: its abort is final and surfaces as 'aborted'. */
  signal?: AbortSignal;
  /** Limit for one attempt. */
  timeoutMs: number;
  /** Extra attempts after a transient failure. */
  maxRetries: number;
  /** First backoff delay; doubled per retry, plus up to the same again as jitter. */
  retryDelayMs: number;
  /** Names the server in messages, e.g. "Ollama (llama3.1) at http://127.0.0.1:11434". */
  label: string;
  onRetry?: (info: { attempt: number; delayMs: number; error: LectraError }) => void;
}

/** Longest Retry-After we honour; a server asking for more is treated as failing now. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Runs one LLM call with a per-attempt timeout and retries on transient failures (see
 * TransientLlmError). The attempt receives a signal that fires on caller abort or timeout;
 * which of the two fired is read from the signals, never from error text.
 */
export async function callWithRetries<T>(
  attempt: (signal: AbortSignal, attemptIndex: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let index = 0; ; index++) {
    throwIfAborted(options.signal);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      return await attempt(signal, index);
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal.reason);
      if (timeout.aborted) throw timeoutError(options, error);
      const failure = asLectraError(error, options.label);
      const delayMs = retryDelay(failure, index, options);
      if (delayMs === undefined) throw index > 0 ? withAttempts(failure, index + 1) : failure;
      options.onRetry?.({ attempt: index + 1, delayMs, error: failure });
      await abortableSleep(delayMs, options.signal);
    }
  }
}

/** Milliseconds to wait before the next attempt, or undefined when not retrying. */
function retryDelay(failure: LectraError, index: number, options: RetryOptions): number | undefined {
  if (!(failure instanceof TransientLlmError) || index >= options.maxRetries) return undefined;
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs <= MAX_RETRY_AFTER_MS ? failure.retryAfterMs : undefined;
  }
  const base = options.retryDelayMs * 2 ** index;
  return Math.round(base + Math.random() * base);
}

function timeoutError(options: RetryOptions, cause: unknown): LectraError {
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  return new LectraError(
    'llm-failed',
    `${options.label} did not finish within the ${seconds}s timeout (${options.timeoutMs} ms) — raise it with --llm-timeout <seconds>, or use a smaller model.`,
    { cause, field: '--llm-timeout' },
  );
}

function asLectraError(error: unknown, label: string): LectraError {
  if (error instanceof LectraError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LectraError('llm-failed', `${label} failed: ${message}`, { cause: error });
}

function withAttempts(failure: LectraError, attempts: number): LectraError {
  return new LectraError(failure.code, `${failure.message} (gave up after ${attempts} attempts)`, {
    cause: failure,
    details: failure.details,
  });
}

