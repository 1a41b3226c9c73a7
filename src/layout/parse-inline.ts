import { mathToUnicode } from '../stem/math-to-unicode.js';
import type { TextRun } from './types.js';

/** CommonMark: a backslash before ASCII punctuation makes it literal (the notes parser escapes so). */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

interface Style {
  bold: boolean;
  italic: boolean;
  highlight: boolean;
  link?: string;
}

/**
 * Inline Markdown → styled runs. Only what slide text may hold: `**bold**`, `*italic*`,
 * `` `code` ``, `[text](url)`, `==highlight==`, `$maths$` and backslash escapes. A marker
 * without a closing partner is kept as text, so "2 * 3" stays "2 * 3" and "costs $5" stays
 * as written ($ opens maths only before a non-space, and closes only after one, not before a digit).
 */
export function parseInline(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let buf = '';
  const style: Style = { bold: false, italic: false, highlight: false };
  let linkEnd = -1;
  const flush = (): void => {
    if (buf) runs.push(styled({ text: buf }, style));
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (i === linkEnd) {
      // `](url)` closes the link text opened earlier.
      flush();
      i = text.indexOf(')', i) + 1;
      style.link = undefined;
      linkEnd = -1;
    } else if (ch === '\\' && ASCII_PUNCTUATION.test(text[i + 1] ?? '')) {
      buf += text[i + 1];
      i += 2;
    } else if (ch === '`' && codeSpanEnd(text, i) > 0) {
      const fence = /^`+/.exec(text.slice(i))![0].length;
      const end = codeSpanEnd(text, i);
      flush();
      // CommonMark: one space of padding inside a multi-backtick span is not content.
      const inner = text.slice(i + fence, end);
      const content = fence > 1 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner;
      runs.push(styled({ text: content, mono: true }, style));
      i = end + fence;
    } else if (text.startsWith('$$', i) && text.indexOf('$$', i + 2) > i + 2) {
      // Display maths written inline (`$$x$$`, kramdown's way): drawn like inline maths.
      const end = text.indexOf('$$', i + 2);
      flush();
      runs.push(mathRun(text.slice(i + 2, end).trim(), style));
      i = end + 2;
    } else if (ch === '$' && mathEnd(text, i) > 0) {
      const end = mathEnd(text, i);
      flush();
      runs.push(mathRun(text.slice(i + 1, end), style));
      i = end + 1;
    } else if (ch === '[' && style.link === undefined && link(text, i)) {
      const found = link(text, i)!;
      flush();
      style.link = found.url;
      linkEnd = found.textEnd;
      i += 1;
    } else if (text.startsWith('**', i) && (style.bold || hasCloser(text, i + 2, '**'))) {
      flush();
      style.bold = !style.bold;
      i += 2;
    } else if (text.startsWith('==', i) && (style.highlight || hasCloser(text, i + 2, '=='))) {
      flush();
      style.highlight = !style.highlight;
      i += 2;
    } else if (ch === '*' && (style.italic || hasCloser(text, i + 1, '*'))) {
      flush();
      style.italic = !style.italic;
      i += 1;
    } else {
      buf += ch;
      i += 1;
    }
  }
  flush();
  return mergeRuns(runs);
}

/** Inline maths as a reader sees it: readable Unicode ("E = mc²"), the TeX kept for speech and equations. */
function mathRun(tex: string, style: Style): TextRun {
  return styled({ text: mathToUnicode(tex), math: true, tex }, style);
}

/** Where the backtick run closing the code span opened at `at` starts (same length), or -1. */
function codeSpanEnd(text: string, at: number): number {
  const fence = /^`+/.exec(text.slice(at))![0];
  let from = at + fence.length;
  for (;;) {
    const next = text.indexOf(fence, from);
    if (next < 0) return -1;
    const run = /^`+/.exec(text.slice(next))![0];
    if (run.length === fence.length && next > at + fence.length) return next;
    from = next + run.length;
  }
}

/** Index of the `$` closing maths opened at `at`, or -1 (pandoc's rule, so prices stay text). */
function mathEnd(text: string, at: number): number {
  const next = text[at + 1];
  if (next === undefined || /\s/.test(next) || next === '$') return -1;
  for (let j = at + 2; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === '$') return /\s/.test(text[j - 1]!) || /\d/.test(text[j + 1] ?? '') ? -1 : j;
  }
  return -1;
}

/** `[text](url)` starting at `at`: where the text ends (the `]`) and the target. */
function link(text: string, at: number): { textEnd: number; url: string } | undefined {
  let depth = 0;
  for (let j = at + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') {
      j++;
    } else if (ch === '[') depth++;
    else if (ch === ']') {
      if (depth-- > 0) continue;
      if (text[j + 1] !== '(') return undefined;
      const close = text.indexOf(')', j + 2);
      if (close < 0 || j === at + 1) return undefined;
      return { textEnd: j, url: text.slice(j + 2, close).trim() };
    }
  }
  return undefined;
}

/** An opener only counts when it hugs a word ("*a*", not "a * b") and a closer follows. */
function hasCloser(text: string, from: number, marker: string): boolean {
  const next = text[from];
  if (next === undefined || /\s/.test(next)) return false;
  let at = text.indexOf(marker, from + 1);
  while (at > 0) {
    const closesBold = marker === '*' && text.startsWith('**', at);
    if (!closesBold && !/\s/.test(text[at - 1]!)) return true;
    at = text.indexOf(marker, at + (closesBold ? 2 : 1));
  }
  return false;
}

function styled(run: TextRun, style: Style): TextRun {
  const out: TextRun = { ...run };
  if (style.bold) out.bold = true;
  if (style.italic) out.italic = true;
  if (style.highlight) out.highlight = true;
  if (style.link !== undefined) out.link = style.link;
  return out;
}

export function sameStyle(a: TextRun, b: TextRun): boolean {
  return (
    !!a.bold === !!b.bold &&
    !!a.italic === !!b.italic &&
    !!a.mono === !!b.mono &&
    !!a.highlight === !!b.highlight &&
    !!a.math === !!b.math &&
    a.tex === b.tex &&
    a.link === b.link &&
    a.color === b.color
  );
}

/** Joins neighbouring runs of the same style and drops empty ones. */
export function mergeRuns(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const run of runs) {
    if (!run.text) continue;
    const last = out[out.length - 1];
    if (last && sameStyle(last, run)) last.text += run.text;
    else out.push({ ...run });
  }
  return out;
}
