import type { V1Deck, V1Slide } from './schema-v1.js';
import { DECK_VERSION, type BlockInput, type DeckInput, type SlideInput, type SlideLayoutKind } from './schema.js';

/**
 * deck.json version 1 → version 2. A v1 slide's bullets become one list block (sub-bullets at
 * level 1), then its code block, then its picture (placed `auto`, i.e. beside the text as v1
 * drew it). The v1 layouts map onto the v2 ones; nothing the v1 file held is dropped.
 */
export function migrateDeck(deck: V1Deck): DeckInput {
  const { slides, version: _version, ...rest } = deck;
  return { ...rest, version: DECK_VERSION, slides: slides.map(migrateSlide) };
}

const LAYOUTS: Record<NonNullable<V1Slide['layout']>, SlideLayoutKind> = {
  title: 'title',
  bullets: 'content',
  'bullets-image': 'content',
  code: 'content',
  image: 'image',
};

function migrateSlide(slide: V1Slide): SlideInput {
  const { layout, bullets, ordered, image, code, ...rest } = slide;
  const blocks: BlockInput[] = [];
  if (bullets.length > 0) {
    const items = bullets.flatMap((bullet) => [{ text: bullet.text, level: 0 }, ...bullet.children.map((text) => ({ text, level: 1 }))]);
    blocks.push({ type: 'list', ordered, items });
  }
  if (code) blocks.push({ type: 'code', lang: code.lang, text: code.text });
  if (image) blocks.push({ type: 'image', src: image.src, alt: image.alt, ...(image.credit ? { credit: image.credit } : {}) });
  return { ...(layout ? { layout: LAYOUTS[layout] } : {}), ...rest, blocks };
}
