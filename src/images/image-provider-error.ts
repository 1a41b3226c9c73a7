import { LectraError, type LectraErrorOptions } from '../errors.js';

/**
 * Why one provider could not deliver an image. findSlideImage reads `reason` (never the message
 * text) to decide between "try the next candidate" and "give up on this provider".
 */
export type ImageFailureReason =
  | 'timeout'
  | 'rate-limited'
  | 'server-error'
  | 'http-error'
  | 'network'
  | 'bad-response'
  | 'no-results'
  | 'missing-key'
  | 'not-an-image'
  | 'type-mismatch'
  | 'corrupt'
  | 'too-small'
  | 'too-big';

/** Failures that say the provider itself is unwell: its other candidates would fail the same way. */
const PROVIDER_WIDE: ReadonlySet<ImageFailureReason> = new Set(['timeout', 'rate-limited', 'server-error', 'network', 'bad-response', 'missing-key']);

export class ImageProviderError extends LectraError {
  readonly reason: ImageFailureReason;

  constructor(reason: ImageFailureReason, message: string, options: LectraErrorOptions = {}) {
    super('provider-failed', message, options);
    this.name = 'ImageProviderError';
    this.reason = reason;
  }

  /** True when the next candidate of the same provider is worth trying. */
  get candidateOnly(): boolean {
    return !PROVIDER_WIDE.has(this.reason);
  }
}
