import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECK_VERSION, SlideSchema, type Deck, type Slide } from '../../src/deck/schema.js';
import { renderLecture } from '../../src/pipeline/render-lecture.js';
import type { SpeechProvider } from '../../src/speech/contract.js';

/**
 * The scheduler, checked first by the order of events rather than by the clock (2 shared CI cores
 * make tight wall-time bounds flaky; the real timings live in `lectra bench`). Slides arrive when the test says so,
 * as an LLM would write them; a fake engine with one slot records when each slide's speech starts.
 * Per-slide: slide k is spoken before slide k+1 has even arrived. Staged: no speech starts until
 * every slide has arrived. A second pair of tests checks wall times against the critical path and
 * the sum of stage maxima, with slack that is a fraction of the gap between the two.
 */
const N = 6;
const RATE = 8000;
const WAIT_MS = 10_000;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-sched-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Records the order of arrivals and speech starts, and lets the test wait for a slide's speech. */
class EventLog {
  readonly events: string[] = [];
  active = 0;
  peak = 0;
  private readonly spoken = Array.from({ length: N }, () => deferred<void>());

  speechStarted(slide: number): void {
    this.events.push(`speak ${slide}`);
    this.spoken[slide]?.resolve();
  }

  /** Waits for slide `slide`'s speech to start; fails (instead of hanging) if it never does. */
  async waitForSpeech(slide: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`speech for slide ${slide + 1} did not start before the next slide arrived`)), WAIT_MS);
    });
    await Promise.race([this.spoken[slide]!.promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function fakeSpeech(log: EventLog, onCall?: (call: number) => void, speakMs = 20): SpeechProvider {
  let calls = 0;
  return {
    id: 'fake',
    acceptsSsml: false,
    sampleRate: RATE,
    voices: async () => [{ id: 'v', name: 'Fake', languages: ['en'] }],
    defaultVoice: () => 'v',
    async synthesize({ text }) {
      onCall?.(++calls);
      log.active += 1;
      log.peak = Math.max(log.peak, log.active);
      log.speechStarted(Number(/Sentence (\d+)/.exec(text)?.[1]) - 1);
      await new Promise((r) => setTimeout(r, speakMs));
      log.active -= 1;
      const samples = new Int16Array(RATE / 2).map((_, i) => Math.round(8000 * Math.sin(i / 3)));
      return { samples, sampleRate: RATE };
    },
    close: async () => {},
  };
}

function header(): Deck {
  return { version: DECK_VERSION, title: 'Schedule', lang: 'en', theme: 'light', slides: [] };
}

function slide(i: number): Slide {
  return SlideSchema.parse({ title: `Slide ${i + 1}`, narration: `Sentence ${i + 1}.` });
}

function start(schedule: 'per-slide' | 'staged', log: EventLog) {
  const arrivals = Array.from({ length: N }, () => deferred<Slide>());
  const arrive = (i: number) => {
    log.events.push(`arrive ${i}`);
    arrivals[i]!.resolve(slide(i));
  };
  const done = renderLecture(
    { header: header(), slides: arrivals.map((a) => a.promise), warnings: [] },
    { out: path.join(dir, schedule), only: ['deck', 'audio'], schedule, noCache: true },
    { speechProvider: fakeSpeech(log) },
  );
  return { arrive, done };
}

describe('scheduler', () => {
  it('per-slide: each slide is spoken as soon as it arrives, before the next one exists; one speech slot', async () => {
    const log = new EventLog();
    const { arrive, done } = start('per-slide', log);
    for (let i = 0; i < N; i++) {
      arrive(i);
      await log.waitForSpeech(i);
    }
    const result = await done;
    expect(log.events).toEqual(Array.from({ length: N }, (_, i) => [`arrive ${i}`, `speak ${i}`]).flat());
    expect(log.peak).toBe(1);
    expect(result.profile.tasks.filter((t) => t.stage === 'speech')).toHaveLength(N);
  });

  it('staged: no speech starts until every slide has arrived (the seed stage barrier)', async () => {
    const log = new EventLog();
    const { arrive, done } = start('staged', log);
    for (let i = 0; i < N - 1; i++) arrive(i);
    // Give a per-slide scheduler every chance to start speaking early; a staged one must not.
    await new Promise((r) => setTimeout(r, 300));
    expect(log.events.filter((e) => e.startsWith('speak'))).toEqual([]);
    arrive(N - 1);
    await done;
    expect(log.events.slice(0, N)).toEqual(Array.from({ length: N }, (_, i) => `arrive ${i}`));
    expect(log.events.slice(N).sort()).toEqual(Array.from({ length: N }, (_, i) => `speak ${i}`));
    expect(log.peak).toBe(1);
  });
});

describe('scheduler wall time', () => {
  // Slides arrive every ARRIVE ms; speech takes SPEAK ms on one slot. Long enough durations that
  // the two schedules are far apart, so each bound keeps 40% of the gap as slack for a busy machine.
  const ARRIVE = 300;
  const SPEAK = 300;
  const criticalPath = (N - 1) * ARRIVE + SPEAK;
  const stageSum = (N - 1) * ARRIVE + N * SPEAK;
  const slack = 0.4 * (stageSum - criticalPath);

  async function timedRun(schedule: 'per-slide' | 'staged'): Promise<{ wallMs: number; peak: number }> {
    const log = new EventLog();
    const slides = Array.from({ length: N }, (_, i) => new Promise<Slide>((resolve) => setTimeout(() => resolve(slide(i)), i * ARRIVE)));
    const started = performance.now();
    await renderLecture(
      { header: header(), slides, warnings: [] },
      { out: path.join(dir, `timed-${schedule}`), only: ['deck', 'audio'], schedule, noCache: true },
      { speechProvider: fakeSpeech(log, undefined, SPEAK) },
    );
    return { wallMs: performance.now() - started, peak: log.peak };
  }

  it('per-slide takes the critical path (last arrival + one speech)', async () => {
    const { wallMs, peak } = await timedRun('per-slide');
    expect(wallMs).toBeGreaterThanOrEqual(criticalPath - 5);
    expect(wallMs).toBeLessThan(criticalPath + slack);
    expect(peak).toBe(1);
  });

  it('staged takes the sum of the stage maxima (last arrival + every speech in turn)', async () => {
    const { wallMs, peak } = await timedRun('staged');
    expect(wallMs).toBeGreaterThanOrEqual(stageSum - 5);
    expect(wallMs).toBeLessThan(stageSum + slack);
    expect(peak).toBe(1);
  });
});

describe('abort', () => {
  it('an aborted run leaves its finished tasks in the cache; the re-run uses them and completes', async () => {
    const cacheDir = path.join(dir, 'abort-cache');
    const out = path.join(dir, 'abort-out');
    const controller = new AbortController();
    const ready = () => Array.from({ length: N }, (_, i) => Promise.resolve(slide(i)));
    // Speech is serial on one slot: abort as the fourth slide starts speaking, so three are done.
    const aborting = fakeSpeech(new EventLog(), (call) => {
      if (call === 4) controller.abort();
    });
    await expect(
      renderLecture({ header: header(), slides: ready(), warnings: [] }, { out, only: ['deck', 'audio'], cacheDir }, { speechProvider: aborting, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(fs.existsSync(path.join(out, 'deck.json'))).toBe(false);
    const again = await renderLecture({ header: header(), slides: ready(), warnings: [] }, { out, only: ['deck', 'audio'], cacheDir }, { speechProvider: fakeSpeech(new EventLog()) });
    const speech = again.profile.tasks.filter((t) => t.stage === 'speech');
    expect(speech.filter((t) => t.cached).length).toBeGreaterThanOrEqual(3);
    expect(speech.filter((t) => !t.cached).length).toBeGreaterThan(0);
    expect(fs.existsSync(again.files.timings!)).toBe(true);
  });
});
