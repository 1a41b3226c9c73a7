import type { Block, CodeBlock, ColumnsBlock, FlowBlock, ImageBlock, ListBlock, TableBlock } from '../deck/schema.js';
import { ELLIPSIS, fontSizes, linesThatFit, round, textHeight, truncateLines, WRAP_SLACK } from './fit-text.js';
import { measureText } from './measure-text.js';
import { mergeRuns, parseInline } from './parse-inline.js';
import { fitAspect, type Area } from './slide-grid.js';
import type { Theme } from './themes.js';
import type { ImageBox, LayoutBox, RectBox, TableBox, TableCell, TextBox, TextLine, TextRun } from './types.js';
import { wrapText } from './wrap-text.js';
import type { HighlightedCode, CodeToken } from '../stem/highlight-code.js';
import type { MathImageResult } from '../stem/math-image.js';
import type { DiagramResult } from '../stem/diagram-image.js';

/**
 * Stacks a slide's content blocks (headings, paragraphs, lists, code, tables, pictures, quotes,
 * columns) into an area with the real font metrics. Every block is measured at one body size,
 * tried from large to small, so a slide's text has one consistent scale; pictures without a set
 * size take the height that is left. When even the smallest readable size does not fit, what
 * fits is placed and `cut` says what was not shown (the paginator splits such slides first, so
 * this is the last resort, and the caller warns).
 */
export const BODY_SIZES = { max: 28, min: 14 };
/** Smallest sizes for the denser blocks (points; 2 px per point at 1080p, so ≥ 22 px). */
const CODE_SIZES = { max: 22, min: 11 };
const TABLE_MIN = 12;
const LIST_LEVEL_SCALE = [1, 0.88, 0.8];
const HEADING_SCALE = [1.45, 1.3, 1.15, 1.05, 1, 1];
const MARKERS = ['•', '–', '◦'];
/** Marp's and CSS's pixel: a 1280-px-wide slide is 13.333 in. */
const PX_PER_IN_CSS = 96;
const CODE_PAD = { x: 0.3, y: 0.22 };
const TABLE_PAD = { x: 0.12, y: 0.07 };
const QUOTE_INDENT = 0.32;
/** A picture in the flow is never squeezed below this height (inches). */
const MIN_IMAGE_H = 1.2;

export interface IndexedBlock {
  block: Block;
  /** Index in the slide's blocks (for reveal steps). */
  index: number;
}

export interface StackContext {
  theme: Theme;
  /** Syntax colours of a code block, when they were computed before the layout (highlight-code.ts). */
  highlight?: (block: CodeBlock) => HighlightedCode | undefined;
  /** A display formula typeset before the layout (math-image.ts), by its TeX. */
  math?: (tex: string) => MathImageResult | undefined;
  /** A diagram drawn from a code block before the layout (diagram-image.ts). */
  diagram?: (block: CodeBlock) => DiagramResult | undefined;
  /** Pixel sizes of pictures by path; missing ones count as 4:3. */
  images?: Map<string, { width: number; height: number }>;
  align?: 'left' | 'center';
}

export interface StackResult {
  boxes: LayoutBox[];
  height: number;
  /** Body size used (points). */
  size: number;
  fits: boolean;
  /** What was left out, for the warning (only when fits is false). */
  cut: string[];
}

interface Measured {
  height: number;
  /** A picture that may grow: its largest useful height. */
  flexMax?: number;
  /** A list whose item gaps may open up (spare height of a sparse slide): the most it can take. */
  stretchMax?: number;
  place: (x: number, y: number, height: number) => LayoutBox[];
  cut?: string;
}

/** Lays out blocks top-down in `area`; spare height is shared out as `valign` says. */
export function stackBlocks(blocks: IndexedBlock[], area: Area, ctx: StackContext, valign: 'top' | 'middle' | 'upper' = 'upper'): StackResult {
  const bullets = bulletOffsets(blocks);
  for (const size of fontSizes(BODY_SIZES.max, BODY_SIZES.min)) {
    const measured = blocks.map((b) => measureBlock(b, area.w, size, ctx, bullets));
    const height = stackHeight(measured, blocks, size);
    if (height <= area.h + 1e-9) return { ...place(measured, blocks, area, size, valign), size, fits: true, cut: [] };
  }
  return cutToFit(blocks, area, ctx, bullets);
}

