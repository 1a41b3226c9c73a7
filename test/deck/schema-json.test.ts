import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { deckJsonSchema } from '../../src/deck/schema.js';

// The exported JSON Schema, checked with an independent validator (ajv) on decks written by hand.
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(deckJsonSchema());

const VALID = {
  version: 2,
  title: 'Tides',
  slides: [
    { title: 'Tides', subtitle: 'Why the sea rises' },
    { title: 'The Moon', blocks: [{ type: 'list', items: [{ text: 'Its **gravity** pulls the water' }, { text: 'twice a day', level: 1 }] }], narration: 'The Moon pulls.' },
    { title: 'Code', blocks: [{ type: 'code', lang: 'py', text: 'print(1)' }, { type: 'image', src: 'moon.png', alt: 'The Moon', position: 'right', share: 0.4 }] },
    {
      title: 'Everything',
      layout: 'content',
      style: { class: ['invert'], background: '#102030', footer: 'Tides', paginate: false },
      blocks: [
        { type: 'heading', level: 2, text: 'Part' },
        { type: 'paragraph', text: 'A ==marked== [link](https://x.org).' },
        { type: 'table', header: ['a', 'b'], align: ['left', 'right'], rows: [['1', '2']] },
        { type: 'quote', text: 'Time and tide.', cite: 'Proverb' },
        { type: 'columns', columns: [[{ type: 'paragraph', text: 'left' }], [{ type: 'image', src: 'x.png' }]] },
      ],
      steps: [{ block: 0 }, { block: 1, at: 2.5 }],
    },
  ],
};

describe('deckJsonSchema', () => {
  it('accepts a deck written by hand (defaults may be left out)', () => {
    expect(validate(VALID), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['no slides', { version: 1, slides: [] }],
    ['slides missing', { version: 1 }],
    ['an unknown version', { ...VALID, version: 7 }],
    ['an unknown top-level field', { ...VALID, colour: 'red' }],
    ['an unknown slide field', { ...VALID, slides: [{ title: 'x', colour: 'red' }] }],
    ['an empty heading', { ...VALID, slides: [{ title: 'x', blocks: [{ type: 'heading', text: '' }] }] }],
    ['an unknown block type', { ...VALID, slides: [{ title: 'x', blocks: [{ type: 'marquee', text: 'hi' }] }] }],
    ['a list nested four levels', { ...VALID, slides: [{ title: 'x', blocks: [{ type: 'list', items: [{ text: 'a', level: 3 }] }] }] }],
    ['columns inside columns', { ...VALID, slides: [{ title: 'x', blocks: [{ type: 'columns', columns: [[{ type: 'columns', columns: [[], []] }], []] }] }] }],
    ['a colour that is not hex', { ...VALID, slides: [{ title: 'x', style: { background: 'blue' } }] }],
    ['a v1 slide (bullets) in a v2 deck', { ...VALID, slides: [{ title: 'x', bullets: [{ text: 'a' }] }] }],
    ['a title that is not text', { ...VALID, slides: [{ title: 3 }] }],
    ['an unknown layout', { ...VALID, slides: [{ title: 'x', layout: 'poster' }] }],
    ['an unknown theme', { ...VALID, theme: 'sepia' }],
    ['a negative rate', { ...VALID, rate: -1 }],
  ])('refuses %s', (_why, deck) => {
    expect(validate(deck)).toBe(false);
  });
});
