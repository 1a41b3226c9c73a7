import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotes } from '../../src/deck/parse-notes.js';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import { PX_PER_IN, type ImageBox, type TextBox } from '../../src/layout/types.js';
import { renderDeck } from '../../src/pipeline/render-deck.js';
import type { ProgressEvent } from '../../src/pipeline/progress.js';
import { narrationFromSlide } from '../../src/speech/narration-from-slide.js';
import { loadSpeechEngine, speakMath } from '../../src/stem/speak-math.js';
import { findChromium } from '../../src/images/svg-html-labels.js';
import { optionalTool } from '../support/optional-tool.js';

// Issue 15: maths in a real render — typeset in the frames and the PPTX, said in words, never LaTeX.

const STEM = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/notes/stem.md');
let dir: string;
let result: Awaited<ReturnType<typeof renderDeck>>;
const warnings: Array<Extract<ProgressEvent, { type: 'warning' }>> = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lectra-stem-'));
  result = await renderDeck(STEM, { out: path.join(dir, 'out'), cacheDir: path.join(dir, 'cache'), only: ['deck', 'frames', 'pptx'] }, { onProgress: (e) => void (e.type === 'warning' && warnings.push(e)) });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inline maths', () => {
  it('is drawn as readable Unicode in the text, never as TeX', () => {
    const { deck } = parseNotes('# M\n\nEinstein: $E = mc^2$ and $\\alpha_1 \\le \\beta$.\n');
    const layout = layoutSlide(deck.slides[0]!, 0, deck);
    const paragraph = layout.boxes.find((b): b is TextBox => b.kind === 'text' && b.role === 'paragraph')!;
    const text = paragraph.lines.map((line) => line.runs.map((r) => r.text).join('')).join(' ');
    expect(text).toBe('Einstein: E = mc² and α₁ ≤ β.');
  });
});

describe('display maths in a rendered lecture', () => {
  it('is a typeset picture (alt text: the TeX) on the slide, and in the PPTX', async () => {
    const frame = PNG.sync.read(readFileSync(result.frames[1]!));
    const { deck } = parseNotes(readFileSync(STEM, 'utf8'));
    const saved = JSON.parse(readFileSync(path.join(result.outDir, 'deck.json'), 'utf8'));
    expect(saved.slides[1].blocks[1]).toEqual({ type: 'paragraph', text: '$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$' });
    // The formula's box (laid out again here with the same typeset picture) holds dark ink.
    const zip = await JSZip.loadAsync(readFileSync(path.join(result.outDir, 'deck.pptx')));
    const slide2 = await zip.file('ppt/slides/slide2.xml')!.async('string');
    expect(slide2).toMatch(/<p:cNvPr [^>]*descr="\\int_0\^1 x\^2\\,dx = \\frac\{1\}\{3\}"/);
    const media = Object.keys(zip.files).filter((name) => name.startsWith('ppt/media/') && name.endsWith('.png'));
    expect(media.length).toBeGreaterThan(0);
    expect(deck.slides).toHaveLength(6);
    // Ink where the formula is: somewhere in the middle band of the slide (the second block).
    let dark = 0;
    for (let y = Math.round(1.6 * PX_PER_IN); y < Math.round(3.2 * PX_PER_IN); y++)
      for (let x = Math.round(4 * PX_PER_IN); x < Math.round(9 * PX_PER_IN); x++) {
        const i = (y * frame.width + x) * 4;
        if (frame.data[i]! < 100 && frame.data[i + 1]! < 100 && frame.data[i + 2]! < 100) dark++;
      }
    expect(dark).toBeGreaterThan(500);
  });

  it('a formula MathJax cannot typeset is shown as its source, with a warning naming the slide and the expression', () => {
    expect(warnings.filter((w) => w.message.includes('formula'))).toEqual([expect.objectContaining({ slide: 4, message: expect.stringMatching(/the formula "\\foo\{x\}" cannot be typeset \(Undefined control sequence \\foo\)/) })]);
  });

  it('the layout places the picture inside the slide, centred', async () => {
    const { mathImage } = await import('../../src/stem/math-image.js');
    const { deck } = parseNotes(readFileSync(STEM, 'utf8'));
    const picture = await mathImage('\\int_0^1 x^2\\,dx = \\frac{1}{3}', '#1E293B', dir);
    const layout = layoutSlide(deck.slides[1]!, 1, deck, { math: () => picture });
    const box = layout.boxes.find((b): b is ImageBox => b.kind === 'image')!;
    expect(box.alt).toBe('\\int_0^1 x^2\\,dx = \\frac{1}{3}');
    expect(box.x).toBeGreaterThan(0.5);
    expect(box.x + box.w).toBeLessThan(13.333 - 0.5);
    const text = layout.boxes.filter((b): b is TextBox => b.kind === 'text' && b.role === 'paragraph');
    expect(Math.abs(box.x + box.w / 2 - (text[0]!.x + text[0]!.w / 2))).toBeLessThan(0.05);
  });
});

