import type { Block, BlockInput, Deck, Slide } from '../deck/schema.js';
import { SlideSchema } from '../deck/schema.js';
import { splitSentences } from '../speech/split-sentences.js';
import { inferLayout } from '../deck/slide-content.js';
import { layoutSlide } from './layout-slide.js';

/**
 * Never drop text silently: a slide whose content does not fit at the smallest readable size is
 * continued on more slides ("Title (2/3)"), split between list items, table rows (the header
 * repeated), code lines and paragraphs — whichever pieces fill each slide, measured with the very
 * layout that will draw them. The author's narration is shared out over the parts by sentence,
 * in proportion to how much each part shows; a warning names the slide and how it was split.
 */
export interface PaginatedDeck {
  deck: Deck;
  /** One per split slide: `slide 4: … continues on 3 slides`. */
  warnings: string[];
  /** For each slide of the result, the index of the slide it came from. */
  origins: number[];
}

export function paginateDeck(deck: Deck): PaginatedDeck {
  const slides: Slide[] = [];
  const warnings: string[] = [];
  const origins: number[] = [];
  deck.slides.forEach((slide, index) => {
    const parts = paginateSlide(slide, slides.length, deck);
    origins.push(...parts.map(() => index));
    if (parts.length > 1) {
      warnings.push(`slide ${index + 1}${slide.title ? ` ("${slide.title}")` : ''}: its content does not fit on one slide at a readable size, so it continues on ${parts.length} slides.`);
    }
    slides.push(...parts);
  });
  return { deck: warnings.length > 0 ? { ...deck, slides } : deck, warnings, origins };
}

/** A piece of a block: kept together on one slide; pieces of one block are merged back. */
interface Piece {
  source: number;
  block: Block;
}

function fits(slide: Slide, index: number, deck: Deck): boolean {
  return layoutSlide(slide, index, deck).cut === undefined;
}

export function paginateSlide(slide: Slide, index: number, deck: Deck): Slide[] {
  const kind = inferLayout(slide, index);
  if ((kind !== 'content' && kind !== 'center') || fits(slide, index, deck)) return [slide];
  // Pictures placed beside or under the text stay with every part; the flow is what is split.
  const fixed = slide.blocks.filter((b) => b.type === 'image' && b.position !== 'inline');
  const flow = slide.blocks.filter((b) => !fixed.includes(b));
  const pieces = flow.flatMap((block, source) => piecesOf(block, source, deck.lang));
  const pages: Piece[][] = [];
  let page: Piece[] = [];
  // Measured with the longest suffix the parts' titles can get, so " (2/3)" never makes a part overflow.
  const trial = (candidate: Piece[]): Slide => ({ ...slide, title: slide.title ? `${slide.title} (88/88)` : '', blocks: [...fixed, ...merge(candidate)], narration: '' });
  for (const piece of pieces) {
    const candidate = [...page, piece];
    if (page.length === 0 || fits(trial(candidate), index, deck)) {
      page = candidate;
      continue;
    }
    // A heading belongs with what follows it.
    const last = page.at(-1);
    if (last && last.block.type === 'heading' && page.length > 1 && fits(trial([last, piece]), index, deck)) {
      page.pop();
      pages.push(page);
      page = [last, piece];
    } else {
      pages.push(page);
      page = [piece];
    }
  }
  if (page.length > 0) pages.push(page);
  if (pages.length <= 1) return [slide];
  // Greedy filling leaves the first parts dense and the last one sparse: even the parts out
  // when an even split still fits (then every part is drawn at about the same size).
  const even = evenSplit(pieces, pages.length);
  if (even.every((p) => fits(trial(p), index, deck))) pages.splice(0, pages.length, ...even);
  const narration = shareNarration(slide.narration, pages.map((p) => weight(p)), deck.lang);
  return pages.map((p, i) => {
    const { steps: _steps, ...rest } = slide;
    return SlideSchema.parse({
      ...rest,
      title: slide.title ? `${slide.title} (${i + 1}/${pages.length})` : '',
      blocks: [...fixed, ...merge(p)] as BlockInput[],
      narration: narration[i] ?? '',
    });
  });
}

