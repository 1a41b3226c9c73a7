import { describe, expect, it } from 'vitest';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import { paginateDeck } from '../../src/layout/paginate-deck.js';
import { makeDeck } from './helpers.js';

// Never drop text silently: what does not fit at the smallest readable size continues on more slides.

describe('paginateDeck', () => {
  it('500 bullets become continuation slides holding every item once, in order, each drawn whole', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ text: `Point ${i + 1} of the long list` }));
    const deck = makeDeck([{ title: 'Cover' }, { title: 'Everything', blocks: [{ type: 'list', ordered: true, items }] }]);
    const { deck: paged, warnings } = paginateDeck(deck);
    const parts = paged.slides.slice(1);
    expect(parts.length).toBeGreaterThan(10);
    expect(parts.map((s) => s.title)).toEqual(parts.map((_, i) => `Everything (${i + 1}/${parts.length})`));
    const texts = parts.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'list' ? b.items.map((item) => item.text) : [])));
    expect(texts).toEqual(items.map((item) => item.text));
    // Numbering goes on across the parts.
    const starts = parts.map((s) => (s.blocks[0]!.type === 'list' ? s.blocks[0]!.start : -1));
    expect(starts[0]).toBe(1);
    expect(starts[1]).toBe(1 + (parts[0]!.blocks[0]!.type === 'list' ? parts[0]!.blocks[0]!.items.length : 0));
    for (const [i, slide] of paged.slides.entries()) expect(layoutSlide(slide, i, paged).cut, `slide ${i + 1}`).toBeUndefined();
    expect(warnings).toEqual([`slide 2 ("Everything"): its content does not fit on one slide at a readable size, so it continues on ${parts.length} slides.`]);
  });

  it('a long table repeats its header on every part', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`Row ${i + 1}`, String(i * i)]);
    const deck = makeDeck([{ title: 'Squares', blocks: [{ type: 'table', header: ['n', 'n²'], rows }] }]);
    const { deck: paged } = paginateDeck(deck);
    expect(paged.slides.length).toBeGreaterThan(1);
    const tables = paged.slides.map((s) => s.blocks[0]!);
    for (const t of tables) expect(t.type === 'table' && t.header).toEqual(['n', 'n²']);
    expect(tables.flatMap((t) => (t.type === 'table' ? t.rows : []))).toEqual(rows);
  });

  it('shares the author narration out by sentence, in order, nothing lost', () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ text: `Item ${i + 1}` }));
    const narration = [
      'The first part of the list covers the basics.',
      'Then we look at the common cases in detail.',
      'After that come the exceptions that trip people up.',
      'Next are the tools that help with each of them.',
      'We then practise on a few worked examples together.',
      'Finally we sum up what to remember for the exam.',
    ].join(' ');
    const deck = makeDeck([{ title: 'List', blocks: [{ type: 'list', items }], narration }]);
    const { deck: paged } = paginateDeck(deck);
    expect(paged.slides.length).toBeGreaterThan(1);
    const shared = paged.slides.map((s) => s.narration);
    expect(shared.filter(Boolean).join(' ')).toBe(narration);
    // The sentences open the parts in order; parts left without one get narration composed from what they show.
    expect(shared.slice(0, 6).every((text) => text.length > 0)).toBe(true);
  });

  it('keeps a long code block whole-lined across parts, and leaves slides that fit alone', () => {
    const code = Array.from({ length: 90 }, (_, i) => `line_${i} = compute(${i})`).join('\n');
    const deck = makeDeck([{ title: 'Fits', blocks: [{ type: 'paragraph', text: 'short' }] }, { title: 'Code', blocks: [{ type: 'code', lang: 'py', text: code }] }]);
    const { deck: paged } = paginateDeck(deck);
    expect(paged.slides[0]).toEqual(deck.slides[0]);
    const parts = paged.slides.slice(1);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((s) => (s.blocks[0]!.type === 'code' ? s.blocks[0]!.text : '')).join('\n')).toBe(code);
  });

  it('returns the very same deck when everything fits', () => {
    const deck = makeDeck([{ title: 'A', blocks: [{ type: 'paragraph', text: 'fine' }] }]);
    const result = paginateDeck(deck);
    expect(result.deck).toBe(deck);
    expect(result.warnings).toEqual([]);
  });
});
