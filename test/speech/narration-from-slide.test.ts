import { describe, expect, it } from 'vitest';
import type { Deck } from '../../src/deck/schema.js';
import { narrationFromSlide } from '../../src/speech/narration-from-slide.js';
import { makeDeck } from '../layout/helpers.js';

type AnySlide = Parameters<typeof makeDeck>[0][number];

/** Slides written the v1 way (bullets, code, image) load migrated, as old decks do. */
function deckOf(slides: AnySlide[], lang = 'en'): Deck {
  return makeDeck(slides, { title: 'Plants', lang });
}

function narrate(slide: AnySlide, options: { lang?: string; index?: number } = {}): string {
  const index = options.index ?? 1;
  const slides: AnySlide[] = [{ title: 'Cover' }, { title: 'Other' }];
  slides[index] = slide;
  const deck = deckOf(slides, options.lang);
  return narrationFromSlide(deck.slides[index], index, deck);
}

describe('narrationFromSlide', () => {
  it('keeps the author narration when there is one', () => {
    expect(narrate({ title: 'Leaves', bullets: [{ text: 'Green' }], narration: '  Leaves are green.  ' })).toBe('Leaves are green.');
  });

  it('composes title and bullets with ordinal connectors', () => {
    const text = narrate({
      title: 'Photosynthesis',
      bullets: [{ text: 'Light is absorbed' }, { text: 'Water is split;' }, { text: 'The sugar is made' }],
    });
    expect(text).toBe('Photosynthesis. First, Light is absorbed. Next, Water is split. Finally, the sugar is made.');
  });

  it('folds children into their parent bullet and keeps **bold** for emphasis', () => {
    const text = narrate({
      title: 'Inputs',
      bullets: [{ text: '**Light** comes in colours:', children: ['red', 'blue'] }, { text: 'Water' }],
    });
    expect(text).toBe('Inputs. First, **Light** comes in colours: red and blue. Finally, Water.');
  });

  it('reads a single bullet and the subtitle without connectors', () => {
    expect(narrate({ title: 'Roots', subtitle: 'Under the ground', bullets: [{ text: 'They drink water' }] })).toBe(
      'Roots. Under the ground. They drink water.',
    );
  });

  it('welcomes on a first title slide', () => {
    expect(narrate({ title: 'Plants', subtitle: 'How they grow' }, { index: 0 })).toBe('Welcome to this lecture: Plants. How they grow.');
  });

  it('describes code slides by language', () => {
    expect(narrate({ title: 'A loop', code: { lang: 'py', text: 'for x in y: pass' } })).toBe('A loop. This slide shows a Python example.');
    expect(narrate({ title: 'Setup', code: { lang: 'ocaml', text: 'let x = 1' } })).toBe('Setup. This slide shows an Ocaml example.');
    expect(narrate({ title: 'Raw', code: { lang: '', text: 'x' } })).toBe('Raw. This slide shows a code example.');
  });

  it('uses the image alt text', () => {
    expect(narrate({ title: 'A leaf', image: { src: 'leaf.png', alt: 'A green leaf in the sun' } })).toBe(
      'A leaf. The image shows a green leaf in the sun.',
    );
    expect(narrate({ title: 'No alt', image: { src: 'leaf.png' } })).toBe('No alt.');
  });

  it('speaks French for French decks', () => {
    const text = narrate({ title: 'La photosynthèse', bullets: [{ text: 'La lumière' }, { text: 'L’eau' }, { text: 'Le sucre' }] }, { lang: 'fr-FR' });
    expect(text).toBe('La photosynthèse. D’abord, la lumière. Ensuite, L’eau. Enfin, le sucre.');
    expect(narrate({ title: 'Code', code: { lang: 'js', text: 'x' } }, { lang: 'fr' })).toBe('Code. Cette diapositive montre un exemple en JavaScript.');
    expect(narrate({ title: 'Bienvenue' }, { lang: 'fr', index: 0 })).toBe('Bienvenue dans ce cours : Bienvenue.');
  });

  it('falls back to English for other languages and returns empty for empty slides', () => {
    expect(narrate({ title: 'Wasser', bullets: [{ text: 'Eins' }, { text: 'Zwei' }] }, { lang: 'de' })).toBe('Wasser. First, Eins. Finally, Zwei.');
    expect(narrate({ title: '' })).toBe('');
  });

  it('reads the blocks in order: headings and paragraphs as written, lists with connectors, a table by its columns, a quote', () => {
    const text = narrate({
      title: 'Tides',
      blocks: [
        { type: 'paragraph', text: 'The sea rises twice a day' },
        { type: 'heading', level: 3, text: 'Why' },
        { type: 'list', items: [{ text: 'The **Moon** pulls' }, { text: 'The Sun pulls less' }] },
        { type: 'table', header: ['Place', 'Range (m)'], rows: [['Bay of Fundy', '16']] },
        { type: 'quote', text: 'Time and tide wait for no man.' },
      ],
    });
    expect(text).toBe('Tides. The sea rises twice a day. Why. First, the **Moon** pulls. Finally, the Sun pulls less. The table compares range (m) for Bay of Fundy. Time and tide wait for no man.');
  });

  it('says a link as its text and drops highlight and code markers (bold stays, for emphasis)', () => {
    expect(narrate({ title: 'Links', blocks: [{ type: 'paragraph', text: 'See [the **guide**](https://example.com/guide) and ==this== `code`.' }] })).toBe(
      'Links. See the **guide** and this code.',
    );
  });

  it('reads columns left to right', () => {
    const text = narrate({
      title: 'Compare',
      blocks: [{ type: 'columns', columns: [[{ type: 'paragraph', text: 'Left side' }], [{ type: 'paragraph', text: 'Right side' }]] }],
    });
    expect(text).toBe('Compare. Left side. Right side.');
  });

  it('describes code by what it defines, else by its first comment — never reading it out', () => {
    expect(narrate({ title: 'Area', blocks: [{ type: 'code', lang: 'py', text: 'def area(w, h):\n    return w * h\n\ndef perimeter(w, h):\n    return 2 * (w + h)' }] })).toBe(
      'Area. This Python code defines area and perimeter.',
    );
    expect(narrate({ title: 'JS', blocks: [{ type: 'code', lang: 'js', text: 'export class Shape {}\nconst draw = (s) => s;\nfunction a() {}\nfunction b() {}' }] })).toBe(
      'JS. This JavaScript code defines Shape, draw, a and 1 more.',
    );
    expect(narrate({ title: 'Loop', blocks: [{ type: 'code', lang: 'py', text: '# print every item\nfor x in items:\n    print(x)' }] })).toBe('Loop. This Python code: print every item.');
    expect(narrate({ title: 'Code', blocks: [{ type: 'code', lang: 'py', text: 'def f(): pass' }] }, { lang: 'fr' })).toBe('Code. Ce code Python définit f.');
  });

  it('summarises a table: its columns for its first rows, not cell by cell', () => {
    const table = { type: 'table' as const, header: ['Planet', 'Moons', 'Day length'], rows: [['Mercury', '0', '59 d'], ['Venus', '0', '243 d'], ['Earth', '1', '24 h'], ['Mars', '2', '25 h']] };
    expect(narrate({ title: 'Planets', blocks: [table] })).toBe('Planets. The table compares moons and day length for Mercury, Venus, Earth and 1 more.');
    expect(narrate({ title: 'Empty', blocks: [{ type: 'table', header: ['Name'], rows: [] }] })).toBe('Empty. The table lists Name.');
  });
});
