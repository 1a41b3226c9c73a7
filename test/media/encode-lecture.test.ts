import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { parseSync, type NodeCue } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LectraError } from '../../src/errors.js';
import { encodeLecture, writeSubtitleFiles } from '../../src/media/encode-lecture.js';
import { probeMedia } from '../../src/media/probe.js';
import { runFfmpeg, runFfprobe } from '../../src/media/run-ffmpeg.js';
import { buildTimeline, type Timeline, type TimelineSlideInput } from '../../src/media/timeline.js';
import { concatSamples, silence } from '../../src/media/wav.js';
import { binaries, makeSlidePng, makeTempDir, processesWith, slideColour, tone, writeWav } from './helpers.js';
import { rejection as rejectionOf } from '../support/rejection.js';

const rejection = (promise: Promise<unknown>) => rejectionOf<LectraError>(promise);

const RATE = 22050;

interface Lecture {
  frames: string[];
  timeline: Timeline;
  audioWav: string;
}

/** Slides of the given lengths (in samples): a tone with narration text, then a short pause. */
async function makeLecture(dir: string, name: string, lengths: number[], titles?: string[], pngSize?: { width: number; height: number }): Promise<Lecture> {
  const slides: TimelineSlideInput[] = [];
  const audio: Int16Array[] = [];
  const frames: string[] = [];
  for (const [i, length] of lengths.entries()) {
    const pause = Math.min(2205, Math.floor(length / 4));
    const speech = length - pause;
    audio.push(tone(speech / RATE, 300 + 40 * i, RATE), silence(pause / RATE, RATE));
    slides.push({
      title: titles?.[i] ?? `Slide ${i + 1}`,
      segments: [
        { kind: 'speech', samples: speech, text: `This is the narration for slide number ${i + 1}, which explains one idea in plain words.` },
        { kind: 'silence', samples: pause },
      ],
    });
    const frame = path.join(dir, `${name}-${i + 1}.png`);
    await makeSlidePng(frame, i, pngSize);
    frames.push(frame);
  }
  const audioWav = path.join(dir, `${name}.wav`);
  await writeWav(audioWav, concatSamples(audio), RATE);
  return { frames, timeline: buildTimeline(slides, RATE), audioWav };
}

/**
 * The picture a player shows at `t` (the last frame with pts ≤ t), as the index of the nearest
 * slide colour. The video is sparse (a frame per picture change, at least every 2 s), so a plain
 * input `-ss t` would drop that frame. Instead: seek 3 s early, let fps=50 repeat frames on a
 * 20 ms grid, and pick the grid point at t with an output `-ss`.
 */
async function slideShownAt(file: string, t: number, dir: string, colours: number): Promise<number> {
  const png = path.join(dir, `at-${t.toFixed(3)}.png`);
  const from = Math.max(0, t - 3);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-ss', from.toFixed(3), '-i', file];
  args.push('-vf', 'fps=50', '-ss', (t - from).toFixed(3), '-frames:v', '1', png);
  await runFfmpeg(args, { binary: binaries.ffmpeg });
  const { data } = await sharp(png).extract({ left: 900, top: 900, width: 100, height: 100 }).raw().toBuffer({ resolveWithObject: true });
  const [r, g, b] = [data[0], data[1], data[2]];
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < colours; i++) {
    const c = slideColour(i);
    const d = (c.r - r) ** 2 + (c.g - g) ** 2 + (c.b - b) ** 2;
    if (d < bestDistance) [best, bestDistance] = [i, d];
  }
  return best;
}


const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.tmp-'));

