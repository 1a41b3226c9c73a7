import type { Slide } from '../deck/schema.js';
import { blocksFit } from './layout-blocks.js';
import { GRID } from './slide-grid.js';
import { THEMES } from './themes.js';

/**
 * Whether a slide's content still fits at a readable size in the text column left beside an
 * illustration: an illustration is only added where it takes no text away.
 */
export function fitsBesidePicture(slide: Pick<Slide, 'blocks' | 'title'>): boolean {
  const width = GRID.contentW * GRID.textShare;
  const top = slide.title ? 2.3 : GRID.titleY;
  const blocks = slide.blocks.map((block, index) => ({ block, index }));
  return blocksFit(blocks, { x: GRID.contentX, y: top, w: width, h: GRID.contentBottom - top }, { theme: THEMES.light });
}
