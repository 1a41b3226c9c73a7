import { expect } from 'vitest';
import type { Deck, DeckInput, SlideInput } from '../../src/deck/schema.js';
import type { V1SlideInput } from '../../src/deck/schema-v1.js';
import { validateDeck } from '../../src/deck/validate-deck.js';
import { SAFE_MARGIN } from '../../src/layout/slide-grid.js';
import { linesHeight } from '../../src/layout/measure-text.js';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN, type SlideLayout, type TextBox } from '../../src/layout/types.js';

/**
 * A validated deck from slide inputs (defaults applied). Slides written the version 1 way
 * (bullets, image, code) make a version 1 deck, which loads migrated — as old deck.json files do.
 */
export function makeDeck(slides: Array<SlideInput | V1SlideInput>, extra: Partial<DeckInput> = {}): Deck {
  const v1 = slides.some((s) => 'bullets' in s || 'image' in s || 'code' in s || 'ordered' in s || ['bullets', 'bullets-image', 'code'].includes(String(s.layout)));
  return validateDeck({ version: v1 ? 1 : 2, title: 'Test deck', slides, ...extra }, 'test deck');
}

const EPS = 1e-6;

export function textBoxes(layout: SlideLayout): TextBox[] {
  return layout.boxes.filter((b): b is TextBox => b.kind === 'text');
}

/** The layout contract: every box inside the safe area, every text box's lines inside it. */
export function expectFits(layout: SlideLayout): void {
  for (const box of layout.boxes) {
    const where = `slide ${layout.index + 1} ${box.kind}${box.kind === 'text' ? `(${box.role})` : ''}`;
    // Full-bleed pictures (backgrounds, Marp's `bg left`) and their scrims reach the edge on purpose.
    if ((box.kind === 'image' && box.fit === 'cover') || (box.kind === 'rect' && box.role === 'scrim')) continue;
    expect(box.x, where).toBeGreaterThanOrEqual(SAFE_MARGIN - EPS);
    expect(box.y, where).toBeGreaterThanOrEqual(SAFE_MARGIN - EPS);
    expect(box.x + box.w, where).toBeLessThanOrEqual(SLIDE_WIDTH_IN - SAFE_MARGIN + EPS);
    expect(box.y + box.h, where).toBeLessThanOrEqual(SLIDE_HEIGHT_IN - SAFE_MARGIN + EPS);
    expect(box.w, where).toBeGreaterThan(0);
    expect(box.h, where).toBeGreaterThan(0);
    if (box.kind !== 'text') continue;
    expect(box.lines.length, where).toBeGreaterThan(0);
    for (const line of box.lines) expect(line.width, where).toBeLessThanOrEqual(box.w - box.indent + EPS);
    expect((box.lines.length * box.lineHeight) / 72, where).toBeLessThanOrEqual(box.h + EPS);
    expect(linesHeight(box.font, box.fontSize, box.lineHeight, box.lines.length) / 72, where).toBeLessThanOrEqual(box.h + EPS);
  }
}

/** All text of a box, lines joined by spaces. */
export function boxText(box: TextBox): string {
  return box.lines.map((l) => l.runs.map((r) => r.text).join('')).join(' ');
}

/** No two text boxes (and no text box and image) overlap. */
export function expectNoOverlap(layout: SlideLayout): void {
  const boxes = layout.boxes.filter((b) => b.kind === 'text' || b.kind === 'image');
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const overlapX = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      expect(overlapX > EPS && overlapY > EPS, `slide ${layout.index + 1}: boxes ${i} and ${j} overlap`).toBe(false);
    }
  }
}
