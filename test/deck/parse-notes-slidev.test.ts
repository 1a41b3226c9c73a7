import { describe, expect, it } from 'vitest';
import { parseNotes } from '../../src/deck/parse-notes.js';

// Slidev decks (told by their head matter, or --format slidev) as Slidev shows them.

const HEAD = '---\ntheme: seriph\nhighlighter: shiki\ntitle: Slidev talk\n---\n\n# Welcome\n\nby Ada\n';

describe('Slidev import', () => {
  it('is told by its head matter; the first slide is the cover; layouts map to ours', () => {
    const { deck, problems } = parseNotes(`${HEAD}\n---\nlayout: center\n---\n\n# Centred\n\n---\nlayout: section\n---\n\n# Part 2\n\n---\n\n# Plain\n\n- a\n`, { file: 'slides.md' });
    expect(deck.title).toBe('Slidev talk');
    expect(deck.theme).toBe('light'); // seriph is Slidev's: LECTRA's light theme stands in, no warning
    expect(deck.slides.map((s) => [s.layout, s.title])).toEqual([
      ['title', 'Welcome'],
      ['center', 'Centred'],
      ['section', 'Part 2'],
      ['content', 'Plain'],
    ]);
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'paragraph', text: 'by Ada' }]);
    expect(problems).toEqual([]);
  });

  it('notes are the LAST comment of a slide; other comments are not said', () => {
    const { deck } = parseNotes(`${HEAD}\n---\n\n# Two\n\n<!-- TODO: fix the diagram -->\n\nText\n\n<!--\nSay this.\n[click] And this.\n-->\n`);
    expect(deck.slides[1]!.narration).toBe('Say this. And this.');
    expect(deck.slides[1]!.blocks).toEqual([{ type: 'paragraph', text: 'Text' }]);
  });

  it('two-cols: the default slot is the left column, ::right:: the right one', () => {
    const { deck } = parseNotes(`${HEAD}\n---\nlayout: two-cols\n---\n\n# Compare\n\n- left item\n\n::right::\n\n- right item\n`);
    expect(deck.slides[1]).toMatchObject({
      layout: 'content',
      title: 'Compare',
      blocks: [
        {
          type: 'columns',
          columns: [
            [{ type: 'list', items: [{ text: 'left item', level: 0 }] }],
            [{ type: 'list', items: [{ text: 'right item', level: 0 }] }],
          ],
        },
      ],
    });
  });

  it('two-cols-header: the default slot is above, ::left:: and ::right:: the columns', () => {
    const { deck } = parseNotes(`${HEAD}\n---\nlayout: two-cols-header\n---\n\n# Head\n\nIntro line\n\n::left::\n\nL\n\n::right::\n\nR\n`);
    expect(deck.slides[1]!.blocks).toEqual([
      { type: 'paragraph', text: 'Intro line' },
      { type: 'columns', columns: [[{ type: 'paragraph', text: 'L' }], [{ type: 'paragraph', text: 'R' }]] },
    ]);
  });

  it('<v-clicks> and v-click are reveal steps; the tags leave no trace on the slide', () => {
    const { deck, problems } = parseNotes(`${HEAD}\n---\n\n# Steps\n\n<v-clicks>\n\n- one\n- two\n- three\n\n</v-clicks>\n`);
    const slide = deck.slides[1]!;
    expect(slide.blocks).toEqual([{ type: 'list', ordered: false, start: 1, items: [{ text: 'one', level: 0 }, { text: 'two', level: 0 }, { text: 'three', level: 0 }] }]);
    expect(slide.steps).toEqual([
      { block: 0, item: 0 },
      { block: 0, item: 1 },
      { block: 0, item: 2 },
    ]);
    expect(problems).toEqual([]);
  });

  it('[click] marks in the note count the steps when the slide has no v-click of its own', () => {
    const { deck } = parseNotes(`${HEAD}\n---\n\n# Marks\n\nFirst point\n\nSecond point\n\n<!--\nIntro.\n[click] The first.\n[click] The second.\n-->\n`);
    expect(deck.slides[1]!.steps).toEqual([{ block: 0 }, { block: 1 }]);
    expect(deck.slides[1]!.narration).toBe('Intro. The first. The second.');
  });

  it('image-right front matter puts the picture beside the text; `/`-rooted paths stay for the loader (public/)', () => {
    const { deck } = parseNotes(`${HEAD}\n---\nlayout: image-right\nimage: /photo.jpg\n---\n\n# Side\n\nWords\n`);
    expect(deck.slides[1]!.blocks).toEqual([
      { type: 'image', src: '/photo.jpg', alt: '', position: 'right', share: 0.5, fit: 'cover' },
      { type: 'paragraph', text: 'Words' },
    ]);
  });

  it('src: imports are read through readFile, with their own slides and front matter', () => {
    const files: Record<string, string> = { '/deck/pages/intro.md': '# Imported one\n\n---\nlayout: center\n---\n\n# Imported two\n' };
    const { deck } = parseNotes(`${HEAD}\n---\nsrc: ./pages/intro.md\n---\n\n---\n\n# After\n`, {
      file: 'slides.md',
      path: '/deck/slides.md',
      readFile: (p) => files[p],
    });
    expect(deck.slides.map((s) => s.title)).toEqual(['Welcome', 'Imported one', 'Imported two', 'After']);
    expect(deck.slides[2]!.layout).toBe('center');
  });

  it('a missing import is a warning naming the path, and the rest of the deck renders', () => {
    const { deck, problems } = parseNotes(`${HEAD}\n---\nsrc: ./pages/gone.md\n---\n\n---\n\n# After\n`, { file: 'slides.md', path: '/deck/slides.md', readFile: () => undefined });
    expect(deck.slides.map((s) => s.title)).toEqual(['Welcome', 'After']);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('gone.md') })]);
  });

  it('--format slidev splits a deck without Slidev head matter the Slidev way', () => {
    const text = '# One\n\n---\nlayout: center\n---\n\n# Two\n';
    expect(parseNotes(text, { format: 'slidev' }).deck.slides.map((s) => [s.layout, s.title])).toEqual([
      ['title', 'One'],
      ['center', 'Two'],
    ]);
  });
});
