import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFfmpegProgress } from '../../src/media/parse-ffmpeg-progress.js';

const fixtures = path.resolve('test/fixtures/ffmpeg');
const lines = (name: string): string[] => readFileSync(path.join(fixtures, name), 'utf8').split(/\r\n|\r|\n/);

describe('parseFfmpegProgress', () => {
  it('parses a video stats line', () => {
    expect(parseFfmpegProgress('frame=  102 fps= 66 q=28.0 size=       0kB time=00:00:02.08 bitrate=   0.2kbits/s speed=1.36x    ')).toEqual({
      timeSec: 2.08,
      frame: 102,
      speed: 1.36,
    });
  });

  it('parses an audio-only stats line (no frame=)', () => {
    expect(parseFfmpegProgress('size=     369kB time=00:00:40.00 bitrate=  75.7kbits/s speed= 263x    ')).toEqual({ timeSec: 40, speed: 263 });
  });

  it('handles hours, N/A, negative times and unrelated lines', () => {
    expect(parseFfmpegProgress('frame=1 time=01:02:03.50 speed=N/A')).toEqual({ timeSec: 3723.5, frame: 1 });
    expect(parseFfmpegProgress('frame=    0 fps=0.0 q=0.0 size=       0kB time=N/A bitrate=N/A speed=N/A')).toBeNull();
    expect(parseFfmpegProgress('size=       0kB time=-00:00:00.04 bitrate=N/A speed=N/A')).toEqual({ timeSec: 0 });
    expect(parseFfmpegProgress("Input #0, lavfi, from 'testsrc':")).toBeNull();
    expect(parseFfmpegProgress('  Duration: 00:00:08.00, start: 0.000000, bitrate: N/A')).toBeNull();
    expect(parseFfmpegProgress('')).toBeNull();
  });

  it('finds increasing progress in saved FFmpeg 4.1 stderr of a video encode', () => {
    const parsed = lines('video-encode-stderr.txt').map(parseFfmpegProgress).filter((p) => p !== null);
    expect(parsed.length).toBeGreaterThan(2);
    const times = parsed.map((p) => p!.timeSec);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.at(-1)).toBeCloseTo(8, 1);
    expect(parsed.every((p) => typeof p!.frame === 'number')).toBe(true);
  });

  it('finds the final line in saved audio-encode stderr and nothing in an error', () => {
    const parsed = lines('audio-encode-stderr.txt').map(parseFfmpegProgress).filter((p) => p !== null);
    expect(parsed.at(-1)).toEqual({ timeSec: 40, speed: 263 });
    expect(lines('missing-input-stderr.txt').map(parseFfmpegProgress).filter((p) => p !== null)).toEqual([]);
  });
});