/** True when the blocks fit the area at the smallest readable size. */
export function blocksFit(blocks: IndexedBlock[], area: Area, ctx: StackContext): boolean {
  const bullets = bulletOffsets(blocks);
  const measured = blocks.map((b) => measureBlock(b, area.w, BODY_SIZES.min, ctx, bullets));
  return stackHeight(measured, blocks, BODY_SIZES.min) <= area.h + 1e-9;
}

function gapBefore(blocks: IndexedBlock[], i: number, size: number): number {
  if (i === 0) return 0;
  const heading = blocks[i]!.block.type === 'heading';
  return ((heading ? 0.75 : 0.5) * size) / 72;
}

function stackHeight(measured: Measured[], blocks: IndexedBlock[], size: number): number {
  return measured.reduce((sum, m, i) => sum + m.height + gapBefore(blocks, i, size), 0);
}

function place(measured: Measured[], blocks: IndexedBlock[], area: Area, size: number, valign: 'top' | 'middle' | 'upper'): { boxes: LayoutBox[]; height: number } {
  const natural = stackHeight(measured, blocks, size);
  let spare = Math.max(0, area.h - natural);
  // Pictures in the flow grow into the spare height first (up to their natural size).
  const heights = measured.map((m) => {
    if (m.flexMax === undefined || spare <= 0) return m.height;
    const grow = Math.min(spare, m.flexMax - m.height);
    spare -= Math.max(0, grow);
    return m.height + Math.max(0, grow);
  });
  // Then a short list's items move apart a little, rather than huddle under the title.
  measured.forEach((m, i) => {
    if (m.stretchMax === undefined || spare <= 0) return;
    const grow = Math.min(spare * 0.7, m.stretchMax);
    heights[i] = heights[i]! + grow;
    spare -= grow;
  });
  const total = area.h - spare;
  const share = valign === 'top' ? 0 : valign === 'middle' ? 0.5 : 0.3;
  let y = area.y + spare * share;
  const boxes: LayoutBox[] = [];
  measured.forEach((m, i) => {
    y += gapBefore(blocks, i, size);
    boxes.push(...m.place(area.x, y, heights[i]!));
    y += heights[i]!;
  });
  return { boxes, height: total };
}

/** At the smallest size the blocks still overflow: place what fits, cut the block that crosses the edge. */
function cutToFit(blocks: IndexedBlock[], area: Area, ctx: StackContext, bullets: Map<number, number>): StackResult {
  const size = BODY_SIZES.min;
  const kept: Measured[] = [];
  const keptBlocks: IndexedBlock[] = [];
  const cut: string[] = [];
  let used = 0;
  for (const [i, b] of blocks.entries()) {
    const gap = gapBefore(blocks, i, size);
    const room = area.h - used - gap;
    const whole = measureBlock(b, area.w, size, ctx, bullets);
    if (whole.height <= room + 1e-9) {
      kept.push(whole);
      keptBlocks.push(b);
      used += gap + whole.height;
      continue;
    }
    const part = room > 0 ? measureBlock(b, area.w, size, ctx, bullets, room) : undefined;
    if (part && part.height > 0 && part.height <= room + 1e-9) {
      kept.push(part);
      keptBlocks.push(b);
      if (part.cut) cut.push(part.cut);
    } else cut.push(describe(b.block));
    for (const rest of blocks.slice(i + 1)) cut.push(describe(rest.block));
    break;
  }
  const placed = place(kept, keptBlocks, area, size, 'top');
  return { ...placed, size, fits: false, cut };
}

