import { readFileSync } from 'node:fs';
import opentype from 'opentype.js';
import { describe, expect, it } from 'vitest';
import { fontFiles } from '../../src/layout/fonts.js';
import { readTtfMetrics } from '../../src/layout/ttf-metrics.js';

/** Every bundled face, read by our table reader and by a full parser (opentype.js), must agree. */
const f = fontFiles();
const FACES = [f.sans.regular, f.sans.bold, f.sans.italic, f.sans.boldItalic, f.mono.regular, f.mono.bold, f.fallback];

describe.each(FACES.map((file) => [file.split('/').pop()!, file]))('readTtfMetrics: %s', (_name, file) => {
  const bytes = readFileSync(file);
  const metrics = readTtfMetrics(bytes);
  const reference = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

  it('reads units per em and the hhea line metrics', () => {
    expect(metrics.unitsPerEm).toBe(reference.unitsPerEm);
    expect(metrics.ascender).toBe(reference.ascender);
    expect(metrics.descender).toBe(reference.descender);
  });

  it('maps every code point in the BMP and the supplementary planes to the same glyph', () => {
    const cmap = (reference.tables.cmap as unknown as { glyphIndexMap: Record<number, number> }).glyphIndexMap;
    const differing: number[] = [];
    for (let cp = 0; cp < 0x30000; cp++) if ((cmap[cp] ?? 0) !== metrics.glyphIndex(cp)) differing.push(cp);
    expect(differing).toEqual([]);
    expect(metrics.glyphIndex('A'.codePointAt(0)!)).toBeGreaterThan(0);
  });

  it('gives every glyph the same advance width', () => {
    const differing: number[] = [];
    for (let g = 0; g < reference.glyphs.length; g++) if ((reference.glyphs.get(g).advanceWidth ?? 0) !== metrics.advance(g)) differing.push(g);
    expect(differing).toEqual([]);
  });
});

describe('readTtfMetrics on bad bytes', () => {
  it('says which table is missing', () => {
    const header = Buffer.alloc(12);
    header.writeUInt32BE(0x00010000, 0);
    expect(() => readTtfMetrics(header)).toThrow(/no head table/);
  });
});
