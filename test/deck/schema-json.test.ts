import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { deckJsonSchema } from '../../src/deck/schema.js';

// The exported JSON Schema, checked with an independent validator (ajv) on decks written by hand.
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(deckJsonSchema());

const VALID = {
  version: 1,
  title: 'Tides',
  slides: [
    { title: 'Tides', subtitle: 'Why the sea rises' },
    { title: 'The Moon', bullets: [{ text: 'Its **gravity** pulls the water', children: ['twice a day'] }], narration: 'The Moon pulls.' },
    { title: 'Code', code: { lang: 'py', text: 'print(1)' }, image: { src: 'moon.png', alt: 'The Moon' } },
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
    ['an empty bullet', { ...VALID, slides: [{ title: 'x', bullets: [{ text: '' }] }] }],
    ['a title that is not text', { ...VALID, slides: [{ title: 3 }] }],
    ['an unknown layout', { ...VALID, slides: [{ title: 'x', layout: 'poster' }] }],
    ['an unknown theme', { ...VALID, theme: 'sepia' }],
    ['a negative rate', { ...VALID, rate: -1 }],
  ])('refuses %s', (_why, deck) => {
    expect(validate(deck)).toBe(false);
  });
});
