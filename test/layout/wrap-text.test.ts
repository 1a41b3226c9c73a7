import { describe, expect, it } from 'vitest';
import { parseInline } from '../../src/layout/parse-inline.js';
import { hardWrap, wrapText } from '../../src/layout/wrap-text.js';
import type { TextLine } from '../../src/layout/types.js';

const text = (lines: TextLine[]): string[] => lines.map((l) => l.runs.map((r) => r.text).join(''));

describe('parseInline', () => {
  it('parses bold, italic and code', () => {
    expect(parseInline('a **b** *c* `d*e`')).toEqual([
      { text: 'a ' },
      { text: 'b', bold: true },
      { text: ' ' },
      { text: 'c', italic: true },
      { text: ' ' },
      { text: 'd*e', mono: true },
    ]);
  });

  it('nests italic inside bold and handles ***both***', () => {
    expect(parseInline('**a *b* c**')).toEqual([
      { text: 'a ', bold: true },
      { text: 'b', bold: true, italic: true },
      { text: ' c', bold: true },
    ]);
    expect(parseInline('***x***')).toEqual([{ text: 'x', bold: true, italic: true }]);
  });

  it('keeps unmatched markers and escapes as text', () => {
    expect(parseInline('2 * 3 = 6')).toEqual([{ text: '2 * 3 = 6' }]);
    expect(parseInline('a **b')).toEqual([{ text: 'a **b' }]);
    expect(parseInline('\\*not italic\\*')).toEqual([{ text: '*not italic*' }]);
    expect(parseInline('tick ` alone')).toEqual([{ text: 'tick ` alone' }]);
  });
});

describe('wrapText', () => {
  const opts = { width: 3, fontSize: 24, font: 'sans' as const };

  it('wraps at spaces, keeps every word, and no line is wider than the width', () => {
    const source = 'The quick brown fox jumps over the lazy dog and keeps on running far away';
    const lines = wrapText(parseInline(source), opts);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(opts.width);
    expect(text(lines).join(' ')).toBe(source);
  });

  it('keeps styles across a wrap and measures bold wider', () => {
    const lines = wrapText(parseInline('plain **bold words here** and *italic words* end'), { ...opts, width: 2 });
    const runs = lines.flatMap((l) => l.runs);
    expect(runs.some((r) => r.bold)).toBe(true);
    expect(runs.some((r) => r.italic)).toBe(true);
    const [regular] = wrapText([{ text: 'Measure' }], opts);
    const [bold] = wrapText([{ text: 'Measure', bold: true }], opts);
    expect(bold.width).toBeGreaterThan(regular.width);
  });

  it('breaks an overlong word between characters', () => {
    const word = 'Supercalifragilisticexpialidocious'.repeat(3);
    const lines = wrapText([{ text: word }], opts);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(opts.width);
    expect(text(lines).join('')).toBe(word);
  });

  it('breaks CJK text between any characters', () => {
    const cjk = '人工智能在医疗中的应用正在迅速发展并改变诊断方式';
    const lines = wrapText([{ text: cjk }], { ...opts, width: 2 });
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(2);
    expect(text(lines).join('')).toBe(cjk);
  });

  it('honours forced line breaks and keeps inner spacing', () => {
    const lines = wrapText([{ text: 'one  two\nthree' }], { ...opts, width: 10 });
    expect(text(lines)).toEqual(['one  two', 'three']);
  });

  it('returns one empty line for empty text', () => {
    expect(wrapText([], opts)).toEqual([{ runs: [], width: 0 }]);
  });
});

describe('hardWrap', () => {
  it('breaks code between characters and keeps indentation', () => {
    const line = '    return someFunction(withArguments, andMoreArguments, andEvenMore)';
    const parts = hardWrap(line, { width: 2, fontSize: 14, font: 'mono' });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(line);
    expect(parts[0].startsWith('    ')).toBe(true);
  });
});

describe('parseInline escapes', () => {
  it('reads back what the notes parser escapes (CommonMark backslash escapes)', () => {
    expect(parseInline('C:\\Users and \\\\. and a\\`b')).toEqual([{ text: 'C:\\Users and \\. and a`b' }]);
  });
});
