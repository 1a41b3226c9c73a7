import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import { PX_PER_IN, type SlideLayout, type TableBox } from '../../src/layout/types.js';
import { rasteriseFrame } from '../../src/render/rasterise-frame.js';
import { writePptx } from '../../src/render/write-pptx.js';
import { makeDeck } from '../layout/helpers.js';

// The v2 blocks through both renderers: a native PPTX table and the same grid in the frame,
// a covering background picture under a scrim, highlighted text.

let dir: string;
let photo: string;
let layouts: SlideLayout[];
let deck: ReturnType<typeof makeDeck>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lectra-blocks-'));
  photo = path.join(dir, 'red.png');
  // A pure red 800×400 picture: what the scrim does to it is measurable.
  await sharp({ create: { width: 800, height: 400, channels: 3, background: '#FF0000' } }).png().toFile(photo);
  deck = makeDeck([
    {
      title: 'Planets',
      blocks: [
        { type: 'table', header: ['Planet', 'Moons'], align: ['left', 'right'], rows: [['Mercury', '0'], ['Earth', '1'], ['Mars', '2']] },
        { type: 'paragraph', text: 'Mars has ==two== moons.' },
      ],
    },
    { title: 'On a photo', blocks: [{ type: 'image', src: photo, position: 'background' }, { type: 'paragraph', text: 'Readable words' }] },
  ]);
  const images = new Map([[photo, { width: 800, height: 400 }]]);
  layouts = deck.slides.map((slide, i) => layoutSlide(slide, i, deck, { images }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tables', () => {
  it('the PPTX holds a native table: one grid column per column, one row per row, the cell texts', async () => {
    const file = path.join(dir, 'deck.pptx');
    await writePptx({ deck, layouts }, file);
    const zip = await JSZip.loadAsync(await readFile(file));
    const xml = await zip.file('ppt/slides/slide1.xml')!.async('string');
    const table = /<a:tbl>[\s\S]*<\/a:tbl>/.exec(xml)?.[0];
    expect(table).toBeDefined();
    expect(table!.match(/<a:gridCol /g)).toHaveLength(2);
    expect(table!.match(/<a:tr /g)).toHaveLength(4);
    const cells = [...table!.matchAll(/<a:tc[\s>][\s\S]*?<\/a:tc>/g)].map((m) => [...m[0].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''));
    expect(cells).toEqual(['Planet', 'Moons', 'Mercury', '0', 'Earth', '1', 'Mars', '2']);
    // Widths and heights are the layout's (EMU).
    const box = layouts[0]!.boxes.find((b): b is TableBox => b.kind === 'table')!;
    const widths = [...table!.matchAll(/<a:gridCol w="(\d+)"/g)].map((m) => Number(m[1]) / 914400);
    widths.forEach((w, i) => expect(w).toBeCloseTo(box.columns[i]!, 2));
    // ==two== is highlighted in the text run.
    expect(xml).toMatch(/<a:highlight><a:srgbClr val="FEF08A"\/><\/a:highlight>[\s\S]*?<a:t>two<\/a:t>/);
  });

  it('the frame draws the header fill behind the header row', async () => {
    const png = PNG.sync.read(await rasteriseFrame(layouts[0]!));
    const box = layouts[0]!.boxes.find((b): b is TableBox => b.kind === 'table')!;
    // A pixel in the header row, right of the header text (padding area of the last cell).
    const x = Math.round((box.x + box.w - box.padX / 2) * PX_PER_IN);
    const y = Math.round((box.y + box.rows[0]!.h / 2) * PX_PER_IN);
    const at = (y * png.width + x) * 4;
    expect([png.data[at], png.data[at + 1], png.data[at + 2]]).toEqual([0xe2, 0xe8, 0xf0]);
  });
});

describe('background pictures', () => {
  it('cover the whole frame, softened by the scrim (red turns pale, not white, not red)', async () => {
    const png = PNG.sync.read(await rasteriseFrame(layouts[1]!));
    const corner = (10 * png.width + 10) * 4;
    const [r, g, b] = [png.data[corner]!, png.data[corner + 1]!, png.data[corner + 2]!];
    // Light scrim (#FBFBFA) at 78 % over pure red: about (251, 196, 195).
    expect(r).toBeGreaterThan(240);
    expect(g).toBeGreaterThan(170);
    expect(g).toBeLessThan(220);
    expect(Math.abs(g - b)).toBeLessThan(10);
  });

  it('the PPTX crops the picture to the slide and lays the scrim over it with transparency', async () => {
    const file = path.join(dir, 'bg.pptx');
    await writePptx({ deck, layouts }, file);
    const zip = await JSZip.loadAsync(await readFile(file));
    const xml = await zip.file('ppt/slides/slide2.xml')!.async('string');
    const pic = /<p:pic>[\s\S]*?<\/p:pic>/.exec(xml)![0];
    expect(pic).toMatch(/<a:srcRect l="\d+" r="\d+" t="\d+" b="\d+"\/>/);
    expect(pic).toMatch(/<a:ext cx="12191695" cy="6858000"\/>/);
    expect(xml).toMatch(/<a:srgbClr val="FBFBFA"><a:alpha val="78000"\/><\/a:srgbClr>/);
  });
});
