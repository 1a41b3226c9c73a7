import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutDeck } from '../../src/layout/layout-slide.js';
import { PX_PER_IN, type SlideLayout } from '../../src/layout/types.js';
import { readImageInfo } from '../../src/render/image-info.js';
import { rasteriseDeck, rasteriseFrame } from '../../src/render/rasterise-frame.js';
import { makeDeck } from '../layout/helpers.js';

const SAVE_DIR = path.resolve('test/.tmp'); // frames kept for a human to look at
let dir: string;
let photo: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lectra-raster-'));
  photo = path.join(dir, 'photo.webp'); // not PNG/JPEG on purpose: the rasteriser converts it
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><rect width="1200" height="800" fill="#0ea5e9"/><circle cx="400" cy="400" r="220" fill="#fde047"/><rect x="650" y="200" width="400" height="400" fill="#f43f5e"/></svg>`;
  await sharp(Buffer.from(svg)).webp().toFile(photo);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

function hex(color: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
}

interface PxRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function pxRect(b: { x: number; y: number; w: number; h: number }, pad: number): PxRect {
  return { x0: b.x * PX_PER_IN - pad, y0: b.y * PX_PER_IN - pad, x1: (b.x + b.w) * PX_PER_IN + pad, y1: (b.y + b.h) * PX_PER_IN + pad };
}

const inside = (r: PxRect, x: number, y: number): boolean => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;

/** Pixels that differ strongly from the background, sorted into "inside a text box", "stray" and per-title counts. */
function inkReport(layout: SlideLayout, png: PNG): { stray: { x: number; y: number }[]; inTitle: number; inText: number } {
  const bg = hex(layout.background);
  const solids = layout.boxes.filter((b) => b.kind !== 'text').map((b) => pxRect(b, 2));
  const texts = layout.boxes.filter((b) => b.kind === 'text').map((b) => pxRect(b, 4)); // antialiasing and italic overhang
  const title = layout.boxes.find((b) => b.kind === 'text' && b.role === 'title');
  const titleRect = title ? pxRect(title, 0) : undefined;
  const stray: { x: number; y: number }[] = [];
  let inTitle = 0;
  let inText = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const diff = Math.abs(png.data[i] - bg[0]) + Math.abs(png.data[i + 1] - bg[1]) + Math.abs(png.data[i + 2] - bg[2]);
      if (diff < 150) continue;
      if (solids.some((r) => inside(r, x, y))) continue;
      if (titleRect && inside(titleRect, x, y)) inTitle++;
      if (texts.some((r) => inside(r, x, y))) inText++;
      else stray.push({ x, y });
    }
  }
  return { stray, inTitle, inText };
}

function deckLayouts(theme: 'light' | 'dark'): Promise<SlideLayout[]> {
  const deck = makeDeck(
    [
      { title: 'AI in Healthcare', subtitle: 'From diagnosis to drug discovery' },
      { title: 'Where AI helps *today*', bullets: [{ text: 'Imaging: detecting **tumours** and fractures', children: ['Radiology triage'] }, { text: 'Notes: summarising visits with `LLM` scribes — ☃ Ωμέγα' }] },
      { title: 'A diagnostic pipeline', bullets: [{ text: 'Collect labelled scans' }, { text: 'Validate on **held-out** hospitals' }], image: { src: photo } },
      { title: 'Scoring a model', code: { text: 'def evaluate(model, X, y):\n    scores = model.predict_proba(X)[:, 1]\n    return roc_auc_score(y, scores)' } },
      { title: '人工智能在医疗中的应用 — and a long title that has to wrap onto a second line', bullets: Array.from({ length: 12 }, (_, i) => ({ text: `Point ${i + 1}: ${'words that wrap '.repeat(i === 2 ? 12 : 1)}` })) },
    ],
    { theme, title: 'AI in Healthcare', author: 'Dr. Ada' },
  );
  return readImageInfo([photo]).then((images) => layoutDeck(deck, { images }));
}

describe('rasteriseFrame', () => {
  it('draws every slide at 1920×1080 with all text inside its boxes (light)', async () => {
    mkdirSync(SAVE_DIR, { recursive: true });
    const layouts = await deckLayouts('light');
    for (const layout of layouts) {
      const buffer = await rasteriseFrame(layout);
      writeFileSync(path.join(SAVE_DIR, `frame-light-${layout.index + 1}.png`), buffer);
      const png = decode(buffer);
      expect([png.width, png.height]).toEqual([1920, 1080]);
      const report = inkReport(layout, png);
      expect(report.stray.slice(0, 5), `slide ${layout.index + 1} stray ink`).toEqual([]);
      // Text is really drawn (resvg draws nothing when fonts fail to load).
      expect(report.inTitle, `slide ${layout.index + 1} title ink`).toBeGreaterThan(500);
    }
  });

  it('draws the image (converted from WebP) where the layout put it', async () => {
    const layout = (await deckLayouts('light'))[2];
    const box = layout.boxes.find((b) => b.kind === 'image')!;
    const png = decode(await rasteriseFrame(layout));
    // The photo's top-left is the sky-blue background colour.
    const x = Math.round(box.x * PX_PER_IN + 10);
    const y = Math.round(box.y * PX_PER_IN + 10);
    const i = (y * png.width + x) * 4;
    expect(Math.abs(png.data[i] - 0x0e) + Math.abs(png.data[i + 1] - 0xa5) + Math.abs(png.data[i + 2] - 0xe9)).toBeLessThan(30);
  });

  it('dark theme frames are dark with light text', async () => {
    const layouts = await deckLayouts('dark');
    const buffer = await rasteriseFrame(layouts[1]);
    writeFileSync(path.join(SAVE_DIR, 'frame-dark-2.png'), buffer);
    const png = decode(buffer);
    const corner = [png.data[0], png.data[1], png.data[2]];
    expect(corner.reduce((a, b) => a + b, 0) / 3).toBeLessThan(50);
    const report = inkReport(layouts[1], png);
    expect(report.stray.slice(0, 5)).toEqual([]);
    expect(report.inText).toBeGreaterThan(1000);
  });

  it('fails with a clear LectraError when an image is missing', async () => {
    const deck = makeDeck([{ title: 'x', image: { src: path.join(dir, 'nope.png') } }]);
    const [layout] = layoutDeck(deck);
    await expect(rasteriseFrame(layout)).rejects.toMatchObject({ code: 'missing-image' });
  });
});

describe('rasteriseDeck', () => {
  it('writes slide-NNN.png files atomically and reports each frame', async () => {
    const layouts = (await deckLayouts('light')).slice(0, 3);
    const out = path.join(dir, 'frames');
    const seen: number[] = [];
    const files = await rasteriseDeck(layouts, out, { concurrency: 2, onFrame: (i) => seen.push(i) });
    expect(files.map((f) => path.basename(f))).toEqual(['slide-001.png', 'slide-002.png', 'slide-003.png']);
    expect(readdirSync(out).sort()).toEqual(['slide-001.png', 'slide-002.png', 'slide-003.png']);
    expect(seen.sort()).toEqual([0, 1, 2]);
    expect(decode(readFileSync(files[1])).width).toBe(1920);
  });

  it('stops on abort without leaving partial files', async () => {
    const layouts = await deckLayouts('light');
    const out = path.join(dir, 'aborted');
    const controller = new AbortController();
    controller.abort();
    await expect(rasteriseDeck(layouts, out, { signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('readImageInfo', () => {
  it('reads sizes and swaps them for sideways EXIF orientations', async () => {
    const rotated = path.join(dir, 'sideways.jpg');
    await sharp({ create: { width: 400, height: 200, channels: 3, background: '#336699' } }).jpeg().withMetadata({ orientation: 6 }).toFile(rotated);
    const info = await readImageInfo([photo, rotated, photo]);
    expect(info.get(photo)).toEqual({ width: 1200, height: 800 });
    expect(info.get(rotated)).toEqual({ width: 200, height: 400 });
    await expect(readImageInfo([path.join(dir, 'missing.png')])).rejects.toMatchObject({ code: 'missing-image' });
  });
});
