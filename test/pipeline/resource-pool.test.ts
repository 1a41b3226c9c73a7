import { describe, expect, it } from 'vitest';
import { ResourcePool } from '../../src/pipeline/resource-pool.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ResourcePool', () => {
  it('runs at most `size` tasks and starts the next as soon as a slot frees', async () => {
    const pool = new ResourcePool('llm', 2);
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const task = (name: string, ms: number) =>
      pool.run(async () => {
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
    expect(pool.peak).toBe(2);
    // c starts when b ends, long before a ends.
    expect(order.indexOf('start c')).toBeLessThan(order.indexOf('end a'));
  });

  it('frees the slot when a task throws', async () => {
    const pool = new ResourcePool('llm', 1);
    await expect(pool.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pool.run(async () => 'next')).resolves.toBe('next');
  });

  it("drops a queued task whose signal aborts, with 'aborted'", async () => {
    const pool = new ResourcePool('llm', 1);
    const controller = new AbortController();
    let ran = false;
    const first = pool.run(() => wait(30));
    const second = pool.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    await first;
    expect(ran).toBe(false);
    await expect(pool.run(async () => 'free')).resolves.toBe('free');
  });

  it('rejects a nonsensical limit', () => {
    expect(() => new ResourcePool('llm', 0)).toThrow(RangeError);
    expect(() => new ResourcePool('llm', 1.5)).toThrow(RangeError);
  });
});