/** The pieces cut into `count` runs of about equal weight, in order, none empty. */
function evenSplit(pieces: Piece[], count: number): Piece[][] {
  const weights = pieces.map((p) => JSON.stringify(p.block).length);
  const total = weights.reduce((a, b) => a + b, 0);
  const out: Piece[][] = [[]];
  let used = 0;
  pieces.forEach((piece, i) => {
    const boundary = (total * out.length) / count;
    const remaining = pieces.length - i;
    const pagesLeft = count - out.length;
    if (out.at(-1)!.length > 0 && pagesLeft > 0 && (used + weights[i]! / 2 > boundary || remaining <= pagesLeft)) out.push([]);
    out.at(-1)!.push(piece);
    used += weights[i]!;
  });
  return out;
}

/** Lists split between top-level items (an item keeps its sub-items), tables between rows, code between lines. */
function piecesOf(block: Block, source: number, lang: string): Piece[] {
  if (block.type === 'list') {
    const groups: Block[] = [];
    let start = block.start;
    let items: typeof block.items = [];
    const close = (): void => {
      if (items.length > 0) groups.push({ ...block, start, items });
      start += items.filter((item) => item.level === 0).length;
      items = [];
    };
    for (const item of block.items) {
      if (item.level === 0) close();
      items.push(item);
    }
    close();
    return groups.map((b) => ({ source, block: b }));
  }
  if (block.type === 'table') return block.rows.map((row) => ({ source, block: { ...block, rows: [row] } }));
  if (block.type === 'columns') {
    // Row by row: the k-th block of every column together, so the parts stay side by side.
    const rows = Math.max(...block.columns.map((column) => column.length));
    return Array.from({ length: rows }, (_, k) => ({ source, block: { ...block, columns: block.columns.map((column) => column.slice(k, k + 1)) } }));
  }
  if (block.type === 'code') {
    const emphasised = new Set(block.emphasis ?? []);
    return block.text.split('\n').map((line, i) => {
      const { emphasis: _e, ...rest } = block;
      return { source, block: { ...rest, text: line, ...(emphasised.has(i + 1) ? { emphasis: [1] } : {}) } };
    });
  }
  if (block.type === 'paragraph' || block.type === 'quote') {
    const sentences = splitSentences(block.text, lang);
    if (sentences.length <= 1) return [{ source, block }];
    return sentences.map((text) => ({ source, block: { ...block, text } }));
  }
  return [{ source, block }];
}

/** Neighbouring pieces of one block become one block again. */
function merge(pieces: Piece[]): Block[] {
  const out: Array<{ source: number; block: Block }> = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if (!last || last.source !== piece.source) {
      out.push({ ...piece });
      continue;
    }
    const a = last.block;
    const b = piece.block;
    if (a.type === 'list' && b.type === 'list') last.block = { ...a, items: [...a.items, ...b.items] };
    else if (a.type === 'table' && b.type === 'table') last.block = { ...a, rows: [...a.rows, ...b.rows] };
    else if (a.type === 'code' && b.type === 'code') {
      // Emphasised lines are numbered within each part.
      const offset = a.text.split('\n').length;
      const emphasis = [...(a.emphasis ?? []), ...(b.emphasis ?? []).map((n) => n + offset)];
      last.block = { ...a, text: `${a.text}\n${b.text}`, ...(emphasis.length > 0 ? { emphasis } : {}) };
    }
    else if (a.type === 'columns' && b.type === 'columns') last.block = { ...a, columns: a.columns.map((column, c) => [...column, ...(b.columns[c] ?? [])]) };
    else if ((a.type === 'paragraph' && b.type === 'paragraph') || (a.type === 'quote' && b.type === 'quote')) last.block = { ...a, text: `${a.text} ${b.text}` };
    else out.push({ ...piece });
  }
  return out.map((p) => p.block);
}

function weight(page: Piece[]): number {
  return page.reduce((sum, piece) => sum + JSON.stringify(piece.block).length, 0);
}

/** The narration's sentences, in order, over the parts in proportion to their weights. */
function shareNarration(narration: string, weights: number[], lang: string): string[] {
  if (!narration.trim()) return weights.map(() => '');
  const sentences = splitSentences(narration, lang);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const out: string[][] = weights.map(() => []);
  let part = 0;
  sentences.forEach((sentence, i) => {
    // Move on once this part's share of the sentences is used, keeping at least one per part left.
    const target = ((weights.slice(0, part + 1).reduce((a, b) => a + b, 0) / total) * sentences.length);
    if (i >= target && part < weights.length - 1 && out[part]!.length > 0) part++;
    out[part]!.push(sentence);
  });
  return out.map((s) => s.join(' '));
}
