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
    const deck = makeDeck([{ title: 'Hieroglyphs', blocks: [{ type: 'paragraph', text: 'A seated man 𓀀, again 𓀀, and a bird 𓅃' }] }]);
    expect(layoutSlide(deck.slides[0]!, 0, deck).missingGlyphs).toEqual(['U+13000 𓀀', 'U+13143 𓅃']);
  });

  it('colour emoji are Twemoji pictures in the frame (1.1 em reserved), the character itself in the text', async () => {
    const deck = makeDeck([{ title: 'Emoji', blocks: [{ type: 'paragraph', text: 'Done ✅ and launch 🚀 with an abacus 🧮' }] }]);
    const layout = layoutSlide(deck.slides[0]!, 0, deck);
    expect(layout.missingGlyphs).toBeUndefined();
    const svg = frameSvg(layout, { embedImage: () => '' });
    expect(svg.match(/<image [^>]*xlink:href="data:image\/svg\+xml;base64,/g)).toHaveLength(3);
    const box = layout.boxes.find((b): b is TextBox => b.kind === 'text' && b.role === 'paragraph')!;
    expect(box.lines.map((l) => l.runs.map((r) => r.text).join('')).join(' ')).toBe('Done ✅ and launch 🚀 with an abacus 🧮');
    // Twemoji's ✅ is a green square (#77B255): green that nothing else on the slide has.
    const png = PNG.sync.read(await rasteriseFrame(layout));
    let green = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (g > 150 && r < 150 && b < 110) green++;
    }
    expect(green).toBeGreaterThan(300);
  });
});
