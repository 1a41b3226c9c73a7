import { ERROR_CODES, isLectraError, LectraError, type ErrorCode } from '../errors.js';

/** An error that already knows its HTTP status; routes throw it, the error handler sends it. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly details: string[];
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, extra: { field?: string; details?: string[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.field = extra.field;
    this.details = extra.details ?? [];
    this.headers = extra.headers ?? {};
  }
}

// A remote provider failing is a bad gateway (502); local tools failing is our own fault (500).
const CODE_STATUS: Record<string, number> = {
  aborted: 409,
  interrupted: 503,
  'llm-unreachable': 502,
  'llm-model-missing': 502,
  'llm-auth': 502,
  'llm-failed': 502,
  'llm-bad-output': 502,
  'provider-failed': 502,
  // Documents: an upload over the limit, another writer holding the collection, the embedding server.
  'too-large': 413,
  'collection-busy': 409,
  'embedding-failed': 502,
  // The server's disk is full or its folders are not writable: nothing the client can fix.
  'io-failed': 507,
};

const KNOWN_CODES = new Set<string>(Object.values(ERROR_CODES));

/** The status for a job's stored error code: input problems 400 (too-large 413), cancelled or busy 409, providers 502, the rest 500. */
export function httpStatusForCode(code: string): number {
  if (CODE_STATUS[code]) return CODE_STATUS[code];
  if (KNOWN_CODES.has(code) && new LectraError(code as ErrorCode, '').isInputError) return 400;
  return 500;
}

/** The status for any thrown error; a timeout inside a provider call answers 504. */
export function httpStatusFor(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (isLectraError(error)) return (error.cause as { name?: string } | undefined)?.name === 'TimeoutError' ? 504 : httpStatusForCode(error.code);
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
