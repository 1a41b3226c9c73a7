import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { MathError } from '../../src/stem/math-error.js';

type Module = typeof import('../../src/stem/typeset-math.js');
let mod: Module;

// Runs first, and nothing above imports typeset-math (vitest gives each test file its own
// modules): this is the module's first import, which must not load MathJax.
describe('typeset-math: loading', () => {
  it('importing the module does not load MathJax; loadMathEngine does, once', async () => {
    const t0 = performance.now();
    mod = await import('../../src/stem/typeset-math.js');
    const importMs = performance.now() - t0;
    expect(mod.isMathEngineLoaded()).toBe(false);
    expect(() => mod.typesetMath('x', { display: false })).toThrow(/loadMathEngine/);
    // Loading MathJax takes hundreds of ms; the module alone (transform included) far less.
    expect(importMs).toBeLessThan(150);
    await Promise.all([mod.loadMathEngine(), mod.loadMathEngine()]);
    expect(mod.isMathEngineLoaded()).toBe(true);
  });
});

describe('typesetMath', () => {
  beforeAll(async () => {
    mod ??= await import('../../src/stem/typeset-math.js');
    await mod.loadMathEngine();
  });

  it('draws E = mc^2 as paths only, with plausible inline metrics and its MathML', () => {
    const math = mod.typesetMath('E = mc^2', { display: false });
    expect(math.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(math.svg).toContain('<path');
    expect(math.svg).not.toMatch(/<text|font-family|<use|currentColor|data-latex/);
    expect(math.svg).toContain('fill="#000000"');
    expect(math.widthEm).toBeGreaterThan(2);
    expect(math.widthEm).toBeLessThan(6);
    expect(math.depthEm).toBeGreaterThanOrEqual(0);
    expect(math.depthEm).toBeLessThan(0.1); // nothing in E = mc² descends
    expect(math.heightEm).toBeGreaterThan(0.6); // E's cap height plus the raised 2
    expect(math.heightEm).toBeLessThan(1.2);
    // The svg's own size agrees with the metrics (so it also works as a standalone picture).
    expect(math.svg).toMatch(new RegExp(`width="${round(math.widthEm)}em" height="${round(math.heightEm)}em"`));
    expect(math.mathml).toMatch(/^<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML">/);
    expect(math.mathml).toMatch(/<msup>\s*<mi>c<\/mi>\s*<mn>2<\/mn>\s*<\/msup>/);
  });

  it('a display fraction is taller than inline x, and has a depth below the baseline', () => {
    const fraction = mod.typesetMath('\\frac{a}{b}', { display: true });
    const x = mod.typesetMath('x', { display: false });
    expect(fraction.heightEm).toBeGreaterThan(x.heightEm * 2);
    expect(fraction.depthEm).toBeGreaterThan(0.3);
    expect(fraction.mathml).toContain('display="block"');
    expect(x.heightEm).toBeCloseTo(0.453, 2); // x-height 0.442 + MathJax's 11/1000 em of depth
  });

  it('an unknown macro throws MathError naming it, not a red box', () => {
    const attempt = () => mod.typesetMath('\\foo{x}', { display: false });
    expect(attempt).toThrow(MathError);
    try {
      attempt();
    } catch (err) {
      const error = err as MathError;
      expect(error.tex).toBe('\\foo{x}');
      expect(error.reason).toBe('Undefined control sequence \\foo');
      expect(error.message).toContain('\\foo{x}');
    }
  });

  it('parse errors throw MathError too', () => {
    expect(() => mod.typesetMath('\\frac{a', { display: false })).toThrow(/Missing close brace/);
    expect(() => mod.typesetMath('x^', { display: true })).toThrow(MathError);
  });

  it('keeps the thin space: \\int_0^1 x^2\\,dx is wider than without \\,', () => {
    const withSpace = mod.typesetMath('\\int_0^1 x^2\\,dx', { display: true });
    const without = mod.typesetMath('\\int_0^1 x^2dx', { display: true });
    // \, is 3/18 em.
    expect(withSpace.widthEm - without.widthEm).toBeCloseTo(3 / 18, 2);
  });

  it('renders with resvg without any fonts: dark pixels on the transparent canvas', () => {
    const { svg } = mod.typesetMath('\\int_0^1 x^2\\,dx', { display: true });
    const image = new Resvg(svg, { fitTo: { mode: 'width', value: 400 }, font: { loadSystemFonts: false } }).render();
    expect(image.width).toBe(400);
    const pixels = image.pixels;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 128 && pixels[i]! < 80) dark++;
    expect(dark).toBeGreaterThan(1000);
  });

  it('colours everything in the given colour and caches by (tex, display, colour)', () => {
    const red = mod.typesetMath('a+b', { display: false, color: '#c00000' });
    expect(red.svg).toContain('fill="#c00000"');
    expect(red.svg).not.toContain('#000000');
    expect(mod.typesetMath('a+b', { display: false, color: '#c00000' })).toBe(red);
    expect(mod.typesetMath('a+b', { display: false })).not.toBe(red);
    expect(() => mod.typesetMath('a', { display: false, color: '"/><script>' })).toThrow(RangeError);
  });

  it('typesets chemistry (mhchem) and AMS environments', () => {
    expect(mod.typesetMath('\\ce{H2O}', { display: false }).svg).toContain('<path');
    const aligned = mod.typesetMath('\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}', { display: true });
    expect(aligned.heightEm).toBeGreaterThan(2);
  });

  it('does not carry \\newcommand from one expression to the next', () => {
    expect(mod.typesetMath('\\newcommand{\\R}{\\mathbb{R}} x \\in \\R', { display: false }).svg).toContain('<path');
    expect(() => mod.typesetMath('\\R', { display: false })).toThrow(/Undefined control sequence \\R/);
  });

  it('refuses what it cannot draw as a standalone picture of paths', () => {
    expect(() => mod.typesetMath('\\text{日本}', { display: false })).toThrow(/cannot draw: 日本/);
    expect(() => mod.typesetMath('x = 1 \\tag{1}', { display: true })).toThrow(/\\tag/);
  });

  it('texToMathml gives the MathML alone (non-ASCII as character references)', () => {
    expect(mod.texToMathml('\\alpha', false)).toMatch(/<mi>&#x3B1;<\/mi>/);
  });
});

function round(em: number): string {
  return String(Number(em.toFixed(4))).replace('.', '\\.');
}
