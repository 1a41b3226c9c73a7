import type { Timeline, TimelineCue, TimelineWord } from './timeline.js';

export interface SubtitleCue {
  /** Whole milliseconds, so consecutive cues share exact boundaries. */
  startMs: number;
  endMs: number;
  /** One or two lines joined by "\n". */
  text: string;
}

export interface SubtitleLayout {
  maxChars?: number;
  maxLines?: number;
}

const MAX_CHARS = 42;
const MAX_LINES = 2;

// Natural breaks, from strongest to weakest: sentence ends, clause punctuation, any space.
const BREAKS: RegExp[] = [/(?<=[.!?…]["»”’)]?)\s+/u, /(?<=[,;:])\s+|\s+(?=[—–]\s)/u, /\s+/u];

/** SubRip text for the timeline's cues (HH:MM:SS,mmm). Pure. */
export function toSrt(timeline: Timeline, layout: SubtitleLayout = {}): string {
  return subtitleCues(timeline, layout)
    .map((cue, i) => `${i + 1}\n${formatTime(cue.startMs, ',')} --> ${formatTime(cue.endMs, ',')}\n${cue.text}\n`)
    .join('\n');
}

/** WebVTT text (HH:MM:SS.mmm), with a Language header when `lang` is given. Pure. */
export function toVtt(timeline: Timeline, lang?: string, layout: SubtitleLayout = {}): string {
  const header = lang ? `WEBVTT\nLanguage: ${lang.replace(/\s+/g, '')}\n` : 'WEBVTT\n';
  const cues = subtitleCues(timeline, layout).map(
    (cue) => `${formatTime(cue.startMs, '.')} --> ${formatTime(cue.endMs, '.')}\n${escapeVtt(cue.text)}\n`,
  );
  return [header, ...cues].join('\n');
}

/**
 * Every displayable cue in order: long narration split into readable pieces, times rounded to
 * the millisecond, each starting no earlier than the previous one ends.
 */
export function subtitleCues(timeline: Timeline, layout: SubtitleLayout = {}): SubtitleCue[] {
  const out: SubtitleCue[] = [];
  let lastEnd = 0;
  for (const cue of timeline.slides.flatMap((slide) => slide.cues)) {
    for (const piece of splitTimedCue(cue, layout)) {
      const startMs = Math.max(lastEnd, Math.round(piece.start * 1000));
      const endMs = Math.round(piece.end * 1000);
      if (endMs <= startMs) continue; // too short to show
      out.push({ startMs, endMs, text: piece.text });
      lastEnd = endMs;
    }
  }
  return out;
}

/**
 * Splits text into cue texts of at most `maxLines` lines of at most `maxChars` characters,
 * breaking at sentence ends first, then clause punctuation, then spaces. Each returned
 * string is one cue, its lines joined by "\n". A single word longer than a line stays whole.
 */
export function splitCueText(text: string, maxChars = MAX_CHARS, maxLines = MAX_LINES): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  const fits = (candidate: string): boolean => {
    const lines = wrapLines(candidate, maxChars);
    return lines.length <= maxLines && lines.every((line) => line.length <= maxChars);
  };
  return packUnits([clean], 0, fits).map((chunk) => wrapLines(chunk, maxChars).join('\n'));
}

/** Greedy packing: join units while they fit; a unit that does not fit is split at the next weaker break. */
function packUnits(units: string[], level: number, fits: (s: string) => boolean): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const unit of units) {
    const joined = current ? `${current} ${unit}` : unit;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    if (current) chunks.push(current);
    current = '';
    if (fits(unit) || level >= BREAKS.length) {
      current = unit;
      continue;
    }
    const parts = packUnits(unit.split(BREAKS[level]).filter(Boolean), level + 1, fits);
    chunks.push(...parts.slice(0, -1));
    current = parts.at(-1) ?? '';
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Wraps at spaces into the fewest lines; two lines are balanced so neither is much longer. */
function wrapLines(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const words = text.split(' ');
  const greedy: string[] = [];
  for (const word of words) {
    const last = greedy.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= maxChars) greedy[greedy.length - 1] = `${last} ${word}`;
    else greedy.push(word);
  }
  if (greedy.length !== 2) return greedy;
  let best = greedy;
  for (let i = 1; i < words.length; i++) {
    const pair = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    if (pair.every((l) => l.length <= maxChars) && Math.max(pair[0].length, pair[1].length) < Math.max(best[0].length, best[1].length)) best = pair;
  }
  return best;
}

interface TimedText {
  start: number;
  end: number;
  text: string;
}

/** One timeline cue → displayable pieces, timed by word timings when they line up, else by characters. */
function splitTimedCue(cue: TimelineCue, layout: SubtitleLayout): TimedText[] {
  const pieces = splitCueText(cue.text, layout.maxChars ?? MAX_CHARS, layout.maxLines ?? MAX_LINES);
  if (pieces.length <= 1) return pieces.map((text) => ({ start: cue.start, end: cue.end, text }));
  const starts = (cue.words && wordStarts(pieces, cue.words)) ?? charStarts(pieces, cue.start, cue.end);
  return pieces.map((text, i) => ({ start: i === 0 ? cue.start : starts[i], end: i + 1 < pieces.length ? starts[i + 1] : cue.end, text }));
}

/** Start of each piece from the engine's word times; undefined when its words do not match the text's. */
function wordStarts(pieces: string[], words: TimelineWord[]): number[] | undefined {
  const counts = pieces.map((p) => p.split(/\s+/).length);
  if (counts.reduce((a, b) => a + b, 0) !== words.length) return undefined;
  const starts: number[] = [];
  let index = 0;
  for (const count of counts) {
    starts.push(words[index].start);
    index += count;
  }
  // Word times must move forward for the pieces to be in order.
  return starts.every((t, i) => i === 0 || t >= starts[i - 1]) ? starts : undefined;
}

/** Divides [start, end] in proportion to each piece's characters (from cumulative counts, no drift). */
function charStarts(pieces: string[], start: number, end: number): number[] {
  const lengths = pieces.map((p) => p.replace(/\n/g, ' ').length);
  const total = lengths.reduce((a, b) => a + b, 0);
  let before = 0;
  return lengths.map((length) => {
    const t = start + ((end - start) * before) / total;
    before += length;
    return t;
  });
}

function formatTime(ms: number, separator: ',' | '.'): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** WebVTT treats & and < as markup; escaping > also keeps "-->" out of cue text. */
function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
