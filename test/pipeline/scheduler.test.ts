import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECK_VERSION, SlideSchema, type Deck, type Slide } from '../../src/deck/schema.js';
import type { Profile } from '../../src/pipeline/profiler.js';
import { renderLecture } from '../../src/pipeline/render-lecture.js';
import type { SpeechProvider } from '../../src/speech/contract.js';

/**
 * The scheduler with fake tasks of known durations: slides "written" every ARRIVE ms (as an LLM
 * would), speech taking SPEAK ms per slide on one engine slot. The per-slide schedule should take
 * the critical path (last arrival + one speech); the staged one the sum of the stage maxima
 * (last arrival + every speech one after the other). Generous tolerances: 2 shared cores.
 */
const N = 6;
const ARRIVE = 120;
const SPEAK = 90;
const RATE = 8000;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-sched-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeSpeech(active: { now: number; peak: number }): SpeechProvider {
  return {
    id: 'fake',
    acceptsSsml: false,
    sampleRate: RATE,
    voices: async () => [{ id: 'v', name: 'Fake', languages: ['en'] }],
    defaultVoice: () => 'v',
    async synthesize() {
      active.now += 1;
      active.peak = Math.max(active.peak, active.now);
      await new Promise((r) => setTimeout(r, SPEAK));
      active.now -= 1;
      const samples = new Int16Array(RATE / 2).map((_, i) => Math.round(8000 * Math.sin(i / 3)));
      return { samples, sampleRate: RATE };
    },
    close: async () => {},
  };
}

function header(): Deck {
  return { version: DECK_VERSION, title: 'Schedule', lang: 'en', theme: 'light', slides: [] };
}

function arrivingSlides(): Array<Promise<Slide>> {
  return Array.from({ length: N }, (_, i) => new Promise<Slide>((resolve) => setTimeout(() => resolve(SlideSchema.parse({ title: `Slide ${i + 1}`, narration: `Sentence ${i + 1}.` })), i * ARRIVE)));
}

async function run(schedule: 'per-slide' | 'staged'): Promise<{ wallMs: number; profile: Profile; peak: number }> {
  const active = { now: 0, peak: 0 };
  const started = performance.now();
  const result = await renderLecture(
    { header: header(), slides: arrivingSlides(), warnings: [] },
    { out: path.join(dir, schedule), only: ['deck', 'audio'], schedule, noCache: true },
    { speechProvider: fakeSpeech(active) },
  );
  return { wallMs: performance.now() - started, profile: result.profile, peak: active.peak };
}

describe('scheduler', () => {
  it('per-slide: wall time is the critical path (last arrival + one speech), speech never exceeds its one slot', async () => {
    const { wallMs, profile, peak } = await run('per-slide');
    const criticalPath = (N - 1) * ARRIVE + SPEAK;
    expect(wallMs).toBeGreaterThanOrEqual(criticalPath - 5);
    expect(wallMs).toBeLessThan(criticalPath + 350);
    expect(peak).toBe(1);
    // Speech starts as slides arrive, long before the last one (the first layout loads the fonts).
    const speech = profile.tasks.filter((t) => t.stage === 'speech').sort((a, b) => a.slide! - b.slide!);
    expect(speech[0]!.startMs).toBeLessThan((N - 3) * ARRIVE);
    expect(speech.at(-2)!.endMs).toBeLessThan((N - 1) * ARRIVE + 5);
  });

  it('staged: wall time is the sum of the stage maxima (all slides, then all speech one by one)', async () => {
    const { wallMs, profile, peak } = await run('staged');
    const stageSum = (N - 1) * ARRIVE + N * SPEAK;
    expect(wallMs).toBeGreaterThanOrEqual(stageSum - 5);
    expect(wallMs).toBeLessThan(stageSum + 350);
    expect(peak).toBe(1);
    const firstSpeech = Math.min(...profile.tasks.filter((t) => t.stage === 'speech').map((t) => t.startMs));
    expect(firstSpeech).toBeGreaterThanOrEqual((N - 1) * ARRIVE - 5);
  });
});

describe('abort', () => {
  it('an aborted run leaves its finished tasks in the cache; the re-run uses them and completes', async () => {
    const cacheDir = path.join(dir, 'abort-cache');
    const out = path.join(dir, 'abort-out');
    const controller = new AbortController();
    const ready = () => Array.from({ length: N }, (_, i) => Promise.resolve(SlideSchema.parse({ title: `Slide ${i + 1}`, narration: `Sentence ${i + 1}.` })));
    // Speech is serial on one slot: abort once about half the slides have been spoken.
    setTimeout(() => controller.abort(), SPEAK * (N / 2) + 150);
    await expect(
      renderLecture({ header: header(), slides: ready(), warnings: [] }, { out, only: ['deck', 'audio'], cacheDir }, { speechProvider: fakeSpeech({ now: 0, peak: 0 }), signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(fs.existsSync(path.join(out, 'deck.json'))).toBe(false);
    const again = await renderLecture({ header: header(), slides: ready(), warnings: [] }, { out, only: ['deck', 'audio'], cacheDir }, { speechProvider: fakeSpeech({ now: 0, peak: 0 }) });
    const speech = again.profile.tasks.filter((t) => t.stage === 'speech');
    expect(speech.filter((t) => t.cached).length).toBeGreaterThan(0);
    expect(speech.filter((t) => !t.cached).length).toBeGreaterThan(0);
    expect(fs.existsSync(again.files.timings!)).toBe(true);
  });
});
