import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LectureAacStream } from '../../src/media/lecture-aac-stream.js';
import { probeMedia } from '../../src/media/probe.js';
import { runFfmpeg } from '../../src/media/run-ffmpeg.js';
import { concatSamples } from '../../src/media/wav.js';
import { binaries, makeTempDir, processesWith, tone } from './helpers.js';
import { readFile } from 'node:fs/promises';

const RATE = 22050;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('aac-stream');
});
afterAll(async () => tmp?.cleanup());

/** Slide i: a tone of its own pitch, (1 + i/2) s long, in two parts. */
function slideParts(i: number): Int16Array[] {
  const whole = tone(1 + i / 2, 220 + 70 * i, RATE);
  const cut = Math.floor(whole.length / 3);
  return [whole.subarray(0, cut), whole.subarray(cut)];
}

async function decode(file: string): Promise<Int16Array> {
  const raw = path.join(tmp.dir, `${path.basename(file)}.raw`);
  await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', file, '-f', 's16le', '-ac', '1', '-ar', String(RATE), raw], { binary: binaries.ffmpeg });
  const bytes = await readFile(raw);
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
}

/** Normalised correlation of a window of `a` against `b` at the same position. */
function correlation(a: Int16Array, b: Int16Array, at: number, length = 2000): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = at; i < at + length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('LectureAacStream', () => {
  it('encodes slides handed over out of order as one track in slide order, sample-aligned', async () => {
    const out = path.join(tmp.dir, 'ordered.m4a');
    const stream = new LectureAacStream({ binary: binaries.ffmpeg, out });
    const slides = [0, 1, 2, 3].map(slideParts);
    // Slide 3 first (does not start the encoder), then 1 (starts it), 0, 2.
    stream.put(3, slides[3]!, RATE, false);
    expect(stream.started).toBe(false);
    stream.put(1, slides[1]!, RATE, true);
    expect(stream.started).toBe(true);
    stream.put(0, slides[0]!, RATE, false);
    stream.put(2, slides[2]!, RATE, false);
    await stream.finish(4);

    const expected = concatSamples(slides.flat());
    const probe = await probeMedia(out, { binary: binaries.ffprobe });
    expect(probe.streams.map((s) => s.codecName)).toEqual(['aac']);
    expect(Math.abs(probe.durationSec - expected.length / RATE)).toBeLessThan(0.03);
    const decoded = await decode(out);
    // Each slide's tone sits exactly where the timeline puts it (a swapped or shifted slide would not correlate).
    let start = 0;
    for (const parts of slides) {
      const length = parts.reduce((n, p) => n + p.length, 0);
      expect(correlation(decoded, expected, start + Math.floor(length / 2))).toBeGreaterThan(0.95);
      start += length;
    }
  });

  it('spawns nothing until asked to start, and cancel stops a waiting encoder (no FFmpeg left, no file)', async () => {
    const idle = new LectureAacStream({ binary: binaries.ffmpeg, out: path.join(tmp.dir, 'idle.m4a') });
    idle.put(0, slideParts(0), RATE, false);
    await idle.cancel();
    expect(idle.started).toBe(false);
    await expect(idle.finish(1)).rejects.toMatchObject({ code: 'internal' });

    const token = `cancel-${process.pid}.m4a`;
    const waiting = new LectureAacStream({ binary: binaries.ffmpeg, out: path.join(tmp.dir, token) });
    waiting.put(1, slideParts(1), RATE, true); // slide 0 never arrives: the encoder waits for it
    for (let waited = 0; processesWith(token).length === 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(token).length).toBe(1);
    await waiting.cancel();
    expect(processesWith(token)).toEqual([]);
  });

  it('an aborted run kills the encoder; finish rejects with "aborted"', async () => {
    const controller = new AbortController();
    const stream = new LectureAacStream({ binary: binaries.ffmpeg, out: path.join(tmp.dir, 'aborted.m4a'), signal: controller.signal });
    stream.put(0, slideParts(0), RATE, true);
    const finished = stream.finish(3);
    controller.abort();
    await expect(finished).rejects.toMatchObject({ code: 'aborted' });
  });

  it('refuses a slide at another sample rate', () => {
    const stream = new LectureAacStream({ binary: binaries.ffmpeg, out: path.join(tmp.dir, 'rates.m4a') });
    stream.put(0, slideParts(0), RATE, false);
    expect(() => stream.put(1, slideParts(1), 24000, false)).toThrow(/24000 Hz/);
    expect(existsSync(path.join(tmp.dir, 'rates.m4a'))).toBe(false);
  });
});
