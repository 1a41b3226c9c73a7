import { createInflate, createInflateRaw } from 'node:zlib';

/**
 * The size `data` inflates to, counted while inflating and stopped as soon as it passes `cap`
 * (then the answer is `cap + 1`, "over"): a thousandfold bomb costs a few kilobytes of memory and
 * only as much time as it takes to inflate `cap` bytes. Data that is not valid deflate answers
 * what it gave before the error (the parser will report the damage).
 */
export function measureInflated(data: Uint8Array, format: 'raw' | 'zlib', cap: number): Promise<number> {
  const inflater = format === 'raw' ? createInflateRaw() : createInflate();
  let total = 0;
  return new Promise((resolve) => {
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > cap) {
        inflater.destroy();
        resolve(cap + 1);
      }
    });
    inflater.on('end', () => resolve(total));
    inflater.on('error', () => resolve(total));
    inflater.end(data);
  });
}
