/**
 * Every failure the library reports is a LectraError with a stable code. The CLI maps codes to
 * exit statuses (2 = the user's input is wrong, 1 = something failed while working) and the
 * server maps them to HTTP statuses. Messages say what went wrong *and* the fix.
 */
export const ERROR_CODES = {
  // Bad input: exit 2 / HTTP 400
  BAD_INPUT: 'bad-input',
  FILE_NOT_FOUND: 'file-not-found',
  EMPTY_INPUT: 'empty-input',
  BINARY_INPUT: 'binary-input',
  BAD_YAML: 'bad-yaml',
  BAD_DECK: 'bad-deck',
  MISSING_IMAGE: 'missing-image',
  /** A deck's picture that is not a usable image (not an image, too big, unreachable). */
  BAD_IMAGE: 'bad-image',
  BAD_OPTION: 'bad-option',
  UNKNOWN_PROVIDER: 'unknown-provider',
  UNKNOWN_VOICE: 'unknown-voice',
  /** --strict: the input made warnings. */
  STRICT_WARNINGS: 'strict-warnings',
  // Failures: exit 1 / HTTP 5xx
  FFMPEG_MISSING: 'ffmpeg-missing',
  FFMPEG_FAILED: 'ffmpeg-failed',
  SPEECH_FAILED: 'speech-failed',
  LLM_UNREACHABLE: 'llm-unreachable',
  LLM_MODEL_MISSING: 'llm-model-missing',
  LLM_AUTH: 'llm-auth',
  LLM_FAILED: 'llm-failed',
  LLM_BAD_OUTPUT: 'llm-bad-output',
  PROVIDER_FAILED: 'provider-failed',
  RENDER_FAILED: 'render-failed',
  /** The disk is full, a folder is not writable, too many files are open (see fs/io-error.ts). */
  IO_FAILED: 'io-failed',
  ABORTED: 'aborted',
  INTERNAL: 'internal',
  // Documents (issue 10): bad input, exit 2 / HTTP 400 (413 for too-large)
  UNSUPPORTED_DOCUMENT: 'unsupported-document',
  CORRUPT_DOCUMENT: 'corrupt-document',
  ENCRYPTED_DOCUMENT: 'encrypted-document',
  NO_TEXT_LAYER: 'no-text-layer',
  TOO_LARGE: 'too-large',
  // Documents: failures, exit 1 / HTTP 5xx
  COLLECTION_BUSY: 'collection-busy',
  EMBEDDING_FAILED: 'embedding-failed',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

const INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'bad-input',
  'file-not-found',
  'empty-input',
  'binary-input',
  'bad-yaml',
  'bad-deck',
  'missing-image',
  'bad-image',
  'bad-option',
  'unknown-provider',
  'unknown-voice',
  'strict-warnings',
  'unsupported-document',
  'corrupt-document',
  'encrypted-document',
  'no-text-layer',
  'too-large',
]);

export interface LectraErrorOptions {
  cause?: unknown;
  /** File the problem is in, when there is one. */
  file?: string;
  /** 1-based slide number, when the problem belongs to a slide. */
  slide?: number;
  /** Field path (e.g. `slides[2].title`) or option name (e.g. `--voice`). */
  field?: string;
  /** Extra lines shown under the message (e.g. a list of problems, FFmpeg's stderr tail). */
  details?: string[];
}

export class LectraError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly slide?: number;
  readonly field?: string;
  readonly details: string[];

  constructor(code: ErrorCode, message: string, options: LectraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LectraError';
    this.code = code;
    this.file = options.file;
    this.slide = options.slide;
    this.field = options.field;
    this.details = options.details ?? [];
  }

  /** True when the user's input (file, option, deck) is at fault rather than the machine. */
  get isInputError(): boolean {
    return INPUT_CODES.has(this.code);
  }

  get exitCode(): 1 | 2 {
    return this.isInputError ? 2 : 1;
  }
}

export function isLectraError(value: unknown): value is LectraError {
  return value instanceof LectraError;
}

/** An AbortError that every layer recognises by code, never by message text. */
export function abortError(reason?: unknown): LectraError {
  return new LectraError('aborted', 'The run was cancelled.', { cause: reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal.reason);
}