describe('encodeLecture (real FFmpeg)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir('encode')));
  afterAll(() => cleanup());

  it('encodes a 5-slide lecture with h264, aac, mov_text (eng) and 5 titled chapters', async () => {
    const titles = ['Welcome', 'Risks = costs; #1 \\ big', 'Data', 'Models', 'Summary'];
    const lecture = await makeLecture(dir, 'five', [2.3, 3.1, 1.7, 2.9, 2.5].map((s) => Math.round(s * RATE) + 11), titles);
    const outFile = path.join(dir, 'out', 'five.mp4');
    const fractions: number[] = [];
    await encodeLecture({
      ...lecture,
      outFile,
      workDir: path.join(dir, 'work-five'),
      title: 'AI in Healthcare',
      lang: 'en-US',
      binaries,
      onProgress: (p) => p.fraction !== undefined && fractions.push(p.fraction),
    });
    expect(leftovers(path.dirname(outFile))).toEqual([]);
    expect(fractions.length).toBeGreaterThan(0);

    const probed = await probeMedia(outFile, { binary: binaries.ffprobe });
    const byType = (t: string) => probed.streams.filter((s) => s.codecType === t);
    expect(byType('video')).toHaveLength(1);
    expect(byType('video')[0]).toMatchObject({ codecName: 'h264', width: 1920, height: 1080, pixFmt: 'yuv420p' });
    expect(byType('audio')).toHaveLength(1);
    expect(byType('audio')[0]).toMatchObject({ codecName: 'aac', sampleRate: RATE, channels: 1 });
    expect(byType('subtitle')).toHaveLength(1);
    expect(byType('subtitle')[0]).toMatchObject({ codecName: 'mov_text', language: 'eng' });
    expect(probed.chapters.map((c) => c.title)).toEqual(titles);
    expect(probed.chapters[1].start).toBeCloseTo(lecture.timeline.slides[1].start, 2);
    expect(Math.abs(probed.durationSec - lecture.timeline.totalSec)).toBeLessThan(0.1);

    const format = JSON.parse(await runFfprobe(['-v', 'error', '-print_format', 'json', '-show_format', outFile], { binary: binaries.ffprobe }));
    expect(format.format.tags.title).toBe('AI in Healthcare');

    // The embedded subtitle track holds the narration.
    const srtBack = path.join(dir, 'five-back.srt');
    await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', outFile, '-map', '0:s', srtBack], { binary: binaries.ffmpeg });
    const cues = parseSync(await readFile(srtBack, 'utf8')).filter((n): n is NodeCue => n.type === 'cue');
    expect(cues.map((c) => c.data.text.replace(/\s+/g, ' ')).join(' ')).toContain('narration for slide number 5, which explains');
  });

  it('changes slides within a frame of the audio timeline after 50 slides, with a keyframe at each', async () => {
    const lengths = Array.from({ length: 50 }, (_, i) => 13_000 + ((i * 7919) % 17_000)); // 0.59–1.36 s, odd sample counts
    const lecture = await makeLecture(dir, 'fifty', lengths, undefined, { width: 640, height: 360 });
    const outFile = path.join(dir, 'fifty.mp4');
    await encodeLecture({ ...lecture, outFile, workDir: path.join(dir, 'work-fifty'), binaries });

    const last = lecture.timeline.slides[49].start;
    expect(await slideShownAt(outFile, last + 0.05, dir, 6)).toBe(49 % 6);
    expect(await slideShownAt(outFile, last - 0.05, dir, 6)).toBe(48 % 6);

    const packets = JSON.parse(
      await runFfprobe(['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,flags', '-print_format', 'json', outFile], { binary: binaries.ffprobe }),
    ).packets as Array<{ pts_time: string; flags: string }>;
    const keyTimes = packets.filter((p) => p.flags.startsWith('K')).map((p) => Number(p.pts_time));
    for (const slide of lecture.timeline.slides) {
      expect(Math.min(...keyTimes.map((k) => Math.abs(k - slide.start)))).toBeLessThanOrEqual(0.021);
    }
    expect(packets.some((p) => p.flags.includes('D'))).toBe(false); // nothing cut by the edit list
    const probed = await probeMedia(outFile, { binary: binaries.ffprobe });
    expect(probed.chapters).toHaveLength(50);
    expect(Math.abs(probed.durationSec - lecture.timeline.totalSec)).toBeLessThan(0.1);
  });

  it('aborts: rejects with aborted, leaves no FFmpeg child, no output and no temp file', async () => {
    const lecture = await makeLecture(dir, 'abort', Array.from({ length: 10 }, () => 16 * RATE));
    const outDir = path.join(dir, 'abort-out');
    const outFile = path.join(outDir, 'abort.mp4');
    const controller = new AbortController();
    const run = encodeLecture({ ...lecture, outFile, workDir: path.join(dir, 'work-abort'), binaries, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await rejection(run)).code).toBe('aborted');
    expect(processesWith(outFile)).toEqual([]);
    expect(existsSync(outFile)).toBe(false);
    expect(leftovers(outDir)).toEqual([]);
  });

  it('fails with ffmpeg-failed and the stderr tail when a frame is missing, leaving nothing behind', async () => {
    const lecture = await makeLecture(dir, 'bad', [RATE, RATE]);
    const outFile = path.join(dir, 'bad-out', 'bad.mp4');
    const frames = [lecture.frames[0], path.join(dir, 'missing-frame.png')];
    const error = await rejection(encodeLecture({ ...lecture, frames, outFile, workDir: path.join(dir, 'work-bad'), binaries }));
    expect(error.code).toBe('ffmpeg-failed');
    expect(error.details[0]).toMatch(/^\$ .*ffmpeg .*-f concat/);
    expect(error.details.join('\n')).toContain('missing-frame.png');
    expect(existsSync(outFile)).toBe(false);
    expect(leftovers(path.dirname(outFile))).toEqual([]);
  });

  it('writes lecture.srt and lecture.vtt', async () => {
    const timeline = buildTimeline([{ title: 'a', segments: [{ kind: 'speech', samples: RATE, text: 'Hello.' }] }], RATE);
    const files = await writeSubtitleFiles(timeline, path.join(dir, 'subs'), 'en');
    expect(await readFile(files.srt, 'utf8')).toBe('1\n00:00:00,000 --> 00:00:01,000\nHello.\n');
    expect(await readFile(files.vtt, 'utf8')).toBe('WEBVTT\nLanguage: en\n\n00:00:01.000'.replace('00:00:01.000', '00:00:00.000 --> 00:00:01.000\nHello.\n'));
    expect(leftovers(path.join(dir, 'subs'))).toEqual([]);
  });

  it('measures a ~160 s, 10-slide lecture', async () => {
    const lecture = await makeLecture(dir, 'bench', Array.from({ length: 10 }, (_, i) => Math.round((16 + (i % 3) * 0.37) * RATE)));
    const outFile = path.join(dir, 'bench.mp4');
    const started = performance.now();
    await encodeLecture({ ...lecture, outFile, workDir: path.join(dir, 'work-bench'), binaries });
    const seconds = (performance.now() - started) / 1000;
    console.info(`[media] encode of ${lecture.timeline.totalSec.toFixed(1)} s, 10-slide lecture: ${seconds.toFixed(2)} s wall`);
    const probed = await probeMedia(outFile, { binary: binaries.ffprobe });
    expect(Math.abs(probed.durationSec - lecture.timeline.totalSec)).toBeLessThan(0.1);
  });
});
