import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { FALLBACK_FAMILIES } from '../../src/layout/fonts.js';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import { fontSegments } from '../../src/layout/measure-text.js';
import { PX_PER_IN, type TextBox } from '../../src/layout/types.js';
import { frameSvg } from '../../src/render/frame-svg.js';
import { rasteriseFrame } from '../../src/render/rasterise-frame.js';
import { makeDeck } from './helpers.js';

// Issue 15: every glyph has a font — Inter, then DejaVu Sans, Noto Sans Math, Noto Sans Symbols 2, Noto Sans Symbols.

describe('the font fallback chain', () => {
  it.each([
    ['☂', 'DejaVu Sans'],
    ['𝜃', 'Noto Sans Math'],
    ['∮', 'DejaVu Sans'],
    ['🯅', 'Noto Sans Symbols 2'],
  ])('%s is drawn by %s', (text, family) => {
    const segments = fontSegments(text, { font: 'sans' }).filter((s) => s.text.trim());
    expect(segments.every((s) => !s.missing)).toBe(true);
    const faces = segments.filter((s) => s.fallback).map((s) => FALLBACK_FAMILIES[s.fallbackIndex!]);
    expect(faces).toContain(family);
  });

  it('maths letters and symbols are drawn (ink in their box), and the SVG names the face that has them', async () => {
    const deck = makeDeck([{ title: 'Symbols', blocks: [{ type: 'paragraph', text: 'Angle 𝜃 and ✗ and ⚠ here' }] }]);
    const layout = layoutSlide(deck.slides[0]!, 0, deck);
    expect(layout.missingGlyphs).toBeUndefined();
    expect(frameSvg(layout, { embedImage: () => '' })).toContain("font-family=\"'Noto Sans Math'\"");
    const png = PNG.sync.read(await rasteriseFrame(layout));
    const box = layout.boxes.find((b): b is TextBox => b.kind === 'text' && b.role === 'paragraph')!;
    let ink = 0;
    for (let y = Math.round(box.y * PX_PER_IN); y < (box.y + box.h) * PX_PER_IN; y++)
      for (let x = Math.round(box.x * PX_PER_IN); x < (box.x + box.w) * PX_PER_IN; x++) if (png.data[(y * png.width + x) * 4]! < 120) ink++;
    expect(ink).toBeGreaterThan(300);
  });

  it('a character no bundled font has is reported once per slide, by code point', () => {
    // Colour emoji are not drawn yet (issue 15's Twemoji step): they are named, never a silent box.
    const deck = makeDeck([{ title: 'Abacus', blocks: [{ type: 'paragraph', text: 'An abacus 🧮, another 🧮 and ❌' }] }]);
    expect(layoutSlide(deck.slides[0]!, 0, deck).missingGlyphs).toEqual(['U+1F9EE 🧮', 'U+274C ❌']);
  });
});
