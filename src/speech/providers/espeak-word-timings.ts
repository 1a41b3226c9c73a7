import type { EspeakNgEvent } from '@echogarden/espeak-ng-emscripten';
import type { WordTiming } from '../contract.js';

interface Token {
  /** Code-point range in the source string (eSpeak counts code points, 1-based). */
  from: number;
  to: number;
  text: string;
  start?: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Word timings from eSpeak's word events. The events point into the string eSpeak was given
 * (escaped text or SSML), and eSpeak emits several events for one number ("1,234" → 3), so we
 * map events onto whitespace-separated tokens of that string instead of trusting the event's
 * own length: one timing per spoken token, text as written. A word ends where the next one
 * starts, pulled back over trailing digital silence so clause pauses are not counted as speech.
 */
export function espeakWordTimings(source: string, events: readonly EspeakNgEvent[], samples: Int16Array, sampleRate: number): WordTiming[] {
  const tokens = tokenise(source);
  for (const event of events) {
    if (event.type !== 'word') continue;
    const token = tokenAt(tokens, event.text_position - 1);
    if (token && token.start === undefined) token.start = event.audio_position / 1000;
  }
  const duration = samples.length / sampleRate;
  const spoken = shareUntimed(tokens.filter((token) => /[\p{L}\p{N}\p{S}]/u.test(token.text)), duration);
  const words: WordTiming[] = [];
  let previousEnd = 0;
  spoken.forEach((token, i) => {
    const start = Math.min(Math.max(token.start ?? 0, previousEnd), duration);
    const next = i + 1 < spoken.length ? (spoken[i + 1].start ?? duration) : duration;
    const end = Math.max(start, lastSoundBefore(samples, sampleRate, start, Math.min(Math.max(next, start), duration)));
    words.push({ text: cleanWord(token.text), start: round(start), end: round(end) });
    previousEnd = end;
  });
  return words;
}

/**
 * eSpeak gives no event for some short words it fuses with a neighbour ("of a" → one event).
 * Such tokens share the previous timed word's slot, split by character count, so every
 * written word still gets a timing (subtitles highlight it). Leading untimed tokens start at 0.
 */
function shareUntimed(tokens: Token[], duration: number): Token[] {
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i].start !== undefined) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && tokens[j].start === undefined) j++;
    const owner = i > 0 ? tokens[i - 1] : undefined;
    const from = owner?.start ?? 0;
    const to = tokens[j]?.start ?? duration;
    const group = owner ? [owner, ...tokens.slice(i, j)] : tokens.slice(i, j);
    const total = group.reduce((n, token) => n + token.text.length, 0);
    let at = from;
    for (const token of group) {
      token.start = at;
      at += ((to - from) * token.text.length) / total;
    }
    i = j;
  }
  return tokens;
}

/** Whitespace-separated tokens outside `<tags>`, entities decoded. */
function tokenise(source: string): Token[] {
  const chars = Array.from(source);
  const tokens: Token[] = [];
  let current: Token | undefined;
  let inTag = false;
  chars.forEach((ch, i) => {
    if (ch === '<') inTag = true;
    const separator = inTag || /\s/u.test(ch);
    if (ch === '>') inTag = false;
    if (separator) {
      current = undefined;
      return;
    }
    if (!current) {
      current = { from: i, to: i + 1, text: '' };
      tokens.push(current);
    }
    current.to = i + 1;
    current.text += ch;
  });
  for (const token of tokens) token.text = decodeEntities(token.text);
  return tokens;
}

function tokenAt(tokens: Token[], index: number): Token | undefined {
  // The token holding the position, or the next one when it points at a space or tag.
  return tokens.find((token) => index < token.to);
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Strip sentence punctuation around a word but keep inner marks ("e.g", "3.5", "don't"). */
function cleanWord(text: string): string {
  const cleaned = text.replace(/^[\p{P}]+|[\p{P}]+$/gu, '');
  return cleaned.length > 0 ? cleaned : text;
}

function lastSoundBefore(samples: Int16Array, sampleRate: number, startSec: number, endSec: number): number {
  const from = Math.floor(startSec * sampleRate);
  let i = Math.min(samples.length, Math.ceil(endSec * sampleRate)) - 1;
  while (i > from && Math.abs(samples[i]) <= 8) i--;
  return Math.min(endSec, (i + 1) / sampleRate);
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
