import { abortError } from '../errors.js';

/**
 * A bounded pool for one kind of resource (CPU, LLM slots, network, the speech engine).
 * Tasks wait for a free slot in FIFO order; `peak` records the highest concurrency reached so
 * tests can prove the limit held.
 */
export class ResourcePool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  peak = 0;

  constructor(
    readonly name: string,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool ${name}: size must be a positive integer`);
  }

  get running(): number {
    return this.active;
  }

  async run<T>(work: () => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    if (this.active < this.size) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(abortError(signal?.reason));
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.take();
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private take(): void {
    this.active += 1;
    this.peak = Math.max(this.peak, this.active);
  }

  private release(): void {
    this.active -= 1;
    this.waiting.shift()?.();
  }
}
