import type { TextRun } from './types.js';

/** CommonMark: a backslash before ASCII punctuation makes it literal (the notes parser escapes so). */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Inline Markdown → styled runs. Only what slide text may hold: `**bold**`, `*italic*`,
 * `` `code` `` and backslash escapes. A marker without a closing partner is kept as text,
 * so "2 * 3" stays "2 * 3".
 */
export function parseInline(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let buf = '';
  let bold = false;
  let italic = false;
  const flush = (): void => {
    if (buf) runs.push(style({ text: buf }, bold, italic));
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && ASCII_PUNCTUATION.test(text[i + 1] ?? '')) {
      buf += text[i + 1];
      i += 2;
    } else if (ch === '`' && text.indexOf('`', i + 1) > i + 1) {
      const end = text.indexOf('`', i + 1);
      flush();
      runs.push(style({ text: text.slice(i + 1, end), mono: true }, bold, italic));
      i = end + 1;
    } else if (text.startsWith('**', i) && (bold || hasCloser(text, i + 2, '**'))) {
      flush();
      bold = !bold;
      i += 2;
    } else if (ch === '*' && (italic || hasCloser(text, i + 1, '*'))) {
      flush();
      italic = !italic;
      i += 1;
    } else {
      buf += ch;
      i += 1;
    }
  }
  flush();
  return mergeRuns(runs);
}

/** An opener only counts when it hugs a word ("*a*", not "a * b") and a closer follows. */
function hasCloser(text: string, from: number, marker: string): boolean {
  const next = text[from];
  if (next === undefined || /\s/.test(next)) return false;
  let at = text.indexOf(marker, from + 1);
  while (at > 0) {
    const closesBold = marker === '*' && text.startsWith('**', at);
    if (!closesBold && !/\s/.test(text[at - 1])) return true;
    at = text.indexOf(marker, at + (closesBold ? 2 : 1));
  }
  return false;
}

function style(run: TextRun, bold: boolean, italic: boolean): TextRun {
  const out: TextRun = { ...run };
  if (bold) out.bold = true;
  if (italic) out.italic = true;
  return out;
}

export function sameStyle(a: TextRun, b: TextRun): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.mono === !!b.mono;
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
