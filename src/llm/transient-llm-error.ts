import { LectraError, type ErrorCode, type LectraErrorOptions } from '../errors.js';

/**
 * A failure worth another attempt (HTTP 5xx or 429, a cut connection, a stream that ended
 * early). callWithRetries retries it; when attempts run out it reaches the caller as the
 * LectraError it already is, so its code and message stay meaningful.
 */
export class TransientLlmError extends LectraError {
  /** Delay the server asked for (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options: LectraErrorOptions & { retryAfterMs?: number } = {}) {
    super(code, message, options);
    this.name = 'TransientLlmError';
    this.retryAfterMs = options.retryAfterMs;
  }
}
