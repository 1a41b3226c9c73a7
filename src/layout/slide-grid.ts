import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from './types.js';

/**
 * The fixed geometry every slide layout shares, in inches. Nothing may be placed outside the
 * safe margin; content sits a little further in so slides breathe.
 */
export const SAFE_MARGIN = 0.5;

export interface Area {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const GRID = {
  /** Left/right edge of titles and content. */
  contentX: 0.8,
  contentW: SLIDE_WIDTH_IN - 1.6,
  titleY: 0.55,
  titleMaxH: 1.45,
  /** Gap between title and accent rule, the rule's size, and the gap below it. */
  ruleGap: 0.16,
  ruleW: 0.9,
  ruleH: 0.06,
  ruleAfter: 0.34,
  /** Bottom edge of the content area; the footer lives below it. */
  contentBottom: 6.5,
  footerY: 6.72,
  footerH: 0.28,
  footerSize: 12,
  /** Share of the content width the bullets get next to an image. */
  textShare: 0.55,
  columnGap: 0.45,
} as const;

export const SLIDE_BOUNDS: Area = {
  x: SAFE_MARGIN,
  y: SAFE_MARGIN,
  w: SLIDE_WIDTH_IN - 2 * SAFE_MARGIN,
  h: SLIDE_HEIGHT_IN - 2 * SAFE_MARGIN,
};

/** The largest box with the given aspect ratio inside an area, centred in it. */
export function fitAspect(area: Area, width: number, height: number): Area {
  const ratio = width > 0 && height > 0 ? width / height : 4 / 3;
  let w = area.w;
  let h = w / ratio;
  if (h > area.h) {
    h = area.h;
    w = h * ratio;
  }
  return { x: area.x + (area.w - w) / 2, y: area.y + (area.h - h) / 2, w, h };
}
