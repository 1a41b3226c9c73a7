import type { Bullet } from '../deck/schema.js';
import { fontSizes, linesThatFit, round, textHeight, truncateLines, ellipsize, WRAP_SLACK } from './fit-text.js';
import { measureText } from './measure-text.js';
import { parseInline } from './parse-inline.js';
import type { Area } from './slide-grid.js';
import type { Theme } from './themes.js';
import type { TextBox, TextLine, TextRun } from './types.js';
import { wrapText, type WrapOptions } from './wrap-text.js';

/**
 * A bullet list → one TextBox per paragraph (sub-bullets are level-1 boxes, indented by the
 * parent's marker column). All paragraphs share one font size, the largest at which the whole
 * list fits; spare height widens the gaps and then sits mostly below the list.
 */
const MAX_SIZE = 28;
const MIN_SIZE = 16;
const MIN_CHILD_SIZE = 14;
const LINE_RATIO = 1.22;
/** Gaps before a paragraph, in multiples of the level-0 font size. */
const GAP = { level0: 0.6, level1: 0.25, maxStretch: 0.7 };
/** Share of the leftover height put above the list (the rest goes below). */
const TOP_SHARE = 0.3;

interface Item {
  runs: TextRun[];
  level: 0 | 1;
  marker: string;
  bulletIndex: number;
}

interface Placed {
  item: Item;
  lines: TextLine[];
  height: number; // inches
}

interface Sizing {
  /** Shrinks the gaps between paragraphs when the smallest font size is still too big. */
  gapScale: number;
  size0: number;
  size1: number;
  indent0: number;
  indent1: number;
}

function items(bullets: Bullet[], ordered: boolean): Item[] {
  const out: Item[] = [];
  bullets.forEach((b, i) => {
    out.push({ runs: parseInline(b.text), level: 0, marker: ordered ? `${i + 1}.` : '•', bulletIndex: i });
    for (const child of b.children ?? []) out.push({ runs: parseInline(child), level: 1, marker: '–', bulletIndex: i });
  });
  return out;
}

function sizing(size0: number, list: Item[], gapScale = 1): Sizing {
  const size1 = Math.max(MIN_CHILD_SIZE, Math.round(size0 * 0.86));
  // The marker column: the widest marker plus a gap, so wrapped lines align with the first.
  const widest = (level: 0 | 1, size: number): number =>
    Math.max(0, ...list.filter((it) => it.level === level).map((it) => measureText(it.marker, size, { font: 'sans', bold: true })));
  return {
    gapScale,
    size0,
    size1,
    indent0: round(Math.max(widest(0, size0) + size0 * 0.5 / 72, size0 * 0.9 / 72), 3),
    indent1: round(Math.max(widest(1, size1) + size1 * 0.5 / 72, size1 * 0.9 / 72), 3),
  };
}

function wrapOptions(item: Item, s: Sizing, area: Area): WrapOptions {
  const level1 = item.level === 1;
  const boxW = area.w - (level1 ? s.indent0 : 0);
  const indent = level1 ? s.indent1 : s.indent0;
  return { width: (boxW - indent) * WRAP_SLACK, fontSize: level1 ? s.size1 : s.size0, font: 'sans' };
}

function lineHeightOf(item: Item, s: Sizing): number {
  return round((item.level === 1 ? s.size1 : s.size0) * LINE_RATIO);
}

function gapBefore(item: Item, index: number, s: Sizing): number {
  if (index === 0) return 0;
  return ((item.level === 1 ? GAP.level1 : GAP.level0) * s.size0 * s.gapScale) / 72;
}

function place(list: Item[], s: Sizing, area: Area): Placed[] {
  return list.map((item) => {
    const lines = wrapText(item.runs, wrapOptions(item, s, area));
    const fontSize = item.level === 1 ? s.size1 : s.size0;
    return { item, lines, height: textHeight('sans', fontSize, lineHeightOf(item, s), lines.length) };
  });
}

function totalHeight(placed: Placed[], s: Sizing): number {
  return placed.reduce((sum, p, i) => sum + p.height + gapBefore(p.item, i, s), 0);
}

