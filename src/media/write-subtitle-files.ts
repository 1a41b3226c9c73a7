import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { toSrt, toVtt } from './subtitles.js';
import type { Timeline } from './timeline.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

/** Writes lecture.srt and lecture.vtt into outDir (each atomically) and returns their paths. */
export async function writeSubtitleFiles(timeline: Timeline, outDir: string, lang?: string): Promise<{ srt: string; vtt: string }> {
  await mkdir(outDir, { recursive: true });
  const srt = path.join(outDir, 'lecture.srt');
  const vtt = path.join(outDir, 'lecture.vtt');
  await Promise.all([writeFileAtomic(srt, toSrt(timeline)), writeFileAtomic(vtt, toVtt(timeline, lang))]);
  return { srt, vtt };
}
