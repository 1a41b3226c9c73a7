import os from 'node:os';
import path from 'node:path';
import { highlightCode } from '../stem/highlight-code.js';
import { mathImage } from '../stem/math-image.js';

/**
 * Typesetting and colouring, in process: 200 different display formulas (MathJax → SVG → PNG in
 * a fresh folder), then the same 200 again (the picture store), and 50 code blocks through Shiki
 * (the first includes loading Shiki and the grammar).
 */
export interface StemSpeed {
  mathColdMs: number;
  mathCachedMs: number;
  equations: number;
  codeMs: number;
  codeBlocks: number;
}

export async function benchStem(dir: string): Promise<StemSpeed> {
  const store = path.join(dir || os.tmpdir(), 'stem-bench');
  const formulas = Array.from({ length: 200 }, (_, i) => `\\int_0^{${i + 1}} x^{${(i % 5) + 2}}\\,dx = \\frac{${i + 1}^{${(i % 5) + 3}}}{${(i % 5) + 3}}`);
  let t = performance.now();
  for (const tex of formulas) await mathImage(tex, '#1E293B', store);
  const mathColdMs = performance.now() - t;
  t = performance.now();
  for (const tex of formulas) await mathImage(tex, '#1E293B', store);
  const mathCachedMs = performance.now() - t;
  const code = Array.from({ length: 50 }, (_, i) => `def step_${i}(x):\n    # step ${i}\n    return x * ${i} + ${i % 7}\n`);
  t = performance.now();
  for (const text of code) await highlightCode(text, 'python', 'light');
  const codeMs = performance.now() - t;
  return { mathColdMs: Math.round(mathColdMs), mathCachedMs: Math.round(mathCachedMs), equations: formulas.length, codeMs: Math.round(codeMs), codeBlocks: code.length };
}