function describe(block: Block): string {
  switch (block.type) {
    case 'columns':
      return `${block.columns.length} columns`;
    case 'list':
      return `a list of ${block.items.length} item${block.items.length === 1 ? '' : 's'}`;
    case 'table':
      return `a table of ${block.rows.length} row${block.rows.length === 1 ? '' : 's'}`;
    case 'code':
      return `a code block of ${block.text.split('\n').length} lines`;
    case 'image':
      return `the picture ${block.src.startsWith('data:') ? '(data: URI)' : block.src}`;
    default:
      return `a ${block.type}`;
  }
}

/** Top-level list items are numbered across the slide (bulletIndex), in reading order. */
function bulletOffsets(blocks: IndexedBlock[]): Map<number, number> {
  const offsets = new Map<number, number>();
  let next = 0;
  for (const { block, index } of blocks) {
    if (block.type !== 'list') continue;
    offsets.set(index, next);
    next += block.items.filter((item) => item.level === 0).length;
  }
  return offsets;
}

// ─── Blocks ─────────────────────────────────────────────────────────────────────────────────

function measureBlock(b: IndexedBlock, width: number, size: number, ctx: StackContext, bullets: Map<number, number>, maxHeight?: number): Measured {
  const { block, index } = b;
  switch (block.type) {
    case 'heading': {
      const fontSize = Math.round(size * (HEADING_SCALE[block.level - 1] ?? 1));
      return textBlock({ runs: parseInline(block.text), fontSize, lineRatio: 1.15, width, bold: true, color: ctx.theme.title, role: 'heading', ctx, index, maxHeight });
    }
    case 'paragraph': {
      const display = displayMath(block.text);
      const typeset = display !== undefined ? ctx.math?.(display) : undefined;
      if (typeset && 'path' in typeset) return mathBlock(display!, typeset, width, size, ctx);
      // A formula MathJax could not typeset shows its source, in code style (the caller warned).
      if (typeset && 'error' in typeset) return textBlock({ runs: [{ text: display!, mono: true }], fontSize: size, lineRatio: 1.3, width, bold: false, color: ctx.theme.text, role: 'paragraph', ctx, index, maxHeight });
      return textBlock({ runs: parseInline(block.text), fontSize: size, lineRatio: 1.3, width, bold: false, color: ctx.theme.text, role: 'paragraph', ctx, index, maxHeight });
    }
    case 'quote':
      return quoteBlock(block.text, block.cite, width, size, ctx, index, maxHeight);
    case 'list':
      return listBlock(block, width, size, ctx, index, bullets.get(index) ?? 0, maxHeight);
    case 'code': {
      const diagram = ctx.diagram?.(block);
      if (diagram && 'path' in diagram) return imageBlock({ type: 'image', src: diagram.path, alt: `Diagram (${block.lang})`, position: 'inline', fit: 'contain' }, width, { ...ctx, images: new Map([[diagram.path, diagram]]) });
      return codeBlock(block, width, size, ctx, index, maxHeight);
    }
    case 'table':
      return tableBlock(block, width, size, ctx, index, maxHeight);
    case 'image':
      return imageBlock(block, width, ctx);
    case 'columns':
      return columnsBlock(block, width, size, ctx, index, bullets);
  }
}

const COLUMN_GAP = 0.45;

