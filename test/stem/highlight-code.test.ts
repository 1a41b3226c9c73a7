import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { fenceInfo } from '../../src/deck/build-slide.js';
import { parseNotes } from '../../src/deck/parse-notes.js';
import type { CodeBlock } from '../../src/deck/schema.js';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import { PX_PER_IN, type RectBox, type TextBox } from '../../src/layout/types.js';
import { rasteriseFrame } from '../../src/render/rasterise-frame.js';
import { writePptx } from '../../src/render/write-pptx.js';
import { highlightCode } from '../../src/stem/highlight-code.js';

// Issue 15: code is highlighted with Shiki, and the frames and the PPTX show the same colours.

const PYTHON = 'def area(w, h):\n    # width times height\n    return w * h';
const dir = mkdtempSync(path.join(tmpdir(), 'lectra-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('highlightCode', () => {
  it('colours Python tokens: the keyword, the function name and the comment each their own colour (github-light)', async () => {
    const lines = (await highlightCode(PYTHON, 'python', 'light'))!;
    expect(lines.map((line) => line.map((t) => t.text).join(''))).toEqual(['def area(w, h):', '    # width times height', '    return w * h']);
    const colour = (text: string) => lines.flat().find((t) => t.text.trim() === text)!.color;
    expect(colour('def')).toBe('#D73A49');
    expect(colour('area')).toBe('#6F42C1');
    expect(colour('# width times height')).toBe('#6A737D');
  });

  it('knows the common short names (py, ts, sh) and leaves unknown languages plain', async () => {
    expect(await highlightCode('x = 1', 'py', 'dark')).toBeDefined();
    expect(await highlightCode('let x = 1', 'ts', 'dark')).toBeDefined();
    expect(await highlightCode('ls -l', 'sh', 'dark')).toBeDefined();
    expect(await highlightCode('whatever', 'no-such-language', 'dark')).toBeUndefined();
    expect(await highlightCode('whatever', '', 'dark')).toBeUndefined();
  });
});

describe('fenceInfo: highlighted lines', () => {
  it.each([
    ['ts {2,4-5}', { lang: 'ts', emphasis: [2, 4, 5] }],
    ['py{1|3}', { lang: 'py', emphasis: [1] }],
    ['js {all}', { lang: 'js' }],
    ['python', { lang: 'python' }],
  ])('%s', (info, expected) => {
    expect(fenceInfo(info)).toEqual(expected);
  });

  it('the notes keep them on the code block', () => {
    const { deck } = parseNotes('# C\n\n```py {2}\na = 1\nb = 2\n```\n\n---\n\n# E\n');
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'code', lang: 'py', text: 'a = 1\nb = 2', emphasis: [2] }]);
  });
});

describe('highlighted code in both renderers', () => {
  it('frames draw ≥ 3 token colours, the PPTX runs carry the same colours, an emphasised line has its band', async () => {
    const { deck } = parseNotes(`# Area\n\n\`\`\`python {3}\n${PYTHON}\n\`\`\`\n\n---\n\n# End\n`);
    const block = deck.slides[0]!.blocks[0] as CodeBlock;
    const tokens = await highlightCode(block.text, block.lang, 'light');
    const layout = layoutSlide(deck.slides[0]!, 0, deck, { highlight: () => tokens });
    const code = layout.boxes.find((b): b is TextBox => b.kind === 'text' && b.role === 'code')!;
    const colours = new Set(code.lines.flatMap((line) => line.runs.map((run) => run.color ?? code.color)));
    expect(colours.size).toBeGreaterThanOrEqual(3);
    const band = layout.boxes.find((b): b is RectBox => b.kind === 'rect' && b.role === 'code-emphasis')!;
    expect(band.y).toBeCloseTo(code.y + (2 * code.lineHeight) / 72, 6); // the third line

    // Frame pixels: the keyword's red (#D73A49) and the function's purple (#6F42C1) are drawn.
    const png = PNG.sync.read(await rasteriseFrame(layout));
    const near = (r: number, g: number, b: number) => {
      let n = 0;
      const x0 = Math.round(code.x * PX_PER_IN);
      const y0 = Math.round(code.y * PX_PER_IN);
      for (let y = y0; y < y0 + code.h * PX_PER_IN; y++)
        for (let x = x0; x < x0 + code.w * PX_PER_IN; x++) {
          const i = (y * png.width + x) * 4;
          if (Math.abs(png.data[i]! - r) + Math.abs(png.data[i + 1]! - g) + Math.abs(png.data[i + 2]! - b) < 40) n++;
        }
      return n;
    };
    expect(near(0xd7, 0x3a, 0x49)).toBeGreaterThan(20);
    expect(near(0x6f, 0x42, 0xc1)).toBeGreaterThan(20);

    const file = path.join(dir, 'code.pptx');
    await writePptx({ deck, layouts: [layout, layoutSlide(deck.slides[1]!, 1, deck)] }, file);
    const xml = await (await JSZip.loadAsync(await readFile(file))).file('ppt/slides/slide1.xml')!.async('string');
    // Within one run: its colour, then its text.
    const run = (colour: string, text: string) => new RegExp(`<a:r><a:rPr [^>]*><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>(?:(?!</a:r>).)*<a:t>${text}</a:t></a:r>`);
    expect(xml).toMatch(run('D73A49', 'def'));
    expect(xml).toMatch(run('6F42C1', 'area'));
  });
});
