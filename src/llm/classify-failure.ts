import { LectraError } from '../errors.js';
import { TransientLlmError } from './transient-llm-error.js';

/** Connection errors meaning "nobody is listening there" (as opposed to "the line dropped"). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Connection errors meaning an established exchange was cut. */
const CUT_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED', 'ETIMEDOUT']);

export type Failure =
  | { kind: 'network'; error: unknown }
  | { kind: 'http'; status: number; message: string; retryAfter?: string | null };

export interface FailureContext {
  /** e.g. "Ollama (llama3.1) at http://127.0.0.1:11434". */
  label: string;
  /** Message (with the fix) for "nothing answers at this URL". */
  unreachableMessage: string;
  /** Whether this provider instance has reached the server before (then refusal is transient). */
  everConnected: boolean;
}

/**
 * Turns a network error or an HTTP error status into a LectraError, transient (retried) or
 * final. Provider-specific statuses (401, 404 model missing) are handled by the provider first.
 */
export function classifyFailure(failure: Failure, context: FailureContext): LectraError {
  return failure.kind === 'network' ? classifyNetwork(failure.error, context) : classifyHttp(failure, context);
}

function classifyNetwork(error: unknown, context: FailureContext): LectraError {
  if (error instanceof LectraError) return error;
  const code = networkErrorCode(error);
  if (code && UNREACHABLE_CODES.has(code)) {
    // Refused on first contact: nothing is there, retrying only delays the fix.
    if (!context.everConnected) return new LectraError('llm-unreachable', context.unreachableMessage, { cause: error });
    return new TransientLlmError('llm-unreachable', context.unreachableMessage, { cause: error });
  }
  if (code && (CUT_CODES.has(code) || code.startsWith('UND_ERR'))) {
    return new TransientLlmError('llm-failed', `${context.label} dropped the connection (${code}) before the answer was complete.`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LectraError('llm-failed', `${context.label} failed: ${message}${code ? ` (${code})` : ''}.`, { cause: error });
}

function classifyHttp(failure: Extract<Failure, { kind: 'http' }>, context: FailureContext): LectraError {
  const text = `${context.label} answered HTTP ${failure.status}${failure.message ? `: ${failure.message}` : ''}`;
  if (failure.status === 429 || failure.status >= 500) {
    return new TransientLlmError('llm-failed', `${text}.`, { retryAfterMs: parseRetryAfter(failure.retryAfter) });
  }
  return new LectraError('llm-failed', `${text}.`);
}

/** The `code` of a Node/undici network error, looked up along the cause chain. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$|^UND_ERR/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
