import { measureText, type RunStyle } from './measure-text.js';
import { mergeRuns } from './parse-inline.js';
import type { FontRole, TextLine, TextRun } from './types.js';

/**
 * Greedy word wrap of styled runs with real font metrics. Lines break at spaces, between CJK
 * characters and at "\n"; a word wider than the line is broken between characters. The text is
 * kept exactly except for the spaces at the breaks, which are dropped.
 */
export interface WrapOptions {
  /** Inches available for the text. */
  width: number;
  /** Points. */
  fontSize: number;
  font: FontRole;
  /** The whole box is bold (titles). */
  bold?: boolean;
}

interface Piece {
  run: TextRun;
  width: number;
}

type Token = { kind: 'word' | 'space'; pieces: Piece[]; width: number } | { kind: 'newline' };

/** Scripts written without spaces: a line may break between any two of their characters. */
const CJK = '\\u2e80-\\u303e\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const BREAK_ANYWHERE = new RegExp(`[${CJK}]`, 'u');
/** A forced break, a stretch of spaces, one CJK character, or a stretch of other characters. */
const PARTS = new RegExp(`\\n|[^\\S\\n]+|[${CJK}]|[^\\s${CJK}]+`, 'gu');

export function runStyle(run: TextRun, font: FontRole, bold = false): RunStyle {
  return { font: run.mono ? 'mono' : font, bold: bold || !!run.bold, italic: !!run.italic };
}

function piece(run: TextRun, text: string, opts: WrapOptions): Piece {
  const part = { ...run, text };
  return { run: part, width: measureText(text, opts.fontSize, runStyle(part, opts.font, opts.bold)) };
}

/** Splits runs into words (possibly spanning style changes), spaces and forced breaks. */
function tokenise(runs: TextRun[], opts: WrapOptions): Token[] {
  const tokens: Token[] = [];
  let word: Piece[] = [];
  const endWord = (): void => {
    if (word.length) tokens.push({ kind: 'word', pieces: word, width: sum(word) });
    word = [];
  };
  for (const run of runs) {
    for (const part of run.text.match(PARTS) ?? []) {
      if (part === '\n') {
        endWord();
        tokens.push({ kind: 'newline' });
      } else if (/^\s/u.test(part)) {
        endWord();
        const p = piece(run, part, opts);
        tokens.push({ kind: 'space', pieces: [p], width: p.width });
      } else if (BREAK_ANYWHERE.test(part)) {
        endWord();
        word.push(piece(run, part, opts));
        endWord();
      } else {
        word.push(piece(run, part, opts));
      }
    }
  }
  endWord();
  return tokens;
}

function sum(pieces: Piece[]): number {
  return pieces.reduce((s, p) => s + p.width, 0);
}

/** Breaks a word that is wider than a line between characters, filling each line greedily. */
function breakWord(pieces: Piece[], width: number, opts: WrapOptions): Piece[][] {
  const chars: Piece[] = [];
  for (const p of pieces) for (const ch of p.run.text) chars.push(piece(p.run, ch, opts));
  const out: Piece[][] = [];
  let line: Piece[] = [];
  let w = 0;
  for (const c of chars) {
    if (line.length && w + c.width > width) {
      out.push(line);
      line = [];
      w = 0;
    }
    line.push(c);
    w += c.width;
  }
  if (line.length) out.push(line);
  return out;
}

function toLine(pieces: Piece[], opts: WrapOptions): TextLine {
  const runs = mergeRuns(pieces.map((p) => p.run));
  const width = runs.reduce((s, r) => s + measureText(r.text, opts.fontSize, runStyle(r, opts.font, opts.bold)), 0);
  return { runs, width };
}

export function wrapText(runs: TextRun[], opts: WrapOptions): TextLine[] {
  const lines: Piece[][] = [];
  let line: Piece[] = [];
  let lineWidth = 0;
  let spaces: Piece[] = [];
  let wrapped = false; // the current line began at a wrap, so its leading spaces are dropped
  const endLine = (): void => {
    lines.push(line);
    line = [];
    lineWidth = 0;
    spaces = [];
  };
  for (const token of tokenise(runs, opts)) {
    if (token.kind === 'newline') {
      endLine();
      wrapped = false;
      continue;
    }
    if (token.kind === 'space') {
      if (!(wrapped && line.length === 0)) spaces.push(...token.pieces);
      continue;
    }
    const spaceWidth = sum(spaces);
    if (lineWidth + spaceWidth + token.width <= opts.width) {
      line.push(...spaces, ...token.pieces);
      lineWidth += spaceWidth + token.width;
      spaces = [];
      continue;
    }
    if (line.length) {
      endLine();
      wrapped = true;
    }
    spaces = [];
    if (token.width <= opts.width) {
      line.push(...token.pieces);
      lineWidth = token.width;
      continue;
    }
    const parts = breakWord(token.pieces, opts.width, opts);
    parts.forEach((part, i) => {
      line.push(...part);
      lineWidth = sum(part);
      if (i < parts.length - 1) endLine();
    });
    wrapped = true;
  }
  if (spaces.length && lineWidth + sum(spaces) <= opts.width) line.push(...spaces);
  if (line.length || lines.length === 0) lines.push(line);
  return lines.map((l) => toLine(l, opts));
}

/**
 * Hard wrap for code: breaks a line between any characters (spaces kept, so indentation
 * survives) when it is wider than `width`.
 */
export function hardWrap(text: string, opts: WrapOptions): string[] {
  const style = runStyle({ text }, opts.font, opts.bold);
  const out: string[] = [];
  let line = '';
  let width = 0;
  for (const ch of text) {
    const w = measureText(ch, opts.fontSize, style); // monospace: no kerning to lose
    if (line && width + w > opts.width) {
      out.push(line);
      line = '';
      width = 0;
    }
    line += ch;
    width += w;
  }
  out.push(line);
  return out;
}
