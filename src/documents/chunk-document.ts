import { createHash } from 'node:crypto';
import { splitSentences } from '../speech/split-sentences.js';
import type { Chunk, ExtractedDocument } from './document-types.js';

export interface ChunkOptions {
  /** Aimed-for chunk length in characters (default 1000). */
  targetChars?: number;
  /** Characters of the previous chunk repeated at the start of the next (default 150). */
  overlap?: number;
  lang?: string;
}

interface Unit {
  text: string;
  /** Starts a paragraph (joined with a blank line rather than a space). */
  paragraph: boolean;
}

/**
 * Splits a document into passages of about `targetChars`, on paragraph, then sentence, then word
 * boundaries. Chunks never cross a section, so each keeps one page and heading to be cited by;
 * consecutive chunks of a section share ~`overlap` characters (whole sentences) so a fact that
 * straddles a boundary is still found whole.
 */
export function chunkDocument(doc: ExtractedDocument, options: ChunkOptions = {}): Chunk[] {
  const target = Math.max(200, options.targetChars ?? 1000);
  const overlap = Math.max(0, Math.min(options.overlap ?? 150, Math.floor(target / 2)));
  const lang = options.lang ?? 'en';
  const chunks: Chunk[] = [];
  doc.sections.forEach((section, sectionIndex) => {
    const texts = packUnits(toUnits(section.text, target, lang), target, overlap);
    texts.forEach((text, ordinal) => {
      chunks.push({
        id: chunkId(doc.file, sectionIndex, ordinal),
        file: doc.name,
        ...(section.page !== undefined ? { page: section.page } : {}),
        ...(section.heading ? { heading: section.heading } : {}),
        text,
      });
    });
  });
  return chunks;
}

/** Stable across runs: the same file read the same way gives the same ids. */
export function chunkId(file: string, section: number, ordinal: number): string {
  return createHash('sha256').update(`${file}\u0000${section}\u0000${ordinal}`).digest('hex').slice(0, 16);
}

function toUnits(text: string, target: number, lang: string): Unit[] {
  const units: Unit[] = [];
  for (const paragraph of text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
    const pieces = paragraph.length <= target ? [paragraph] : splitSentences(paragraph, lang).flatMap((s) => splitLong(s, target));
    pieces.forEach((piece, i) => units.push({ text: piece, paragraph: i === 0 }));
  }
  return units;
}

/** A "sentence" longer than a chunk (a table, a run-on list) is cut between words. */
function splitLong(sentence: string, target: number): string[] {
  if (sentence.length <= target) return [sentence];
  const pieces: string[] = [];
  let current = '';
  for (const word of sentence.split(/\s+/)) {
    if (current && current.length + word.length + 1 > target) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${word}` : word;
  }
  if (current) pieces.push(current);
  return pieces;
}

function packUnits(units: Unit[], target: number, overlap: number): string[] {
  const chunks: Unit[][] = [];
  let current: Unit[] = [];
  let length = 0;
  for (const unit of units) {
    if (current.length > 0 && length + unit.text.length + 2 > target) {
      chunks.push(current);
      current = overlapUnits(current, overlap);
      length = joinUnits(current).length;
    }
    current.push(unit);
    length += unit.text.length + 2;
  }
  if (current.length > 0) chunks.push(current);
  return mergeSmallTail(chunks.map(joinUnits), target, overlap);
}

/** The last whole sentences of a chunk that fit in `overlap` characters. */
function overlapUnits(units: Unit[], overlap: number): Unit[] {
  const kept: Unit[] = [];
  let length = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i]!;
    if (length + unit.text.length > overlap) break;
    kept.unshift(unit);
    length += unit.text.length + 1;
  }
  return kept.map((unit, i) => (i === 0 ? { ...unit, paragraph: true } : unit));
}

function joinUnits(units: Unit[]): string {
  return units.map((unit, i) => (i === 0 ? unit.text : `${unit.paragraph ? '\n\n' : ' '}${unit.text}`)).join('');
}

/** A last chunk of a few words says little alone; it joins the one before it. */
function mergeSmallTail(texts: string[], target: number, overlap: number): string[] {
  if (texts.length < 2) return texts;
  const last = texts[texts.length - 1]!;
  if (last.length - overlap > target * 0.2) return texts;
  const previous = texts[texts.length - 2]!;
  const fresh = stripOverlap(previous, last);
  return [...texts.slice(0, -2), `${previous}${fresh ? `\n\n${fresh}` : ''}`];
}

/** `next` without the text it repeats from the end of `previous`. */
function stripOverlap(previous: string, next: string): string {
  for (let size = Math.min(previous.length, next.length); size > 0; size--) {
    if (previous.endsWith(next.slice(0, size))) return next.slice(size).trim();
  }
  return next.trim();
}
