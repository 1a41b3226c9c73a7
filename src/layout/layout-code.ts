import type { CodeBlock } from '../deck/schema.js';
import { ELLIPSIS, fontSizes, linesThatFit, round, textHeight, WRAP_SLACK } from './fit-text.js';
import { measureText } from './measure-text.js';
import type { Area } from './slide-grid.js';
import type { Theme } from './themes.js';
import type { RectBox, TextBox, TextLine } from './types.js';
import { hardWrap } from './wrap-text.js';

/**
 * A code block → a rounded background and one monospace TextBox. Lines are never re-flowed at
 * words (that would change the code's shape): the font shrinks until the widest line and all
 * lines fit; below the smallest size long lines are hard-wrapped and, last, cut with "…".
 */
const MAX_SIZE = 24;
const MIN_SIZE = 12;
const LINE_RATIO = 1.35;
const PAD = { x: 0.35, y: 0.28 };
const RADIUS = 0.12;
/** Tabs become spaces: SVG and PowerPoint disagree on tab stops. */
const TAB = '    ';

function codeLines(code: CodeBlock): string[] {
  const lines = code.text.replace(/\r\n?/g, '\n').replace(/\t/g, TAB).split('\n');
  while (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.map((l) => l.replace(/\s+$/u, ''));
}

function width(text: string, size: number): number {
  return measureText(text, size, { font: 'mono' });
}

function toLine(text: string, size: number): TextLine {
  return { runs: text ? [{ text }] : [], width: width(text, size) };
}

interface Fit {
  size: number;
  lineHeight: number;
  texts: string[];
  /** Lines had to be hard-wrapped or cut. */
  squeezed: boolean;
}

function fit(lines: string[], inner: Area): Fit {
  for (const size of fontSizes(MAX_SIZE, MIN_SIZE, 1)) {
    const lineHeight = round(size * LINE_RATIO);
    const widest = Math.max(...lines.map((l) => width(l, size)));
    if (widest <= inner.w * WRAP_SLACK && textHeight('mono', size, lineHeight, lines.length) <= inner.h) {
      return { size, lineHeight, texts: lines, squeezed: false };
    }
  }
  const size = MIN_SIZE;
  const lineHeight = round(size * LINE_RATIO);
  const wrapped = lines.flatMap((l) => hardWrap(l, { width: inner.w * WRAP_SLACK, fontSize: size, font: 'mono' }));
  const keep = Math.max(1, linesThatFit('mono', size, lineHeight, inner.h));
  if (wrapped.length <= keep) return { size, lineHeight, texts: wrapped, squeezed: true };
  const texts = wrapped.slice(0, keep - 1);
  texts.push(ELLIPSIS); // a line of its own: cutting a code line mid-way would misstate it
  return { size, lineHeight, texts, squeezed: true };
}

export interface CodeLayout {
  boxes: [RectBox, TextBox];
  /** The code did not fit even at the smallest size (hard-wrapped or cut). */
  squeezed: boolean;
}

export function layoutCode(code: CodeBlock, area: Area, theme: Theme): CodeLayout {
  const inner: Area = { x: area.x + PAD.x, y: area.y + PAD.y, w: area.w - 2 * PAD.x, h: area.h - 2 * PAD.y };
  const { size, lineHeight, texts, squeezed } = fit(codeLines(code), inner);
  const textH = textHeight('mono', size, lineHeight, texts.length);
  const rect: RectBox = {
    kind: 'rect',
    role: 'code-background',
    x: area.x,
    y: area.y,
    w: area.w,
    h: Math.min(area.h, textH + 2 * PAD.y),
    fill: theme.codeBackground,
    radius: RADIUS,
  };
  const text: TextBox = {
    kind: 'text',
    role: 'code',
    x: inner.x,
    y: inner.y,
    w: inner.w,
    h: textH,
    font: 'mono',
    fontSize: size,
    lineHeight,
    color: theme.codeText,
    bold: false,
    align: 'left',
    valign: 'top',
    lines: texts.map((t) => toLine(t, size)),
    indent: 0,
  };
  return { boxes: [rect, text], squeezed };
}