/** Columns share the body size of the slide; the block is as tall as its tallest column. */
function columnsBlock(block: ColumnsBlock, width: number, size: number, ctx: StackContext, index: number, bullets: Map<number, number>): Measured {
  const weights = block.columns.map((_, i) => block.widths?.[i] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const inner = width - COLUMN_GAP * (block.columns.length - 1);
  const widths = weights.map((w) => (w / total) * inner);
  const stacks = block.columns.map((column, c) => {
    const blocks: IndexedBlock[] = column.map((b) => ({ block: b, index }));
    const measured = blocks.map((b) => measureBlock(b, widths[c]!, size, ctx, bullets));
    return { blocks, measured, height: stackHeight(measured, blocks, size) };
  });
  const height = Math.max(0, ...stacks.map((s) => s.height));
  return {
    height,
    place: (x, y) => {
      let left = x;
      return stacks.flatMap((stack, c) => {
        const boxes = place(stack.measured, stack.blocks, { x: left, y, w: widths[c]!, h: stack.height }, size, 'top').boxes;
        left += widths[c]! + COLUMN_GAP;
        return boxes;
      });
    },
  };
}

interface TextSpec {
  runs: TextRun[];
  fontSize: number;
  lineRatio: number;
  width: number;
  bold: boolean;
  italic?: boolean;
  color: string;
  role: TextBox['role'];
  ctx: StackContext;
  index: number;
  maxHeight?: number;
  indent?: number;
}

function textBlock(spec: TextSpec): Measured {
  const runs = decorate(spec.italic ? spec.runs.map((r) => ({ ...r, italic: true })) : spec.runs, spec.ctx.theme);
  const lineHeight = round(spec.fontSize * spec.lineRatio);
  const indent = spec.indent ?? 0;
  const wrap = { width: (spec.width - indent) * WRAP_SLACK, fontSize: spec.fontSize, font: 'sans' as const, bold: spec.bold };
  let lines = wrapText(runs, wrap);
  let cut: string | undefined;
  if (spec.maxHeight !== undefined) {
    const keep = linesThatFit('sans', spec.fontSize, lineHeight, spec.maxHeight);
    if (keep < lines.length) {
      cut = `the rest of a ${spec.role} (${lines.length - keep} of ${lines.length} lines)`;
      lines = keep > 0 ? truncateLines(lines, keep, wrap) : [];
    }
  }
  const height = lines.length === 0 ? 0 : textHeight('sans', spec.fontSize, lineHeight, lines.length);
  const align = spec.ctx.align ?? 'left';
  return {
    height,
    cut,
    place: (x, y) =>
      lines.length === 0
        ? []
        : [textBox({ role: spec.role, x, y, w: spec.width, h: height, fontSize: spec.fontSize, lineHeight, color: spec.color, bold: spec.bold, align, lines, indent, block: spec.index, theme: spec.ctx.theme })],
  };
}

/** Links get the accent colour; highlighted runs are marked for the renderers. */
function decorate(runs: TextRun[], theme: Theme): TextRun[] {
  return mergeRuns(runs.map((run) => (run.link !== undefined ? { ...run, color: theme.accent } : run)));
}

function textBox(p: {
  role: TextBox['role'];
  x: number;
  y: number;
  w: number;
  h: number;
  fontSize: number;
  lineHeight: number;
  color: string;
  bold: boolean;
  align: 'left' | 'center' | 'right';
  lines: TextLine[];
  indent?: number;
  block: number;
  theme: Theme;
  font?: 'sans' | 'mono';
}): TextBox {
  const box: TextBox = {
    kind: 'text',
    role: p.role,
    x: p.x,
    y: p.y,
    w: p.w,
    h: p.h,
    font: p.font ?? 'sans',
    fontSize: p.fontSize,
    lineHeight: p.lineHeight,
    color: p.color,
    bold: p.bold,
    align: p.align,
    valign: 'top',
    lines: p.lines,
    indent: p.indent ?? 0,
    block: p.block,
  };
  if (p.lines.some((line) => line.runs.some((run) => run.highlight))) box.highlightColor = p.theme.highlight;
  return box;
}

function quoteBlock(text: string, cite: string | undefined, width: number, size: number, ctx: StackContext, index: number, maxHeight?: number): Measured {
  const fontSize = Math.round(size * 1.05);
  const runs = parseInline(cite ? `${text}\n— ${cite}` : text.replace(/\n\n+/g, '\n'));
  const inner = textBlock({ runs, fontSize, lineRatio: 1.3, width: width - QUOTE_INDENT, bold: false, italic: true, color: ctx.theme.text, role: 'quote', ctx, index, maxHeight });
  return {
    height: inner.height,
    cut: inner.cut,
    place: (x, y, h) => {
      const bar: RectBox = { kind: 'rect', role: 'quote-bar', x, y, w: 0.06, h, fill: ctx.theme.accent, radius: 0.03 };
      return inner.height === 0 ? [] : [bar, ...inner.place(x + QUOTE_INDENT, y, h)];
    },
  };
}

// ─── Lists ──────────────────────────────────────────────────────────────────────────────────

interface ListRow {
  runs: TextRun[];
  level: number;
  marker: string;
  bulletIndex: number;
}

function listRows(block: ListBlock, firstBullet: number): ListRow[] {
  const counters = [block.start - 1, 0, 0];
  let top = firstBullet - 1;
  return block.items.map((item) => {
    const level = Math.min(item.level, 2);
    counters[level]!++;
    for (let deeper = level + 1; deeper < counters.length; deeper++) counters[deeper] = 0;
    if (level === 0) top++;
    // A numbered list's sub-items are dotted, as in most decks (the numbers are the steps).
    const marker = item.checked !== undefined ? (item.checked ? '☑' : '☐') : block.ordered && level === 0 ? `${counters[0]}.` : MARKERS[level]!;
    return { runs: parseInline(item.text), level, marker, bulletIndex: Math.max(top, firstBullet) };
  });
}

function listBlock(block: ListBlock, width: number, size: number, ctx: StackContext, index: number, firstBullet: number, maxHeight?: number): Measured {
  const rows = listRows(block, firstBullet);
  const sizes = LIST_LEVEL_SCALE.map((scale) => Math.max(12, Math.round(size * scale)));
  // The marker column of each level: its widest marker plus a gap, so wrapped lines align.
  const columns = sizes.map((fontSize, level) => {
    const widest = Math.max(0, ...rows.filter((r) => r.level === level).map((r) => measureText(r.marker, fontSize, { font: 'sans', bold: true, italic: false })));
    return round(Math.max(widest + (fontSize * 0.5) / 72, (fontSize * 0.9) / 72), 3);
  });
  const offsetOf = (level: number): number => columns.slice(0, level).reduce((a, b) => a + b, 0);
  const gap = (row: ListRow, i: number): number => (i === 0 ? 0 : ((row.level === 0 ? 0.45 : 0.2) * size) / 72);
  const placed: Array<{ row: ListRow; lines: TextLine[]; height: number; gap: number }> = [];
  let height = 0;
  let cut: string | undefined;
  for (const [i, row] of rows.entries()) {
    const fontSize = sizes[row.level]!;
    const lineHeight = round(fontSize * 1.22);
    const boxW = width - offsetOf(row.level);
    const lines = wrapText(decorate(row.runs, ctx.theme), { width: (boxW - columns[row.level]!) * WRAP_SLACK, fontSize, font: 'sans' });
    const h = textHeight('sans', fontSize, lineHeight, lines.length);
    if (maxHeight !== undefined && height + gap(row, i) + h > maxHeight + 1e-9) {
      cut = `${rows.length - i} of ${rows.length} list items`;
      break;
    }
    placed.push({ row, lines, height: h, gap: gap(row, i) });
    height += gap(row, i) + h;
  }
  const gaps = placed.reduce((n, p, i) => n + (i === 0 ? 0 : p.row.level === 0 ? 1 : 0.5), 0);
  const stretchPerGap = (0.7 * size) / 72;
  return {
    height,
    cut,
    stretchMax: gaps > 0 ? gaps * stretchPerGap : undefined,
    place: (x, y, h) => {
      const extra = gaps > 0 ? Math.max(0, h - height) / gaps : 0;
      let at = y;
      return placed.map((p, i) => {
        at += p.gap + (i === 0 ? 0 : extra * (p.row.level === 0 ? 1 : 0.5));
        const fontSize = sizes[p.row.level]!;
        const boxX = x + offsetOf(p.row.level);
        const box = textBox({ role: 'bullet', x: boxX, y: at, w: width - offsetOf(p.row.level), h: p.height, fontSize, lineHeight: round(fontSize * 1.22), color: ctx.theme.text, bold: false, align: 'left', lines: p.lines, indent: columns[p.row.level], block: index, theme: ctx.theme });
        box.marker = { text: p.row.marker, color: p.row.level === 0 ? ctx.theme.marker : ctx.theme.subMarker };
        box.level = p.row.level;
        box.bulletIndex = p.row.bulletIndex;
        at += p.height;
        return box;
      });
    },
  };
}

// ─── Code ───────────────────────────────────────────────────────────────────────────────────

/** Tabs become spaces: SVG and PowerPoint disagree on tab stops. */
function codeLines(code: CodeBlock): string[] {
  const lines = code.text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  while (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((l) => l.replace(/\s+$/u, ''));
}

/** The code as coloured tokens per line: Shiki's when given (same line count), else one plain token a line. */
function codeTokens(block: CodeBlock, ctx: StackContext): CodeToken[][] {
  const plain = codeLines(block);
  const coloured = ctx.highlight?.(block);
  if (coloured && coloured.length >= plain.length) {
    return coloured.slice(0, plain.length).map((line, i) => (plain[i] === '' ? [] : trimEnd(line)));
  }
  return plain.map((text) => (text ? [{ text, color: ctx.theme.codeText }] : []));
}

function trimEnd(tokens: CodeToken[]): CodeToken[] {
  const out = tokens.map((t) => ({ ...t }));
  while (out.length > 0 && out.at(-1)!.text.trimEnd() === '') out.pop();
  if (out.length > 0) out[out.length - 1]!.text = out.at(-1)!.text.replace(/\s+$/u, '');
  return out;
}

const MONO = { font: 'mono' as const, bold: false, italic: false };
const tokenWidth = (tokens: CodeToken[], size: number): number => tokens.reduce((w, t) => w + measureText(t.text, size, MONO), 0);

/** A token line wider than the box, broken between characters (spaces kept, so indentation survives). */
function hardWrapTokens(tokens: CodeToken[], width: number, size: number): CodeToken[][] {
  const lines: CodeToken[][] = [[]];
  let used = 0;
  for (const token of tokens) {
    for (const ch of token.text) {
      const w = measureText(ch, size, MONO);
      if (used + w > width && lines.at(-1)!.length > 0) {
        lines.push([]);
        used = 0;
      }
      const line = lines.at(-1)!;
      const last = line.at(-1);
      if (last && last.color === token.color && !!last.bold === !!token.bold && !!last.italic === !!token.italic) last.text += ch;
      else line.push({ ...token, text: ch });
      used += w;
    }
  }
  return lines;
}

/**
 * Code keeps its line shape: its size follows the body size but shrinks (to 11 pt) until the
 * widest line fits; only below that are long lines hard-wrapped. Tokens keep their colours.
 */
function codeBlock(block: CodeBlock, width: number, size: number, ctx: StackContext, index: number, maxHeight?: number): Measured {
  const source = codeTokens(block, ctx);
  const innerW = (width - 2 * CODE_PAD.x) * WRAP_SLACK;
  let fontSize = Math.max(CODE_SIZES.min, Math.min(CODE_SIZES.max, size - 4));
  while (fontSize > CODE_SIZES.min && Math.max(0, ...source.map((l) => tokenWidth(l, fontSize))) > innerW) fontSize--;
  const lineHeight = round(fontSize * 1.35);
  // Each drawn line remembers its source line, so emphasised lines keep their band when wrapped.
  const wrapped = source.flatMap((l, n) => (tokenWidth(l, fontSize) > innerW ? hardWrapTokens(l, innerW, fontSize) : [l]).map((tokens) => ({ tokens, source: n + 1 })));
  let lines = wrapped.map((w) => w.tokens);
  let cut: string | undefined;
  if (maxHeight !== undefined) {
    const keep = linesThatFit('mono', fontSize, lineHeight, maxHeight - 2 * CODE_PAD.y);
    if (keep < lines.length) {
      cut = `${lines.length - Math.max(0, keep - 1)} of ${lines.length} code lines`;
      lines = keep > 1 ? [...lines.slice(0, keep - 1), [{ text: ELLIPSIS, color: ctx.theme.codeText }]] : [];
    }
  }
  if (lines.length === 0) return { height: 0, cut, place: () => [] };
  const textH = textHeight('mono', fontSize, lineHeight, lines.length);
  const height = textH + 2 * CODE_PAD.y;
  return {
    height,
    cut,
    place: (x, y) => {
      const rect: RectBox = { kind: 'rect', role: 'code-background', x, y, w: width, h: height, fill: ctx.theme.codeBackground, radius: 0.12 };
      const textLines = lines.map((tokens) => ({
        runs: tokens.map((t) => ({ text: t.text, ...(t.color !== ctx.theme.codeText ? { color: t.color } : {}), ...(t.bold ? { bold: true } : {}), ...(t.italic ? { italic: true } : {}) })),
        width: tokenWidth(tokens, fontSize),
      }));
      const text = textBox({ role: 'code', x: x + CODE_PAD.x, y: y + CODE_PAD.y, w: width - 2 * CODE_PAD.x, h: textH, fontSize, lineHeight, color: ctx.theme.codeText, bold: false, align: 'left', lines: textLines, block: index, theme: ctx.theme, font: 'mono' });
      const emphasised = new Set(block.emphasis ?? []);
      const bands: RectBox[] = lines.flatMap((_line, i) =>
        emphasised.has(wrapped[i]?.source ?? -1) ? [{ kind: 'rect' as const, role: 'code-emphasis' as const, x: x + 0.08, y: y + CODE_PAD.y + (i * lineHeight) / 72, w: width - 0.16, h: lineHeight / 72, fill: ctx.theme.codeEmphasis, radius: 0.04 }] : [],
      );
      return [rect, ...bands, text];
    },
  };
}

// ─── Tables ─────────────────────────────────────────────────────────────────────────────────

/**
 * Column widths from content: each column's widest unwrapped cell; a table narrower than the
 * area is widened in proportion, a wider one gives narrow columns their width and wraps the
 * wide ones in proportion to theirs.
 */
export function tableColumnWidths(natural: number[], width: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= width) return natural.map((w) => (w / total) * width);
  const fair = width / natural.length;
  const narrow = natural.filter((w) => w <= fair);
  const wideTotal = natural.filter((w) => w > fair).reduce((a, b) => a + b, 0);
  const left = width - narrow.reduce((a, b) => a + b, 0);
  return natural.map((w) => (w <= fair ? w : (w / wideTotal) * left));
}

function tableBlock(block: TableBlock, width: number, size: number, ctx: StackContext, index: number, maxHeight?: number): Measured {
  const fontSize = Math.max(TABLE_MIN, Math.round(size * 0.8));
  const lineHeight = round(fontSize * 1.25);
  const count = Math.max(block.header.length, ...block.rows.map((r) => r.length));
  const pad = (cells: string[]): string[] => Array.from({ length: count }, (_, i) => cells[i] ?? '');
  const all = [pad(block.header), ...block.rows.map(pad)];
  const parsed = all.map((row, r) => row.map((cell) => decorate(parseInline(cell), ctx.theme).map((run) => (r === 0 ? { ...run, bold: true } : run))));
  const natural = Array.from({ length: count }, (_, c) =>
    Math.max(0.6, ...parsed.map((row) => row[c]!.reduce((s, run) => s + measureText(run.text, fontSize, { font: run.mono ? 'mono' : 'sans', bold: !!run.bold, italic: !!run.italic }), 0) + 2 * TABLE_PAD.x + 0.02)),
  );
  const columns = tableColumnWidths(natural, width);
  const align = (c: number): TableCell['align'] => block.align[c] ?? 'left';
  const rows: TableBox['rows'] = [];
  let height = 0;
  let cut: string | undefined;
  for (const [r, row] of parsed.entries()) {
    const cells = row.map((runs, c) => ({ lines: wrapText(runs, { width: (columns[c]! - 2 * TABLE_PAD.x) * WRAP_SLACK, fontSize, font: 'sans' }), align: align(c) }));
    const h = textHeight('sans', fontSize, lineHeight, Math.max(1, ...cells.map((cell) => cell.lines.length))) + 2 * TABLE_PAD.y;
    if (maxHeight !== undefined && height + h > maxHeight + 1e-9) {
      cut = `${parsed.length - r} of ${block.rows.length} table rows`;
      break;
    }
    rows.push({ h, header: r === 0, cells });
    height += h;
  }
  if (rows.length <= 1 && block.rows.length > 0 && cut) return { height: 0, cut: describe(block), place: () => [] };
  const theme = ctx.theme;
  return {
    height,
    cut,
    place: (x, y) => [
      {
        kind: 'table',
        x,
        y,
        w: width,
        h: height,
        columns,
        rows,
        fontSize,
        lineHeight,
        padX: TABLE_PAD.x,
        padY: TABLE_PAD.y,
        color: theme.text,
        headerColor: theme.title,
        headerFill: theme.tableHeader,
        stripeFill: theme.tableStripe,
        borderColor: theme.tableBorder,
        block: index,
      },
    ],
  };
}

// ─── Display maths ──────────────────────────────────────────────────────────────────────────

/** The TeX of a paragraph that is one display formula (`$$…$$`), else undefined. */
export function displayMath(text: string): string | undefined {
  const match = /^\$\$([\s\S]+?)\$\$$/.exec(text.trim());
  return match && !match[1]!.includes('$$') ? match[1]!.trim() : undefined;
}

/** A display formula a little larger than the text, centred, shrunk to the width if it must be. */
function mathBlock(tex: string, picture: { path: string; widthEm: number; heightEm: number }, width: number, size: number, ctx: StackContext): Measured {
  const em = (size * 1.15) / 72;
  const scale = Math.min(1, width / (picture.widthEm * em));
  const w = picture.widthEm * em * scale;
  const h = picture.heightEm * em * scale;
  return {
    height: h,
    place: (x, y) => [{ kind: 'image', x: x + (width - w) / 2, y, w, h, path: picture.path, alt: tex }],
  };
}

// ─── Pictures ───────────────────────────────────────────────────────────────────────────────

function imageBlock(block: ImageBlock, width: number, ctx: StackContext): Measured {
  const natural = ctx.images?.get(block.src) ?? { width: 4, height: 3 };
  const ratio = natural.width / natural.height;
  const asked = requestedSize(block, ratio);
  if (asked) {
    // The size asked for is the most it gets: on a full slide the picture shrinks, keeping its ratio.
    const most = Math.min(width, asked.w) / ratio;
    return {
      height: Math.min(MIN_IMAGE_H, most),
      flexMax: most,
      place: (x, y, h) => {
        const w = Math.min(width, h * ratio);
        return [imageBox(block, centredX(x, width, w, ctx), y, w, w / ratio, natural)];
      },
    };
  }
  // No size given: at least MIN_IMAGE_H, growing to the width's natural height.
  const full = width / ratio;
  const min = Math.min(MIN_IMAGE_H, full);
  return {
    height: min,
    flexMax: full,
    place: (x, y, h) => {
      const fitted = fitAspect({ x, y, w: width, h }, natural.width, natural.height);
      const left = (ctx.align ?? 'left') === 'center' ? fitted.x : x;
      return [imageBox(block, left, fitted.y, fitted.w, fitted.h, natural)];
    },
  };
}

function centredX(x: number, width: number, w: number, ctx: StackContext): number {
  return (ctx.align ?? 'left') === 'center' ? x + (width - w) / 2 : x;
}

/** Marp's `w:300` / `h:200px` (CSS pixels of a 1280 × 720 slide) → inches, keeping the ratio. */
function requestedSize(block: ImageBlock, ratio: number): { w: number } | undefined {
  if (block.width !== undefined) return { w: block.width / PX_PER_IN_CSS };
  if (block.height !== undefined) return { w: (block.height / PX_PER_IN_CSS) * ratio };
  return undefined;
}

export function imageBox(block: ImageBlock, x: number, y: number, w: number, h: number, natural: { width: number; height: number }): ImageBox {
  const box: ImageBox = { kind: 'image', x, y, w, h, path: block.src, alt: block.alt };
  if (block.fit === 'cover') {
    box.fit = 'cover';
    box.natural = natural;
  }
  return box;
}
