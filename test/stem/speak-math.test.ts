import { beforeAll, describe, expect, it } from 'vitest';
import { MathError } from '../../src/stem/math-error.js';
import { loadSpeechEngine, speakMath } from '../../src/stem/speak-math.js';
import { mathToUnicode } from '../../src/stem/math-to-unicode.js';

describe('speakMath', () => {
  beforeAll(async () => {
    await Promise.all([loadSpeechEngine('en'), loadSpeechEngine('de-DE'), loadSpeechEngine('fr'), loadSpeechEngine('es')]);
  });

  it('says E = mc^2 and the integral in English (ClearSpeak)', () => {
    expect(speakMath('E = mc^2', 'en')).toBe('E equals m c squared');
    const integral = speakMath('\\int_0^1 x^2\\,dx', 'en-GB');
    // SRE writes numbers as digits; the voice says "zero" and "one".
    expect(integral).toBe('the integral from 0 to 1 of x squared d x');
    expect(integral).toMatch(/integral.*from 0 to 1.*squared/);
  });

  it('reads fractions, roots and relations', () => {
    expect(speakMath('\\frac{a}{b}', 'en')).toBe('a over b');
    expect(speakMath('\\sqrt{x}', 'en')).toBe('the square root of x');
    expect(speakMath('a \\le b', 'en')).toBe('a is less than or equal to b');
    expect(speakMath('\\alpha + \\beta', 'en')).toBe('alpha plus beta');
  });

  it('speaks the deck language when SRE has it', () => {
    expect(speakMath('E = mc^2', 'de')).toBe('E ist gleich m c Quadrat');
    expect(speakMath('\\int_0^1 x^2\\,dx', 'de-AT')).toBe('das Integral von 0 bis 1 über x Quadrat d x');
    expect(speakMath('\\int_0^1 x^2\\,dx', 'fr')).toContain('intégrale');
    expect(speakMath('x^2', 'fr')).toBe('x au carré');
    // Spanish has MathSpeak rules only.
    expect(speakMath('x^2', 'es')).toBe('x al cuadrado');
    // Switching back and forth is synchronous and exact.
    expect(speakMath('x^2', 'en')).toBe('x squared');
  });

  it('falls back to English for a language SRE lacks', () => {
    expect(speakMath('x^2 + 1', 'pl')).toBe('x squared plus 1');
  });

  it('asks for the language to be loaded first', () => {
    expect(() => speakMath('x', 'it')).toThrow(/loadSpeechEngine\('it'\)/);
  });

  it('throws MathError for TeX that does not parse', () => {
    expect(() => speakMath('\\foo', 'en')).toThrow(MathError);
  });
});

describe('mathToUnicode', () => {
  it.each([
    ['E = mc^2', 'E = mc²'],
    ['\\int_0^1 x^2\\,dx', '∫₀¹ x² dx'],
    ['\\alpha + \\beta', 'α + β'],
    ['\\sqrt{x}', '√x'],
    ['\\sqrt{x+1}', '√(x+1)'],
    ['\\sqrt[3]{x}', '∛x'],
    ['\\frac{a}{b}', 'a/b'],
    ['\\frac{a+b}{2}', '(a+b)/2'],
    ['x_{\\max}', 'xₘₐₓ'],
    ['e^{i\\pi}', 'e^(iπ)'],
    ['\\sum_{k=1}^{n} k', '∑ₖ₌₁ⁿ k'],
    ['a \\times b \\cdot c', 'a × b · c'],
    ['x \\le y \\ge z \\ne w \\approx v', 'x ≤ y ≥ z ≠ w ≈ v'],
    ['n \\to \\infty', 'n → ∞'],
    ['a \\not= b', 'a ≠ b'],
    ['\\mathrm{d}x', 'dx'],
    ['\\text{if } x > 0', 'if x > 0'],
    ['\\mathbb{R}^n', 'ℝⁿ'],
    ['90^\\circ', '90°'],
    ["f'(x)", 'f′(x)'],
    ['a - b', 'a − b'],
    ['\\sin\\theta', 'sin θ'],
    ['\\left( \\frac{1}{2} \\right)', '(1/2)'],
    ['\\ce{H2SO4}', 'H₂SO₄'],
    ['\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}', 'a = b; c = d'],
    ['\\foo{x}', 'foo x'],
    ['$x^2$', 'x²'],
    ['\\$5', '＄5'],
  ])('%s → %s', (tex, expected) => {
    expect(mathToUnicode(tex)).toBe(expected);
  });

  it('never returns $ or a backslash', () => {
    for (const tex of ['\\$', '$$\\frac{a}{b}$$', '\\\\', '\\', 'a \\\\ b', '\\unknown\\', '\\left\\{ \\right.']) {
      expect(mathToUnicode(tex)).not.toMatch(/[$\\]/);
    }
  });
});
