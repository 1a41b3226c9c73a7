import type { Timeline } from './timeline.js';

export interface ChapterMeta {
  title?: string;
  artist?: string;
}

/**
 * An FFMETADATA1 file: global title/artist and one [CHAPTER] per slide in milliseconds.
 * Boundaries are rounded from the timeline's exact times, so a chapter ends where the next starts. Pure.
 */
export function toFfmetadata(timeline: Timeline, meta: ChapterMeta = {}): string {
  const lines = [';FFMETADATA1'];
  if (meta.title !== undefined) lines.push(`title=${escapeFfmetadata(meta.title)}`);
  if (meta.artist !== undefined) lines.push(`artist=${escapeFfmetadata(meta.artist)}`);
  for (const slide of timeline.slides) {
    lines.push(
      '',
      '[CHAPTER]',
      'TIMEBASE=1/1000',
      `START=${Math.round(slide.start * 1000)}`,
      `END=${Math.round(slide.end * 1000)}`,
      `title=${escapeFfmetadata(slide.title)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `=`, `;`, `#`, `\` and newlines are special in ffmetadata; each gets a backslash before it. */
export function escapeFfmetadata(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[=;#\\\n]/g, (ch) => `\\${ch}`);
}