/** At the smallest size the list still overflows: keep what fits, end with "…". */
function truncate(placed: Placed[], s: Sizing, area: Area): Placed[] {
  const out: Placed[] = [];
  let used = 0;
  for (const [i, p] of placed.entries()) {
    const room = area.h - used - gapBefore(p.item, i, s);
    const fontSize = p.item.level === 1 ? s.size1 : s.size0;
    const keep = linesThatFit('sans', fontSize, lineHeightOf(p.item, s), room);
    if (keep >= p.lines.length) {
      out.push(p);
      used += gapBefore(p.item, i, s) + p.height;
      continue;
    }
    if (keep > 0) {
      const lines = truncateLines(p.lines, keep, wrapOptions(p.item, s, area));
      out.push({ ...p, lines, height: textHeight('sans', fontSize, lineHeightOf(p.item, s), keep) });
    } else if (out.length) {
      const last = out[out.length - 1];
      const lines = [...last.lines];
      lines[lines.length - 1] = ellipsize(lines[lines.length - 1], wrapOptions(last.item, s, area));
      out[out.length - 1] = { ...last, lines };
    }
    break;
  }
  return out;
}

function fit(list: Item[], area: Area): { placed: Placed[]; s: Sizing; truncated: boolean } {
  let s = sizing(MIN_SIZE, list);
  let placed: Placed[] = [];
  for (const size of fontSizes(MAX_SIZE, MIN_SIZE)) {
    s = sizing(size, list);
    placed = place(list, s, area);
    if (totalHeight(placed, s) <= area.h + 1e-9) return { placed, s, truncated: false };
  }
  // Before cutting text, pack the paragraphs closer together.
  for (const gapScale of [0.5, 0.25]) {
    s = { ...s, gapScale };
    if (totalHeight(placed, s) <= area.h + 1e-9) return { placed, s, truncated: false };
  }
  return { placed: truncate(placed, s, area), s, truncated: true };
}

export interface BulletsLayout {
  boxes: TextBox[];
  /** Even the smallest size did not fit: text was cut. The caller may retry with more room. */
  truncated: boolean;
}

export function layoutBullets(bullets: Bullet[], ordered: boolean, area: Area, theme: Theme): BulletsLayout {
  const list = items(bullets, ordered);
  if (list.length === 0) return { boxes: [], truncated: false };
  const { placed, s, truncated } = fit(list, area);
  const natural = totalHeight(placed, s);
  const gaps = placed.reduce((n, p, i) => n + (i === 0 ? 0 : p.item.level === 1 ? 0.5 : 1), 0);
  // Spare height first opens the gaps (up to a limit), then the list sits a little above centre.
  const stretch = gaps > 0 ? Math.min(Math.max(0, area.h - natural) / gaps, (GAP.maxStretch * s.size0) / 72) : 0;
  const height = natural + stretch * gaps;
  let y = area.y + Math.max(0, area.h - height) * TOP_SHARE;
  const boxes = placed.map((p, i) => {
    if (i > 0) y += gapBefore(p.item, i, s) + stretch * (p.item.level === 1 ? 0.5 : 1);
    const box = bulletBox(p, s, area, y, theme);
    y += p.height;
    return box;
  });
  return { boxes, truncated };
}

function bulletBox(p: Placed, s: Sizing, area: Area, y: number, theme: Theme): TextBox {
  const level1 = p.item.level === 1;
  const x = area.x + (level1 ? s.indent0 : 0);
  return {
    kind: 'text',
    role: 'bullet',
    x,
    y,
    w: area.x + area.w - x,
    h: p.height,
    font: 'sans',
    fontSize: level1 ? s.size1 : s.size0,
    lineHeight: lineHeightOf(p.item, s),
    color: theme.text,
    bold: false,
    align: 'left',
    valign: 'top',
    lines: p.lines,
    marker: { text: p.item.marker, color: level1 ? theme.subMarker : theme.marker },
    indent: level1 ? s.indent1 : s.indent0,
    level: p.item.level,
    bulletIndex: p.item.bulletIndex,
  };
}
