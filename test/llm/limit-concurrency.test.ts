import { describe, expect, it } from 'vitest';
import { limitConcurrency } from '../../src/llm/limit-concurrency.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('limitConcurrency', () => {
  it('runs at most `limit` tasks and starts the next as soon as a slot frees', async () => {
    const limit = limitConcurrency(2);
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const task = (name: string, ms: number) =>
      limit(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(`start ${name}`);
        await wait(ms);
        order.push(`end ${name}`);
        running--;
        return name;
      });
    const results = await Promise.all([task('a', 60), task('b', 10), task('c', 10), task('d', 10)]);
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(peak).toBe(2);
    // c starts when b ends, long before a ends.
    expect(order.indexOf('start c')).toBeLessThan(order.indexOf('end a'));
  });

  it('frees the slot when a task throws', async () => {
    const limit = limitConcurrency(1);
    await expect(limit(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });

  it("drops a queued task whose signal aborts, with 'aborted'", async () => {
    const limit = limitConcurrency(1);
    const controller = new AbortController();
    let ran = false;
    const first = limit(() => wait(30));
    const second = limit(async () => {
      ran = true;
    }, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    await first;
    expect(ran).toBe(false);
    await expect(limit(async () => 'free')).resolves.toBe('free');
  });

  it('rejects a nonsensical limit', () => {
    expect(() => limitConcurrency(0)).toThrow(RangeError);
  });
});
