import type { WordTiming } from '../contract.js';
import type { EdgeWordBoundary } from './edge-protocol.js';

/** How many tokens ahead a boundary may land (skips tokens the engine did not report, e.g. "—"). */
const LOOKAHEAD = 6;

/**
 * Edge reports boundaries for the words *it* sees ("CO2-rich" may be two, "—" none). Subtitle
 * timing needs one timing per whitespace-separated token of the text we sent (subtitles.ts
 * matches words to cue text by count), so boundaries are matched to tokens in order by their
 * letters and digits; a token hit by several boundaries spans them all, and a token hit by none
 * (punctuation) takes the time where the previous word ended.
 */
export function edgeWordTimings(text: string, boundaries: readonly EdgeWordBoundary[]): WordTiming[] {
  const tokens = text.split(/\s+/u).filter(Boolean);
  const keys = tokens.map(letters);
  const spans: Array<{ start: number; end: number } | undefined> = tokens.map(() => undefined);
  let current = 0;
  let within = 0;
  for (const boundary of boundaries) {
    const key = letters(boundary.text);
    if (key === '') continue;
    const found = locate(keys, key, current, within);
    if (!found) continue;
    [current, within] = [found.token, found.after];
    const span = spans[current];
    spans[current] = span ? { start: span.start, end: Math.max(span.end, boundary.end) } : { start: boundary.start, end: boundary.end };
  }
  return fillGaps(tokens, spans);
}

function locate(keys: string[], key: string, current: number, within: number): { token: number; after: number } | undefined {
  const here = keys[current]?.indexOf(key, within) ?? -1;
  if (here !== -1) return { token: current, after: here + key.length };
  for (let i = current + 1; i < Math.min(keys.length, current + 1 + LOOKAHEAD); i++) {
    const at = keys[i].indexOf(key);
    if (at !== -1) return { token: i, after: at + key.length };
  }
  return undefined;
}

function fillGaps(tokens: string[], spans: Array<{ start: number; end: number } | undefined>): WordTiming[] {
  const words: WordTiming[] = [];
  let lastStart = 0;
  let lastEnd = 0;
  tokens.forEach((token, i) => {
    const span = spans[i];
    const start = Math.max(lastStart, span ? span.start : lastEnd);
    const end = Math.max(start, span ? span.end : start);
    words.push({ text: wordText(token), start, end });
    lastStart = start;
    lastEnd = Math.max(lastEnd, end);
  });
  return words;
}

/** The token without surrounding punctuation ("light." → "light"), or itself when it is all punctuation. */
function wordText(token: string): string {
  const stripped = token.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
  return stripped === '' ? token : stripped;
}

function letters(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