describe('spoken maths', () => {
  it('the narrator says the formulas in words (and the PPTX notes hold no TeX)', async () => {
    await loadSpeechEngine('en');
    const { deck } = parseNotes(readFileSync(STEM, 'utf8'));
    const said = narrationFromSlide(deck.slides[1]!, 1, deck, (tex) => speakMath(tex, 'en'));
    expect(said).toContain('E equals m c squared');
    expect(said).toContain('the integral from 0 to 1 of x squared d x equals one third');
    expect(said).not.toMatch(/[$\\^_]/);
  });

  it("an author's narration with `$…$` is said in words too", async () => {
    await loadSpeechEngine('en');
    const { deck } = parseNotes('# E\n\n<!-- Remember that $E = mc^2$. -->\n');
    expect(narrationFromSlide(deck.slides[0]!, 0, deck, (tex) => speakMath(tex, 'en'))).toBe('Remember that E equals m c squared.');
  });
});

describe('Graphviz diagrams', () => {
  it('a ```dot block is drawn (by Graphviz in WASM) as a picture where the code would be, and the narrator says what it links', async () => {
    const frame = PNG.sync.read(readFileSync(result.frames[4]!));
    const zip = await JSZip.loadAsync(readFileSync(path.join(result.outDir, 'deck.pptx')));
    const slide5 = await zip.file('ppt/slides/slide5.xml')!.async('string');
    expect(slide5).toContain('<p:pic>');
    expect(slide5).not.toContain('Sunlight -&gt; Leaf'); // not shown as code
    // The boxes' black outlines and arrows are in the frame's middle band.
    let dark = 0;
    for (let y = Math.round(1.5 * PX_PER_IN); y < Math.round(6 * PX_PER_IN); y++)
      for (let x = Math.round(0.8 * PX_PER_IN); x < Math.round(12.5 * PX_PER_IN); x++) {
        const i = (y * frame.width + x) * 4;
        if (frame.data[i]! < 60 && frame.data[i + 1]! < 60 && frame.data[i + 2]! < 60) dark++;
      }
    expect(dark).toBeGreaterThan(2000);
    const { deck } = parseNotes(readFileSync(STEM, 'utf8'));
    expect(narrationFromSlide(deck.slides[4]!, 4, deck)).toBe('A graph. The diagram links Sunlight, Leaf and Sugar.');
  });

  it('a graph Graphviz cannot read stays code, with the reason', async () => {
    const { diagramImage } = await import('../../src/stem/diagram-image.js');
    const bad = await diagramImage('digraph { A -> ; }', dir);
    expect(bad).toEqual({ error: expect.stringMatching(/syntax error/i) });
  });
});

const hasChromium = optionalTool('chromium', findChromium() !== undefined);
const hasMermaid = optionalTool('mermaid', existsSync(path.join(process.cwd(), 'node_modules', 'mermaid', 'dist', 'mermaid.min.js')));

describe.skipIf(!hasChromium || !hasMermaid)('Mermaid diagrams', () => {
  it('a ```mermaid block is laid out by Mermaid in headless Chromium and drawn as a picture; no warning', async () => {
    expect(warnings.filter((w) => w.slide === 6)).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(path.join(result.outDir, 'deck.pptx')));
    const slide6 = await zip.file('ppt/slides/slide6.xml')!.async('string');
    expect(slide6).toContain('<p:pic>');
    expect(slide6).not.toContain('flowchart LR');
    const frame = PNG.sync.read(readFileSync(result.frames[5]!));
    // Mermaid's neutral theme: grey boxes (#EEEEEE-ish) with dark labels, in the middle band.
    let grey = 0;
    for (let y = Math.round(1.5 * PX_PER_IN); y < Math.round(6 * PX_PER_IN); y++)
      for (let x = Math.round(0.8 * PX_PER_IN); x < Math.round(12.5 * PX_PER_IN); x++) {
        const i = (y * frame.width + x) * 4;
        const [r, g, b] = [frame.data[i]!, frame.data[i + 1]!, frame.data[i + 2]!];
        if (r > 225 && r < 245 && Math.abs(r - g) < 4 && Math.abs(g - b) < 4) grey++;
      }
    expect(grey).toBeGreaterThan(5000);
    const { deck } = parseNotes(readFileSync(STEM, 'utf8'));
    expect(narrationFromSlide(deck.slides[5]!, 5, deck)).toBe('A flowchart. The diagram links Light, Leaf and Sugar.');
  });

  it('a Mermaid syntax error stays code, with the reason', async () => {
    const { mermaidImage } = await import('../../src/stem/mermaid-image.js');
    expect(await mermaidImage('flowchart LR\n  A -->', dir)).toEqual({ error: expect.stringMatching(/Parse error/) });
  }, 60_000);
});

describe('Mermaid without a browser', () => {
  it('says which tool is missing (the diagram itself is fine), and draws nothing', async () => {
    const { mermaidImage } = await import('../../src/stem/mermaid-image.js');
    // LECTRA_CHROMIUM pointing at nothing: as on a machine without Chromium.
    const previous = process.env.LECTRA_CHROMIUM;
    process.env.LECTRA_CHROMIUM = path.join(dir, 'no-such-chromium');
    try {
      const missing = await mermaidImage('flowchart LR\n  X --> Y', path.join(dir, 'no-browser-2'));
      expect(missing).toEqual({ error: expect.stringContaining('Chromium is not installed'), missingTool: true });
    } finally {
      if (previous === undefined) delete process.env.LECTRA_CHROMIUM;
      else process.env.LECTRA_CHROMIUM = previous;
    }
  }, 60_000);
});
