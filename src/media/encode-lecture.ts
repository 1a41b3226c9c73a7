import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LectraError, throwIfAborted } from '../errors.js';
import type { MediaBinaries } from './binaries.js';
import { toFfmetadata } from './chapters.js';
import { concatBoundariesUs, frameConcatList, lectureVideoArgs } from './ffmpeg-args.js';
import { toIso6392 } from './iso639.js';
import { runFfmpeg, type RunFfmpegProgress } from './run-ffmpeg.js';
import { subtitleCues, toSrt } from './subtitles.js';
import type { Timeline } from './timeline.js';
import { tempNameFor } from '../fs/write-file-atomic.js';

export { writeSubtitleFiles } from './write-subtitle-files.js';

export interface EncodeLectureInput {
  /** One PNG per slide, in timeline order. */
  frames: string[];
  timeline: Timeline;
  /** The whole narration as one WAV, matching the timeline sample for sample. */
  audioWav: string;
  /** The same narration already encoded as AAC (LectureAacStream / lectureAacArgs): muxed as is. */
  audioAac?: string;
  outFile: string;
  /** Where the concat list, chapters and SRT used by FFmpeg are written. */
  workDir: string;
  title?: string;
  /** BCP-47 language of the narration; the subtitle track gets its ISO 639-2 code. */
  lang?: string;
  binaries: Pick<MediaBinaries, 'ffmpeg'>;
  signal?: AbortSignal;
  onProgress?: (progress: RunFfmpegProgress) => void;
}

/**
 * Encodes lecture.mp4 in one FFmpeg run. Output goes to a temp name and is renamed only when
 * complete; on failure or abort the temp file is removed, so `outFile` is whole or absent.
 */
export async function encodeLecture(input: EncodeLectureInput): Promise<void> {
  const { timeline, signal } = input;
  throwIfAborted(signal);
  if (input.frames.length !== timeline.slides.length) {
    throw new LectraError('internal', `encodeLecture got ${input.frames.length} frames for ${timeline.slides.length} slides.`);
  }
  const files = await writeInputs(input);
  const temp = tempNameFor(input.outFile);
  const durations = timeline.slides.map((s) => s.end - s.start);
  // Keyframe times come from the same microsecond boundaries as the concat list, so they match frame times exactly.
  const keyframeTimes = concatBoundariesUs(durations).slice(0, -1).map((us) => us / 1e6);
  const args = lectureVideoArgs({
    concatList: files.concatList,
    audio: path.resolve(input.audioAac ?? input.audioWav),
    audioCopy: input.audioAac !== undefined,
    chapters: files.chapters,
    subtitles: files.subtitles,
    subtitleLang: files.subtitles ? toIso6392(input.lang ?? 'en') : undefined,
    keyframeTimes,
    totalSec: timeline.totalSec,
    out: temp,
    title: input.title,
  });
  try {
    await runFfmpeg(args, { binary: input.binaries.ffmpeg, signal, onProgress: input.onProgress, totalSec: timeline.totalSec });
    throwIfAborted(signal);
    await rename(temp, input.outFile);
  } finally {
    await rm(temp, { force: true });
  }
}

async function writeInputs(input: EncodeLectureInput): Promise<{ concatList: string; chapters: string; subtitles?: string }> {
  const dir = path.resolve(input.workDir);
  await mkdir(dir, { recursive: true });
  await mkdir(path.dirname(path.resolve(input.outFile)), { recursive: true });
  const frames = input.timeline.slides.map((slide, i) => ({ path: path.resolve(input.frames[i]), durationSec: slide.end - slide.start }));
  const concatList = path.join(dir, 'frames.ffconcat');
  const chapters = path.join(dir, 'chapters.ffmetadata');
  await writeFile(concatList, frameConcatList(frames));
  await writeFile(chapters, toFfmetadata(input.timeline, { title: input.title }));
  // FFmpeg rejects an empty SRT input, so a lecture without narration text gets no subtitle track.
  if (subtitleCues(input.timeline).length === 0) return { concatList, chapters };
  const subtitles = path.join(dir, 'lecture.srt');
  await writeFile(subtitles, toSrt(input.timeline));
  return { concatList, chapters, subtitles };
}
