import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/pipeline/progress.js';
import { renderDeck } from '../../src/pipeline/render-deck.js';
import { listenOnLoopback } from '../../src/testing/http-helpers.js';

let dir: string;
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-linked-'));
  // A pure magenta picture, so the frame shows whether it was drawn.
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 255, g: 0, b: 255 } } }).png().toBuffer();
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/magenta.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    else if (req.url === '/page.png') res.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><html><body>Not found</body></html>');
    else res.writeHead(404).end('no');
  });
  base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const notes = (front = '') =>
  `---\ntitle: Linked pictures\n${front}---\n\n# Drawn\n\n- a point\n\n![A magenta square](${base}/magenta.png)\n\n---\n\n# Gone\n\n- a point\n\n![Missing](${base}/missing.png)\n\n---\n\n# Not a picture\n\n- a point\n\n![A page](${base}/page.png)\n`;

async function render(name: string, text: string) {
  const file = path.join(dir, `${name}.md`);
  fs.writeFileSync(file, text);
  const warnings: Array<{ slide?: number; message: string }> = [];
  const onProgress = (event: ProgressEvent) => {
    if (event.type === 'warning') warnings.push({ slide: event.slide, message: event.message });
  };
  const result = await renderDeck(file, { out: path.join(dir, `${name}-out`), cacheDir: path.join(dir, `${name}-cache`), only: ['deck', 'frames'] }, { onProgress });
  return { result, warnings };
}

function magentaShare(file: string): number {
  const png = PNG.sync.read(fs.readFileSync(file));
  let hits = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! > 230 && png.data[i + 1]! < 30 && png.data[i + 2]! > 230) hits++;
  return hits / (png.width * png.height);
}

describe('pictures the author linked by URL', () => {
  it('are downloaded and drawn; one that cannot be had leaves its slide without it, with a warning naming slide and URL', async () => {
    const { result, warnings } = await render('linked', notes());
    expect(result.deck.slides.map((s) => s.blocks.filter((b) => b.type === 'image').length)).toEqual([1, 0, 0]);
    expect(magentaShare(result.frames[0]!)).toBeGreaterThan(0.05);
    expect(magentaShare(result.frames[1]!)).toBe(0);
    // Downloads run side by side: their warnings come in any order.
    const picture = warnings.filter((w) => w.message.includes('shown without the picture')).sort((a, b) => a.slide! - b.slide!);
    expect(picture.map((w) => w.slide)).toEqual([2, 3]);
    expect(picture[0]!.message).toContain(`${base}/missing.png`);
    expect(picture[0]!.message).toMatch(/404/);
    expect(picture[1]!.message).toMatch(/not an image \(looks like an HTML page/);
  });

  it('are fetched once: a second render takes the picture from the store, and tries the failed ones again', async () => {
    await render('again', notes());
    requests.length = 0;
    await render('again', notes());
    expect(requests.sort()).toEqual(['/missing.png', '/page.png']);
  });

  it('with --images none nothing is downloaded, and each slide says so', async () => {
    requests.length = 0;
    const { result, warnings } = await render('offline', notes('images: none\n'));
    expect(requests).toEqual([]);
    expect(result.deck.slides.every((s) => s.blocks.every((b) => b.type !== 'image'))).toBe(true);
    expect(warnings.filter((w) => w.message.includes('was not downloaded (--images none)')).map((w) => w.slide).sort()).toEqual([1, 2, 3]);
  });
});
