import { LectraError } from '../errors.js';
import { runFfprobe } from './run-ffmpeg.js';

export interface ProbedStream {
  index: number;
  codecType: string;
  codecName: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
  language?: string;
  pixFmt?: string;
  durationSec?: number;
}

export interface ProbedChapter {
  start: number;
  end: number;
  title: string;
}

export interface ProbedMedia {
  durationSec: number;
  streams: ProbedStream[];
  chapters: ProbedChapter[];
}

/** Streams, duration and chapters of a media file, via `ffprobe -print_format json`. */
export async function probeMedia(file: string, options: { binary: string; signal?: AbortSignal }): Promise<ProbedMedia> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-show_chapters', file];
  const stdout = await runFfprobe(args, options);
  try {
    return parseProbeJson(JSON.parse(stdout) as FfprobeJson);
  } catch (error) {
    throw new LectraError('ffmpeg-failed', `ffprobe printed output that is not the expected JSON for ${file}.`, {
      cause: error,
      file,
      details: stdout.split('\n').slice(0, 10),
    });
  }
}

interface FfprobeJson {
  streams?: Array<Record<string, unknown> & { tags?: Record<string, string> }>;
  format?: { duration?: string };
  chapters?: Array<{ start_time?: string; end_time?: string; tags?: Record<string, string> }>;
}

/** Pure mapping from ffprobe's JSON (numbers arrive as strings) to our shape. */
export function parseProbeJson(json: FfprobeJson): ProbedMedia {
  const streams = (json.streams ?? []).map(toStream);
  const formatDuration = num(json.format?.duration);
  const durationSec = formatDuration ?? Math.max(0, ...streams.map((s) => s.durationSec ?? 0));
  const chapters = (json.chapters ?? []).map((c) => ({
    start: num(c.start_time) ?? 0,
    end: num(c.end_time) ?? 0,
    title: c.tags?.title ?? '',
  }));
  return { durationSec, streams, chapters };
}

function toStream(raw: Record<string, unknown> & { tags?: Record<string, string> }): ProbedStream {
  const stream: ProbedStream = {
    index: Number(raw.index),
    codecType: String(raw.codec_type ?? ''),
    codecName: String(raw.codec_name ?? ''),
  };
  const optional: Array<[keyof ProbedStream, number | string | undefined]> = [
    ['width', num(raw.width)],
    ['height', num(raw.height)],
    ['sampleRate', num(raw.sample_rate)],
    ['channels', num(raw.channels)],
    ['language', raw.tags?.language],
    ['pixFmt', typeof raw.pix_fmt === 'string' ? raw.pix_fmt : undefined],
    ['durationSec', num(raw.duration)],
  ];
  for (const [key, value] of optional) if (value !== undefined) (stream as unknown as Record<string, unknown>)[key] = value;
  return stream;
}

function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === 'N/A') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
