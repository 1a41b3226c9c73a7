import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { deckJsonSchema } from '../../src/deck/schema.js';
import type { Deck } from '../../src/deck/schema.js';
import { validateDeck } from '../../src/deck/validate-deck.js';

// One compiled validator per test file: the exported JSON Schema, checked by an independent
// validator (ajv), not by the zod schema it was generated from.
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(deckJsonSchema());

/**
 * A deck.json LECTRA wrote, read and checked twice: against the JSON Schema we publish (so what
 * other tools validate against matches what we write), then loaded as the pipeline loads it.
 */
export function readDeckJson(file: string): Deck {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!validate(value)) throw new Error(`${file} does not match the deck JSON Schema:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return validateDeck(value, file);
}

type SlideOf = Deck['slides'][number];
type Block = SlideOf['blocks'][number];

/** Every block of a slide, columns opened, in reading order (a reader of our own, not the code under test). */
function allBlocks(slide: SlideOf): Block[] {
  return slide.blocks.flatMap((b) => (b.type === 'columns' ? (b.columns.flat() as Block[]) : [b]));
}

/** The picture blocks of a slide. */
export function picturesOf(slide: SlideOf): Array<Extract<Block, { type: 'image' }>> {
  return allBlocks(slide).filter((b): b is Extract<Block, { type: 'image' }> => b.type === 'image');
}

/** The list items of a slide, in order. */
export function itemsOf(slide: SlideOf): Array<{ text: string; level: number }> {
  return allBlocks(slide).flatMap((b) => (b.type === 'list' ? b.items : []));
}

/** The code blocks of a slide. */
export function codeOf(slide: SlideOf): Array<Extract<Block, { type: 'code' }>> {
  return allBlocks(slide).filter((b): b is Extract<Block, { type: 'code' }> => b.type === 'code');
}
