import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadDeck } from '../../src/deck/deck-file.js';
import { inferLayout } from '../../src/deck/slide-content.js';

const EXAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

describe('examples', () => {
  it('intro-to-photosynthesis.md loads cleanly with every kind of slide', async () => {
    const { deck, warnings } = await loadDeck(path.join(EXAMPLES, 'intro-to-photosynthesis.md'));
    expect(warnings).toEqual([]);
    expect(deck.lang).toBe('en');
    expect(deck.theme).toBe('light');
    expect(deck.slides.length).toBeGreaterThanOrEqual(7);
    expect(deck.slides.length).toBeLessThanOrEqual(9);
    const layouts = deck.slides.map((slide, i) => inferLayout(slide, i));
    expect(layouts[0]).toBe('title');
    expect(layouts).toEqual(expect.arrayContaining(['content']));
    const blocks = deck.slides.flatMap((s) => s.blocks);
    expect(new Set(blocks.map((b) => b.type))).toEqual(new Set(['list', 'image', 'code']));
    const items = blocks.flatMap((b) => (b.type === 'list' ? b.items : []));
    expect(blocks.some((b) => b.type === 'list' && b.ordered)).toBe(true);
    expect(items.some((item) => item.level === 1)).toBe(true);
    expect(items.some((item) => item.text.includes('**'))).toBe(true);
    // A picture beside a list, and a slide that is one picture under its title.
    expect(deck.slides.some((s) => s.blocks.some((b) => b.type === 'list') && s.blocks.some((b) => b.type === 'image'))).toBe(true);
    expect(deck.slides.some((s) => s.blocks.length === 1 && s.blocks[0]!.type === 'image')).toBe(true);
    for (const slide of deck.slides) {
      const sentences = slide.narration.split(/(?<=[.!?])\s+/).filter(Boolean);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(4);
    }
  });

  it('its images are real PNGs of about 1200×800 under 200 KB, with SVG sources', async () => {
    for (const name of ['photosynthesis-overview', 'leaf-cross-section']) {
      const png = path.join(EXAMPLES, 'images', `${name}.png`);
      const meta = await sharp(png).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 1200, height: 800 });
      expect((await stat(png)).size).toBeLessThan(200 * 1024);
      expect(await readFile(path.join(EXAMPLES, 'images', `${name}.svg`), 'utf8')).toContain('<svg');
    }
  });

  it('french-sample.md is a 3-slide French deck', async () => {
    const { deck, warnings } = await loadDeck(path.join(EXAMPLES, 'french-sample.md'));
    expect(warnings).toEqual([]);
    expect(deck.lang).toBe('fr');
    expect(deck.slides).toHaveLength(3);
    expect(deck.slides.every((s) => s.narration.length > 0)).toBe(true);
  });
});
