import { linesHeight, measureText } from './measure-text.js';
import { mergeRuns } from './parse-inline.js';
import type { FontRole, TextLine, TextRun } from './types.js';
import { runStyle, wrapText, type WrapOptions } from './wrap-text.js';

/**
 * Fitting text into an area: try font sizes from large to small until the wrapped text fits;
 * when even the smallest does not, keep the lines that fit and end the last with "…".
 */

/**
 * Lines are wrapped a little narrower than their box so PowerPoint's own shaping (or a
 * substituted font where Inter is not installed) does not rewrap a line the layout fit.
 */
export const WRAP_SLACK = 0.98;

export const ELLIPSIS = '…';

export interface FitSpec {
  runs: TextRun[];
  font: FontRole;
  bold: boolean;
  /** Inches available to the text. */
  width: number;
  /** Inches. */
  maxHeight: number;
  /** Points: tried from maxSize down to minSize in `step`s. */
  maxSize: number;
  minSize: number;
  step?: number;
  /** Line height as a multiple of the font size. */
  lineRatio: number;
}

export interface Fitted {
  fontSize: number;
  lineHeight: number;
  lines: TextLine[];
  /** Inches the lines need, descenders included. */
  height: number;
}

export function fontSizes(maxSize: number, minSize: number, step = 2): number[] {
  const sizes: number[] = [];
  for (let s = maxSize; s > minSize; s -= step) sizes.push(s);
  sizes.push(minSize);
  return sizes;
}

export function textHeight(font: FontRole, fontSize: number, lineHeight: number, lines: number): number {
  return linesHeight(font, fontSize, lineHeight, lines) / 72;
}

/** How many lines fit in a height (inches). */
export function linesThatFit(font: FontRole, fontSize: number, lineHeight: number, height: number): number {
  let n = 0;
  while (textHeight(font, fontSize, lineHeight, n + 1) <= height + 1e-9) n++;
  return n;
}

export function fitText(spec: FitSpec): Fitted {
  let last: Fitted | undefined;
  for (const fontSize of fontSizes(spec.maxSize, spec.minSize, spec.step)) {
    const lineHeight = round(fontSize * spec.lineRatio);
    const wrap: WrapOptions = { width: spec.width * WRAP_SLACK, fontSize, font: spec.font, bold: spec.bold };
    const lines = wrapText(spec.runs, wrap);
    const height = textHeight(spec.font, fontSize, lineHeight, lines.length);
    last = { fontSize, lineHeight, lines, height };
    if (height <= spec.maxHeight + 1e-9) return last;
  }
  const fitted = last as Fitted;
  const keep = Math.max(1, linesThatFit(spec.font, fitted.fontSize, fitted.lineHeight, spec.maxHeight));
  const wrap: WrapOptions = { width: spec.width * WRAP_SLACK, fontSize: fitted.fontSize, font: spec.font, bold: spec.bold };
  const lines = truncateLines(fitted.lines, keep, wrap);
  return { ...fitted, lines, height: textHeight(spec.font, fitted.fontSize, fitted.lineHeight, lines.length) };
}

/** Keeps the first `keep` lines; if any were dropped the last kept line ends with "…". */
export function truncateLines(lines: TextLine[], keep: number, wrap: WrapOptions): TextLine[] {
  if (lines.length <= keep) return lines;
  const kept = lines.slice(0, keep);
  kept[keep - 1] = ellipsize(kept[keep - 1], wrap);
  return kept;
}

/** The line with "…" appended, dropping characters from its end until it fits the width. */
export function ellipsize(line: TextLine, wrap: WrapOptions): TextLine {
  const chars: { ch: string; run: TextRun }[] = [];
  for (const run of line.runs) for (const ch of run.text) chars.push({ ch, run });
  for (;;) {
    while (chars.length && /\s/u.test(chars[chars.length - 1].ch)) chars.pop();
    const lastRun = chars.length ? chars[chars.length - 1].run : { text: '' };
    const parts: TextRun[] = chars.map(({ ch, run }) => ({ ...run, text: ch }));
    parts.push({ ...lastRun, text: ELLIPSIS });
    const runs = mergeRuns(parts);
    const width = runs.reduce((s, r) => s + measureText(r.text, wrap.fontSize, runStyle(r, wrap.font, wrap.bold)), 0);
    if (width <= wrap.width || chars.length === 0) return { runs, width };
    chars.pop();
  }
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
