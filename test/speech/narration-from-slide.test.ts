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
    expect(text).toBe('Tides. The sea rises twice a day. Why. First, the **Moon** pulls. Finally, the Sun pulls less. The table lists Place and Range (m). Time and tide wait for no man.');
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
});
