import { describe, expect, it } from 'vitest';
import { concatBoundariesUs, ffmpegBaseArgs, formatSeconds, frameConcatList, lectureAacArgs, lectureVideoArgs, quoteConcatPath } from '../../src/media/ffmpeg-args.js';

/** Sum of the `duration` lines per file, in microseconds, from a list. */
function durationsByFile(list: string): Map<string, number> {
  const totals = new Map<string, number>();
  let current = '';
  for (const line of list.split('\n')) {
    if (line.startsWith('file ')) current = line;
    if (line.startsWith('duration ')) totals.set(current, (totals.get(current) ?? 0) + Math.round(Number(line.slice(9)) * 1e6));
  }
  return totals;
}

describe('frameConcatList', () => {
  it('repeats each slide at least every 2 s and the last file once more', () => {
    expect(frameConcatList([{ path: '/f/1.png', durationSec: 3 }, { path: '/f/2.png', durationSec: 1.5 }], 2)).toBe(
      [
        'ffconcat version 1.0',
        "file '/f/1.png'",
        'duration 1.5',
        "file '/f/1.png'",
        'duration 1.5',
        "file '/f/2.png'",
        'duration 1.46',
        "file '/f/2.png'",
        'duration 0.04',
        "file '/f/2.png'",
        '',
      ].join('\n'),
    );
  });

  it('quotes single quotes as \'\\\'\'', () => {
    expect(quoteConcatPath("/tmp/it's here/a b.png")).toBe("'/tmp/it'\\''s here/a b.png'");
    expect(frameConcatList([{ path: "/x/o'k.png", durationSec: 1 }], 2, 0)).toBe("ffconcat version 1.0\nfile '/x/o'\\''k.png'\nduration 1\nfile '/x/o'\\''k.png'\n");
  });

  it('adds up exactly to each slide, from cumulative boundaries, over 50 odd-length slides', () => {
    const rate = 22050;
    const samples = Array.from({ length: 50 }, (_, i) => 100_000 + i * 7919);
    const frames = samples.map((n, i) => ({ path: `/s/${i}.png`, durationSec: n / rate }));
    const list = frameConcatList(frames, 2);
    const boundaries = concatBoundariesUs(frames.map((f) => f.durationSec));
    const totals = durationsByFile(list);
    frames.forEach((f, i) => expect(totals.get(`file '${f.path}'`)).toBe(boundaries[i + 1] - boundaries[i]));
    // No entry longer than 2 s, and the whole list ends where the audio does (to the microsecond).
    const durations = list.split('\n').filter((l) => l.startsWith('duration ')).map((l) => Number(l.slice(9)));
    expect(Math.max(...durations)).toBeLessThanOrEqual(2);
    const totalSamples = samples.reduce((a, b) => a + b, 0);
    expect(boundaries.at(-1)).toBe(Math.round((totalSamples / rate) * 1e6));
    expect([...totals.values()].reduce((a, b) => a + b, 0)).toBe(boundaries.at(-1));
  });

  it('skips zero-length slides and handles no slides', () => {
    expect(frameConcatList([{ path: '/a.png', durationSec: 0 }, { path: '/b.png', durationSec: 0.05 }])).toBe(
      "ffconcat version 1.0\nfile '/b.png'\nduration 0.05\nfile '/b.png'\n", // too short to split off an end frame
    );
    expect(frameConcatList([])).toBe('ffconcat version 1.0\n');
  });
});

describe('formatSeconds / concatBoundariesUs', () => {
  it('formats microseconds without trailing zeros', () => {
    expect(formatSeconds(0)).toBe('0');
    expect(formatSeconds(2_000_000)).toBe('2');
    expect(formatSeconds(40_000)).toBe('0.04');
    expect(formatSeconds(12_345_678)).toBe('12.345678');
    expect(formatSeconds(-500_000)).toBe('-0.5');
  });

  it('rounds the cumulative sum, never going backwards', () => {
    expect(concatBoundariesUs([0.1, 0.2, 0.3, -1])).toEqual([0, 100_000, 300_000, 600_000, 600_000]);
  });
});

