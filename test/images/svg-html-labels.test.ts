import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDeck } from '../../src/deck/deck-file.js';
import { chromiumArgs, findChromium, hasHtmlLabels, rasteriseHtmlSvg } from '../../src/images/svg-html-labels.js';
import { optionalTool } from '../support/optional-tool.js';

// draw.io exports label boxes as HTML inside <foreignObject>: only a browser draws them.
const DRAWIO = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
  <rect x="0" y="0" width="200" height="100" fill="#ffffff"/>
  <foreignObject x="20" y="20" width="160" height="60">
    <div xmlns="http://www.w3.org/1999/xhtml" style="width:160px;height:60px;background:#ff0000">Label</div>
  </foreignObject>
</svg>`;

const dir = mkdtempSync(path.join(tmpdir(), 'lectra-svg-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Share of pixels that are clearly red. */
function redShare(png: PNG): number {
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! > 200 && png.data[i + 1]! < 60 && png.data[i + 2]! < 60) red++;
  return red / (png.width * png.height);
}

describe('SVGs with HTML labels', () => {
  it('are recognised by their <foreignObject>', () => {
    expect(hasHtmlLabels(DRAWIO)).toBe(true);
    expect(hasHtmlLabels('<svg><rect/><text>plain</text></svg>')).toBe(false);
  });

  it('builds a headless screenshot command with its own profile and the picture size', () => {
    expect(chromiumArgs('file:///a.svg', '/o.png', { width: 200, height: 100 }, '/p')).toEqual([
      '--headless',
      '--disable-gpu',
      '--no-sandbox',
      '--no-first-run',
      '--hide-scrollbars',
      '--force-device-scale-factor=2',
      '--default-background-color=00000000',
      '--user-data-dir=/p',
      '--window-size=200,100',
      '--screenshot=/o.png',
      'file:///a.svg',
    ]);
  });

  it('without Chromium the SVG is kept and the notes say how to draw its labels', async () => {
    const svg = path.join(dir, 'nochrome.svg');
    writeFileSync(svg, DRAWIO);
    writeFileSync(path.join(dir, 'nochrome.md'), '# Diagram\n\n![flow](nochrome.svg)\n');
    const previous = process.env.LECTRA_CHROMIUM;
    process.env.LECTRA_CHROMIUM = path.join(dir, 'no-such-chromium');
    try {
      const { deck, warnings } = await loadDeck(path.join(dir, 'nochrome.md'));
      expect(deck.slides[0]!.blocks).toEqual([expect.objectContaining({ type: 'image', src: svg })]);
      expect(warnings).toEqual([expect.stringMatching(/nochrome\.md:3: warning: slide 1: image "nochrome\.svg" has HTML labels .*install Chromium/)]);
    } finally {
      if (previous === undefined) delete process.env.LECTRA_CHROMIUM;
      else process.env.LECTRA_CHROMIUM = previous;
    }
  });

  const hasChromium = optionalTool('chromium', findChromium() !== undefined);

  it.skipIf(!hasChromium)('with Chromium the labels are drawn: a PNG at twice the size, the HTML box in it (resvg alone draws none)', { timeout: 60_000 }, async () => {
    const svg = path.join(dir, 'drawio.svg');
    writeFileSync(svg, DRAWIO);
    // resvg (through sharp's SVG loader here) ignores foreignObject: no red at all.
    expect(redShare(PNG.sync.read(await sharp(Buffer.from(DRAWIO)).png().toBuffer()))).toBe(0);
    const png = await rasteriseHtmlSvg(svg, { dir: path.join(dir, 'store') });
    expect(png).toBeDefined();
    const decoded = PNG.sync.read(await sharp(png!).png().toBuffer());
    expect([decoded.width, decoded.height]).toEqual([400, 200]);
    // The 160×60 box of a 200×100 picture: 48 % of it.
    expect(redShare(decoded)).toBeGreaterThan(0.4);
    expect(redShare(decoded)).toBeLessThan(0.56);
    // Loading notes that use it swaps in the PNG, with no warning.
    writeFileSync(path.join(dir, 'uses.md'), '# Diagram\n\n![flow](drawio.svg)\n');
    const { deck, warnings } = await loadDeck(path.join(dir, 'uses.md'));
    expect(warnings).toEqual([]);
    const block = deck.slides[0]!.blocks[0]!;
    expect(block.type === 'image' && block.src.endsWith('-svg.png')).toBe(true);
  });
});
