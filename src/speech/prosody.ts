import { normaliseText } from './normalise-text.js';
import { splitSentences } from './split-sentences.js';

/**
 * Offline prosody rules: narration → one segment per sentence, with the pauses around it and
 * the words to emphasise. Pauses are never put inside the speech: the caller inserts them as
 * exact runs of silent samples, so every provider (SSML or plain text) gets identical timing
 * and timings.json can state them to the sample. At each boundary only one side carries the
 * pause (the earlier segment's `pauseAfterSec`, or a question's `pauseBeforeSec`), so the
 * silence between two sentences is simply after + before. Plain JSON, for timings.json.
 */
export interface ProsodySegment {
  /** Normalised plain text to speak. */
  text: string;
  /** The same as a `<speak>` document: XML-escaped, `<emphasis>` for **bold** words, no breaks. */
  ssml: string;
  pauseBeforeSec: number;
  pauseAfterSec: number;
  /** Emphasised words, in order, as spoken. */
  emphasis: string[];
  question: boolean;
  /** Last sentence of a paragraph (a blank line in the narration, or the end). */
  paragraphEnd: boolean;
  /** Which rules fired, for timings.json. */
  rule: string[];
}

export interface ProsodyInput {
  title: string;
  narration: string;
  lang: string;
  isLastSlide?: boolean;
}

/** Seconds of silence each rule inserts. */
export const PROSODY_PAUSES = {
  slideLeadIn: 0.4,
  afterTitle: 0.5,
  betweenSentences: 0.25,
  paragraphEnd: 0.6,
  beforeQuestion: 0.35,
  slideEnd: 0.5,
  lectureEnd: 1.0,
} as const;

interface Piece {
  text: string;
  emphasised: boolean;
  /** Whether whitespace separated this piece from the previous one in the source. */
  spaced: boolean;
}

export function tagProsody(input: ProsodyInput): ProsodySegment[] {
  const segments = input.narration
    .split(/\n[ \t]*\n/u)
    .flatMap((paragraph) => paragraphSegments(paragraph, input.lang));
  if (segments.length === 0) return segments;
  addPauses(segments, input);
  return segments;
}

function paragraphSegments(paragraph: string, lang: string): ProsodySegment[] {
  const segments = splitSentences(paragraph, lang)
    .map((sentence) => sentenceSegment(sentence, lang))
    .filter((segment): segment is ProsodySegment => segment !== undefined);
  if (segments.length > 0) segments[segments.length - 1].paragraphEnd = true;
  return segments;
}

function sentenceSegment(sentence: string, lang: string): ProsodySegment | undefined {
  const pieces = emphasisPieces(sentence)
    .map((piece) => ({ ...piece, text: normaliseText(piece.text, lang) }))
    .filter((piece) => piece.text !== '');
  const text = joinPieces(pieces, (piece) => piece.text);
  if (!/[\p{L}\p{N}]/u.test(text)) return undefined;
  const emphasis = pieces.filter((p) => p.emphasised).flatMap((p) => p.text.split(/\s+/u)).map(stripPunctuation).filter(Boolean);
  const question = /[?？]["”’»)]*$/u.test(text);
  const rule = [...(question ? ['question'] : []), ...(emphasis.length > 0 ? ['emphasis'] : [])];
  const ssml = `<speak>${joinPieces(pieces, (p) => (p.emphasised ? `<emphasis>${escapeXml(p.text)}</emphasis>` : escapeXml(p.text)))}</speak>`;
  return { text, ssml, pauseBeforeSec: 0, pauseAfterSec: 0, emphasis, question, paragraphEnd: false, rule };
}

/** Splits "a **b** c" into [a][b, emphasised][c]; unmatched markers are left to the normaliser. */
function emphasisPieces(sentence: string): Piece[] {
  const pieces: Piece[] = [];
  const pattern = /\*\*(.+?)\*\*|__(.+?)__/gsu;
  let at = 0;
  for (const match of sentence.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > at) pieces.push(plainPiece(sentence.slice(at, start), at, sentence));
    pieces.push({ text: match[1] ?? match[2] ?? '', emphasised: true, spaced: start === 0 || /\s/u.test(sentence[start - 1]) });
    at = start + match[0].length;
  }
  if (at < sentence.length) pieces.push(plainPiece(sentence.slice(at), at, sentence));
  return pieces;
}

function plainPiece(text: string, start: number, sentence: string): Piece {
  return { text, emphasised: false, spaced: start === 0 || /\s/u.test(sentence[start - 1]) || /^\s/u.test(text) };
}

/** Re-joins normalised pieces: a space where the source had one, none before punctuation. */
function joinPieces(pieces: Piece[], render: (piece: Piece) => string): string {
  return pieces
    .map((piece, i) => (i > 0 && piece.spaced && !/^[,.;:!?…)]/u.test(piece.text) ? ' ' : '') + render(piece))
    .join('');
}

function addPauses(segments: ProsodySegment[], input: ProsodyInput): void {
  const first = segments[0];
  first.pauseBeforeSec = PROSODY_PAUSES.slideLeadIn;
  first.rule.unshift('slide-lead-in');
  for (let i = 0; i < segments.length - 1; i++) {
    const [current, next] = [segments[i], segments[i + 1]];
    const [gap, rule] = gapAfter(current, i, normaliseText(input.title, input.lang));
    if (next.question && gap < PROSODY_PAUSES.beforeQuestion) {
      next.pauseBeforeSec = PROSODY_PAUSES.beforeQuestion;
      next.rule.push('before-question');
    } else {
      current.pauseAfterSec = gap;
      current.rule.push(rule);
    }
  }
  const last = segments[segments.length - 1];
  last.paragraphEnd = true;
  last.pauseAfterSec = input.isLastSlide ? PROSODY_PAUSES.lectureEnd : PROSODY_PAUSES.slideEnd;
  last.rule.push(input.isLastSlide ? 'lecture-end' : 'slide-end');
}

function gapAfter(segment: ProsodySegment, index: number, title: string): [number, string] {
  if (segment.paragraphEnd) return [PROSODY_PAUSES.paragraphEnd, 'paragraph-end'];
  if (index === 0 && isTitle(segment.text, title)) return [PROSODY_PAUSES.afterTitle, 'after-title'];
  return [PROSODY_PAUSES.betweenSentences, 'sentence-gap'];
}

/** The narration opens with the slide title as its own sentence ("Photosynthesis."). */
function isTitle(text: string, title: string): boolean {
  const key = (s: string) => s.replace(/[*_`]/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().toLowerCase();
  return title.trim() !== '' && key(text) === key(title);
}

function stripPunctuation(word: string): string {
  return word.replace(/^[\p{P}]+|[\p{P}]+$/gu, '');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