describe('lectureVideoArgs', () => {
  const base = {
    concatList: '/w/frames.ffconcat',
    audio: '/w/lecture.wav',
    chapters: '/w/chapters.ffmetadata',
    keyframeTimes: [0, 12.5, 30.123456],
    totalSec: 45.0000004,
    out: '/o/lecture.mp4.tmp-1',
  };
  const video = [
    '-vf',
    'scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2:color=white,setsar=1,format=yuv420p',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-pix_fmt', 'yuv420p',
    '-bf', '0',
    '-vsync', 'vfr',
    '-force_key_frames', '0,12.5,30.123456',
  ];

  it('builds one run with video, audio, chapters and subtitles', () => {
    expect(lectureVideoArgs({ ...base, subtitles: '/w/lecture.srt', subtitleLang: 'eng', title: 'AI in Healthcare' })).toEqual([
      ...ffmpegBaseArgs(),
      '-xerror',
      '-f', 'concat', '-safe', '0', '-i', '/w/frames.ffconcat',
      '-i', '/w/lecture.wav',
      '-f', 'ffmetadata', '-i', '/w/chapters.ffmetadata',
      '-f', 'srt', '-i', '/w/lecture.srt',
      '-map', '0:v', '-map', '1:a', '-map', '3:s',
      '-map_metadata', '2', '-map_chapters', '2',
      '-metadata', 'title=AI in Healthcare',
      ...video,
      '-c:a', 'aac', '-b:a', '128k', '-aac_coder', 'fast',
      '-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng',
      '-movflags', '+faststart',
      '-t', '45',
      '-f', 'mp4', '/o/lecture.mp4.tmp-1',
    ]);
  });

  it('leaves out the subtitle input, map and codec when there are no subtitles', () => {
    const args = lectureVideoArgs(base);
    expect(args).not.toContain('3:s');
    expect(args).not.toContain('mov_text');
    expect(args).not.toContain('-metadata');
    expect(args.slice(-7)).toEqual(['-movflags', '+faststart', '-t', '45', '-f', 'mp4', '/o/lecture.mp4.tmp-1']);
  });

  it('copies an already encoded AAC track instead of encoding the audio again', () => {
    const args = lectureVideoArgs({ ...base, audio: '/w/lecture.m4a', audioCopy: true });
    expect(args).toContain('/w/lecture.m4a');
    expect(args.slice(args.indexOf('-c:a'), args.indexOf('-c:a') + 2)).toEqual(['-c:a', 'copy']);
    expect(args).not.toContain('aac');
  });

  it('uses the base args quiet but with stats', () => {
    expect(ffmpegBaseArgs()).toEqual(['-hide_banner', '-nostdin', '-loglevel', 'warning', '-stats', '-y']);
  });
});

describe('lectureAacArgs', () => {
  it('encodes raw 16-bit mono PCM from stdin, or a WAV file, to AAC in .m4a', () => {
    const codec = ['-vn', '-c:a', 'aac', '-b:a', '128k', '-aac_coder', 'fast', '-f', 'mp4', '/w/a.m4a'];
    expect(lectureAacArgs({ pcmSampleRate: 22050, out: '/w/a.m4a' })).toEqual([...ffmpegBaseArgs(), '-f', 's16le', '-ar', '22050', '-ac', '1', '-i', 'pipe:0', ...codec]);
    expect(lectureAacArgs({ wav: '/w/lecture.wav', out: '/w/a.m4a' })).toEqual([...ffmpegBaseArgs(), '-i', '/w/lecture.wav', ...codec]);
  });
});

describe('frameConcatList default', () => {
  it('repeats a long slide only every MAX_FRAME_SEC, since each entry costs a PNG decode', async () => {
    const { MAX_FRAME_SEC } = await import('../../src/media/ffmpeg-args.js');
    const list = frameConcatList([{ path: '/a.png', durationSec: 35 }]);
    const entries = list.split('\n').filter((l) => l.startsWith('file ')).length;
    // ceil(35 / 10) = 4 timed entries, plus the end-frame entry and the repeated last file.
    expect(MAX_FRAME_SEC).toBe(10);
    expect(entries).toBeLessThanOrEqual(Math.ceil(35 / MAX_FRAME_SEC) + 2);
  });
});

describe('slideAacArgs', () => {
  it('encodes one WAV to AAC in an MP4 container, with an explicit format for temp names', async () => {
    const { slideAacArgs, ffmpegBaseArgs } = await import('../../src/media/ffmpeg-args.js');
    expect(slideAacArgs({ wav: '/a/s1.wav', out: '/a/s1.m4a.tmp-1' })).toEqual([
      ...ffmpegBaseArgs(),
      '-i', '/a/s1.wav', '-vn', '-c:a', 'aac', '-b:a', '96k', '-aac_coder', 'fast', '-movflags', '+faststart', '-f', 'mp4', '/a/s1.m4a.tmp-1',
    ]);
  });
});
