import { abortError } from './errors.js';

/** Waits `ms`, but rejects at once with code 'aborted' when the signal is (or becomes) aborted. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal.reason));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(abortError(signal?.reason));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
