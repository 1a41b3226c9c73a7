import { describe, expect, it } from 'vitest';
import { Profiler, formatStepLines } from '../../src/pipeline/profiler.js';
import type { ProgressEvent } from '../../src/pipeline/progress.js';
import { ResourcePool } from '../../src/pipeline/resource-pool.js';

describe('Profiler', () => {
  it('records tasks, summarises stages by wall time and prints the seed-style lines', async () => {
    let clock = 0;
    const events: ProgressEvent[] = [];
    const profiler = new Profiler((e) => events.push(e), () => clock);
    await profiler.task({ id: 'speech:1', stage: 'speech', slide: 1 }, () => {
      clock += 1000;
    });
    await profiler.task({ id: 'speech:2', stage: 'speech', slide: 2 }, () => {
      clock += 500;
    });
    await expect(
      profiler.task({ id: 'video', stage: 'video' }, () => {
        clock += 250;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const profile = profiler.profile();
    expect(profile.totalMs).toBe(1750);
    const speech = profile.stages.find((s) => s.stage === 'speech')!;
    expect(speech.wallMs).toBe(1500);
    expect(speech.tasks).toBe(2);
    expect(profile.slides.map((s) => s.slide)).toEqual([1, 2]);
    expect(profile.tasks.find((t) => t.id === 'video')?.failed).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['task-started', 'task-finished', 'task-started', 'task-finished', 'task-started', 'task-failed']);
    const lines = formatStepLines(profile);
    expect(lines[0]).toBe('[⏱] Step: Synthesize Audio: 1.50s');
    expect(lines.at(-1)).toBe('TOTAL: 1.75s');
  });
});

describe('ResourcePool', () => {
  it('never runs more than its size at once and runs everything', async () => {
    const pool = new ResourcePool('cpu', 3);
    let running = 0;
    let maxSeen = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pool.run(async () => {
          running += 1;
          maxSeen = Math.max(maxSeen, running);
          await new Promise((r) => setTimeout(r, 5 + (i % 3) * 3));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(results).toEqual([...Array(12).keys()]);
    expect(maxSeen).toBe(3);
    expect(pool.peak).toBe(3);
  });

  it('rejects waiting tasks on abort with the aborted code', async () => {
    const pool = new ResourcePool('llm', 1);
    const controller = new AbortController();
    const first = pool.run(() => new Promise((r) => setTimeout(r, 50)));
    const second = pool.run(async () => 'never', controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    await first;
    expect(pool.running).toBe(0);
  });
});
