import type { Token } from 'markdown-it';
import { htmlToBlocks } from './html-to-blocks.js';
import { inlineToMarkdown, type InlineImage } from './inline-markdown.js';
import { md, type LinkReferences } from './markdown.js';
import type { BlockInput, FlowBlockInput, ImageBlock, SlideInput } from './schema.js';

/**
 * One slide's Markdown → its v2 blocks, in the order the author wrote them: the first heading is
 * the title (a second one right under it, with no heading of its level later, the subtitle),
 * later headings are heading blocks; paragraphs, lists (three levels, task items), every code
 * block, tables, quotes, pictures (with Marp's `![bg left:40%]`/`![w:300]` keywords) and the
 * HTML subset become blocks. Comments are handed to `onComment` (narration or directives).
 */
export interface SlideProblemSink {
  warn(line: number, message: string, kind?: string): void;
}

export interface BuildSlideOptions {
  /** 0-based file line of the chunk's first line. */
  start: number;
  problems: SlideProblemSink;
  /** Called with each HTML comment body (narration or directives; the caller decides). */
  onComment: (comment: string) => void;
  /**
   * Link reference definitions of the whole file (`[course]: https://…`, often at its end), so
   * `[text][course]` and `![bg][illustration]` on any slide resolve as they do in Marp.
   */
  references?: LinkReferences;
}

export interface BuiltBlocks {
  slide: SlideInput;
  /** 1-based line of the slide's first picture, for messages about its file. */
  imageLine?: number;
  hasContent: boolean;
  /** Level of the heading that became the title (a slot's heading is kept at it). */
  titleLevel?: number;
}

interface ListState {
  block: { type: 'list'; ordered: boolean; start: number; items: Array<{ text: string; level: number; checked?: boolean }> };
  depth: number;
}

interface State {
  opts: BuildSlideOptions;
  title?: string;
  titleLevel?: number;
  subtitle?: string;
  subtitleAllowed: boolean;
  blocks: BlockInput[];
  list?: ListState;
  listDepth: number;
  /** Text parts of the list item being read (an item may hold several paragraphs). */
  item?: { parts: string[]; index: number };
  heading?: { level: number };
  quote?: { parts: string[] };
  table?: { header: string[]; align: Array<'left' | 'center' | 'right'>; rows: string[][]; row?: string[]; inHead: boolean };
  imageLine?: number;
  laterHeadingLevels: number[];
  dropped: Set<string>;
  droppedLine?: number;
  /** Pictures met inside list items: placed after the list. */
  afterList: FlowBlockInput[];
}

export function buildSlideBlocks(source: string, opts: BuildSlideOptions): BuiltBlocks {
  const tokens = md.parse(source, { references: { ...(opts.references ?? {}) } });
  const state: State = { opts, subtitleAllowed: true, blocks: [], listDepth: 0, laterHeadingLevels: headingLevels(tokens), dropped: new Set(), afterList: [] };
  for (const token of tokens) visit(state, token);
  if (state.dropped.size > 0) {
    const tags = [...state.dropped].map((t) => `<${t}>`).join(', ');
    state.opts.problems.warn(state.droppedLine ?? opts.start + 1, `${tags} ${state.dropped.size === 1 ? 'is' : 'are'} not drawn on slides (HTML or components LECTRA does not know; any text inside is kept): write ${state.dropped.size === 1 ? 'it' : 'them'} as Markdown to show more.`);
  }
  const slide: SlideInput = {
    title: state.title ?? '',
    ...(state.subtitle ? { subtitle: state.subtitle } : {}),
    blocks: state.blocks,
  };
  const hasContent = Boolean(state.title || state.subtitle || state.blocks.length > 0);
  return { slide, imageLine: state.imageLine, hasContent, titleLevel: state.titleLevel };
}

function headingLevels(tokens: Token[]): number[] {
  return tokens.filter((t) => t.type === 'heading_open').map((t) => Number(t.tag.slice(1)));
}

function lineOf(state: State, token: Token): number {
  return state.opts.start + (token.map?.[0] ?? 0) + 1;
}

function visit(state: State, token: Token): void {
  switch (token.type) {
    case 'heading_open':
      state.heading = { level: Number(token.tag.slice(1)) };
      state.laterHeadingLevels.shift();
      return;
    case 'heading_close':
      state.heading = undefined;
      return;
    case 'bullet_list_open':
    case 'ordered_list_open':
      openList(state, token);
      return;
    case 'bullet_list_close':
    case 'ordered_list_close':
      state.listDepth--;
      if (state.listDepth === 0) closeList(state);
      return;
    case 'list_item_open':
      openItem(state, token);
      return;
    case 'list_item_close':
      closeItem(state);
      return;
    case 'blockquote_open':
      if (!state.quote) state.quote = { parts: [] };
      return;
    case 'blockquote_close':
      closeQuote(state);
      return;
    case 'inline':
      addInline(state, token);
      return;
    case 'fence':
    case 'code_block':
      if (token.type === 'fence' && /^math\b/.test(token.info.trim())) addMath(state, token.content);
      else addCode(state, token);
      return;
    case 'math_block':
    case 'math_block_eqno':
      addMath(state, token.content);
      return;
    case 'html_block':
      addHtml(state, token);
      return;
    case 'table_open':
      state.table = { header: [], align: [], rows: [], inHead: false };
      return;
    case 'thead_open':
      if (state.table) state.table.inHead = true;
      return;
    case 'thead_close':
      if (state.table) state.table.inHead = false;
      return;
    case 'tr_open':
      if (state.table) state.table.row = [];
      return;
    case 'th_open':
    case 'td_open':
      if (state.table?.inHead) state.table.align.push(cellAlign(token));
      return;
    case 'tr_close':
      closeRow(state);
      return;
    case 'table_close':
      closeTable(state);
      return;
  }
}

// ─── Text ───────────────────────────────────────────────────────────────────────────────────

function addInline(state: State, token: Token): void {
  const line = lineOf(state, token);
  const content = inlineToMarkdown(token.children);
  content.comments.forEach((comment) => state.opts.onComment(comment));
  const images = content.images.map((image) => imageBlock(state, image, line)).filter((b): b is NonNullable<typeof b> => b !== undefined);
  noteDropped(state, content.dropped, line);
  const text = content.text;
  if (state.table?.row) {
    state.table.row.push(text);
    images.forEach((image) => push(state, image));
    return;
  }
  if (state.item) {
    if (text) state.item.parts.push(text);
    // A picture inside a list item follows the list.
    state.afterList.push(...images);
    return;
  }
  if (state.quote) {
    if (text) state.quote.parts.push(text);
    images.forEach((image) => push(state, image));
    return;
  }
  if (state.heading) {
    addHeading(state, text, state.heading.level);
    images.forEach((image) => push(state, image));
    return;
  }
  images.forEach((image) => push(state, image));
  if (text) push(state, { type: 'paragraph', text });
}

/** First heading = title; one right under it = subtitle unless the slide has more at its level. */
function addHeading(state: State, text: string, level: number): void {
  if (!text) return;
  if (state.title === undefined) {
    state.title = text;
    state.titleLevel = level;
    return;
  }
  const isSubtitle =
    state.subtitle === undefined &&
    state.subtitleAllowed &&
    state.blocks.length === 0 &&
    level > (state.titleLevel ?? 1) &&
    !state.laterHeadingLevels.some((later) => later <= level);
  if (isSubtitle) state.subtitle = text;
  else push(state, { type: 'heading', level, text });
}

function push(state: State, block: BlockInput): void {
  state.blocks.push(block);
  state.subtitleAllowed = false;
}

// ─── Lists ──────────────────────────────────────────────────────────────────────────────────

function openList(state: State, token: Token): void {
  state.listDepth++;
  if (state.listDepth !== 1 || state.list) return;
  const ordered = token.type === 'ordered_list_open';
  const start = ordered ? Number(token.attrGet('start') ?? 1) : 1;
  state.list = { block: { type: 'list', ordered, start: Number.isFinite(start) ? start : 1, items: [] }, depth: 1 };
}

function openItem(state: State, token: Token): void {
  if (!state.list) return;
  // An item's paragraphs so far belong to it; a nested list's items start their own.
  flushItem(state);
  const level = state.listDepth - 1;
  if (level > 2) state.opts.problems.warn(lineOf(state, token), 'a list is nested more than three levels deep: the deeper items are shown at the third level.', 'deep-list');
  const index = state.list.block.items.push({ text: '', level: Math.min(level, 2) }) - 1;
  state.item = { parts: [], index };
}

function closeItem(state: State): void {
  flushItem(state);
  state.item = undefined;
  // Back in the parent item: its text continues after the nested list.
  const list = state.list;
  if (list && state.listDepth > 1) {
    const parent = [...list.block.items].reverse().find((item) => item.level === state.listDepth - 2);
    if (parent) state.item = { parts: [], index: list.block.items.indexOf(parent) };
  }
}

function flushItem(state: State): void {
  const item = state.item;
  const list = state.list;
  if (!item || !list) return;
  const target = list.block.items[item.index]!;
  const text = [target.text, ...item.parts].filter(Boolean).join(' ');
  const task = /^\[([ xX])\]\s+/.exec(text);
  target.text = task ? text.slice(task[0].length) : text;
  if (task) target.checked = task[1] !== ' ';
  item.parts = [];
}

function closeList(state: State): void {
  const list = state.list;
  state.list = undefined;
  state.item = undefined;
  if (!list) return;
  // Items left empty (`-` alone) are dropped; an item holding only sub-items keeps them.
  const items = list.block.items.filter((item) => item.text.trim() !== '');
  if (items.length > 0) push(state, { ...list.block, items: normaliseLevels(items) });
  for (const block of state.afterList.splice(0)) push(state, block);
}

/** A list must start at level 0 and go down one level at a time (Markdown allows jumps). */
function normaliseLevels(items: Array<{ text: string; level: number; checked?: boolean }>) {
  let previous = -1;
  return items.map((item) => {
    const level = Math.min(item.level, previous + 1);
    previous = level;
    return { ...item, level };
  });
}

// ─── Code, quotes, tables, HTML ─────────────────────────────────────────────────────────────

/** `ts {2,4-5}` / `py{1|3}`: the language and the lines to emphasise (Slidev's first click group). */
export function fenceInfo(info: string): { lang: string; emphasis?: number[] } {
  const trimmed = info.trim();
  const lang = (trimmed.split(/[\s{]/)[0] ?? '').trim();
  const range = /\{([^}]*)\}/.exec(trimmed)?.[1]?.split('|')[0]?.trim();
  if (!range || range === 'all' || range === '*') return { lang };
  const lines = new Set<number>();
  for (const part of range.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = Math.min(Number(m[2] ?? m[1]), from + 500);
    for (let n = from; n <= to; n++) if (n >= 1) lines.add(n);
  }
  return lines.size > 0 ? { lang, emphasis: [...lines].sort((a, b) => a - b) } : { lang };
}

function addCode(state: State, token: Token): void {
  const info = token.type === 'fence' ? fenceInfo(token.info) : { lang: '' };
  const block: BlockInput = { type: 'code', lang: info.lang, text: token.content.replace(/\n$/, ''), ...(info.emphasis ? { emphasis: info.emphasis } : {}) };
  if (state.list) {
    // Code inside a list item: the list so far is shown, then the code, then the rest of the list.
    const { ordered, items } = state.list.block;
    flushItem(state);
    const done = items.filter((item) => item.text.trim() !== '');
    if (done.length > 0) push(state, { type: 'list', ordered, start: state.list.block.start, items: normaliseLevels(done) });
    const next = state.list.block.start + done.filter((i) => i.level === 0).length;
    state.list.block = { type: 'list', ordered, start: next, items: [] };
    state.item = undefined;
    push(state, block);
    return;
  }
  push(state, block);
}

/** Display maths: a paragraph of `$$TeX$$` (typeset by the STEM stage), in a list item its text. */
function addMath(state: State, tex: string): void {
  const text = `$$${tex.trim().replace(/\s*\n\s*/g, ' ')}$$`;
  if (state.item) state.item.parts.push(text);
  else if (state.quote) state.quote.parts.push(text);
  else push(state, { type: 'paragraph', text });
}

function closeQuote(state: State): void {
  const quote = state.quote;
  state.quote = undefined;
  if (!quote || quote.parts.length === 0) return;
  const parts = [...quote.parts];
  // A last line "— Author" is the citation.
  const last = parts.at(-1)!;
  const cite = /^(?:—|--|~)\s*(.+)$/.exec(last);
  if (cite && parts.length > 1) parts.pop();
  push(state, { type: 'quote', text: parts.join('\n\n'), ...(cite && parts.length > 0 ? { cite: cite[1] } : {}) });
}

function cellAlign(token: Token): 'left' | 'center' | 'right' {
  const style = String(token.attrGet('style') ?? '');
  const match = /text-align:\s*(left|center|right)/.exec(style);
  return (match?.[1] as 'left' | 'center' | 'right' | undefined) ?? 'left';
}

function closeRow(state: State): void {
  const table = state.table;
  if (!table?.row) return;
  if (table.inHead || table.header.length === 0) table.header = table.row;
  else table.rows.push(table.row);
  table.row = undefined;
}

function closeTable(state: State): void {
  const table = state.table;
  state.table = undefined;
  if (!table || table.header.length === 0) return;
  const header = table.header.map((cell) => cell || ' ');
  push(state, { type: 'table', header, align: table.align, rows: table.rows });
}

const COMMENT = /<!--([\s\S]*?)-->/g;

/** Tags not drawn are collected and named in one warning per slide, at the first one's line. */
function noteDropped(state: State, tags: string[], line: number): void {
  // <style> and <script> are a theme's CSS and code, never slide text: dropping them loses nothing.
  for (const tag of tags) if (!/^(?:style|script)$/i.test(tag)) state.dropped.add(tag);
  if (tags.length > 0) state.droppedLine ??= line;
}

function addHtml(state: State, token: Token): void {
  for (const match of token.content.matchAll(COMMENT)) state.opts.onComment(match[1]!);
  const rest = token.content.replace(COMMENT, '').trim();
  if (!rest) return;
  // `<div class="x">` + Markdown (a code fence, a list) + `</div>` with no blank lines: CommonMark
  // makes it one HTML block, but the author wrote Markdown inside a styling wrapper.
  const wrapped = /^<([a-zA-Z][\w-]*)\b[^>]*>\n([\s\S]*)\n<\/\1>$/.exec(rest);
  if (wrapped && /^\s*(```|~~~|[-*+] |\d+\. |#{1,6} )/m.test(wrapped[2]!)) {
    for (const inner of md.parse(wrapped[2]!, { references: { ...(state.opts.references ?? {}) } })) visit(state, inner);
    return;
  }
  if (!rest.includes('<')) {
    // `<!-- note --> Text` on one line: the text after the comment is Markdown, kept as written.
    const text = inlineToMarkdown(md.parseInline(rest, {})[0]?.children ?? null).text;
    if (text) push(state, { type: 'paragraph', text });
    return;
  }
  const converted = htmlToBlocks(rest);
  converted.comments.forEach((comment) => state.opts.onComment(comment));
  const line = lineOf(state, token);
  noteDropped(state, converted.dropped, line);
  for (const block of converted.blocks) {
    if (block.type === 'image') {
      state.imageLine ??= line;
    }
    if (block.type === 'heading' && state.title === undefined && state.blocks.length === 0) {
      state.title = block.text;
      state.titleLevel = block.level ?? 1;
      continue;
    }
    if (state.item && block.type === 'paragraph') {
      state.item.parts.push(block.text);
      continue;
    }
    push(state, block);
  }
}

// ─── Pictures ───────────────────────────────────────────────────────────────────────────────

function imageBlock(state: State, image: InlineImage, line: number): FlowBlockInput | undefined {
  if (!image.src) {
    state.opts.problems.warn(line, 'an image has no path, so it was skipped: write `![description](images/picture.png)`.');
    return undefined;
  }
  state.imageLine ??= line;
  return { type: 'image', src: image.src, ...marpImage(image.alt) };
}

const MARP_FILTER = /^(?:blur|brightness|contrast|drop-shadow|grayscale|hue-rotate|invert|opacity|saturate|sepia)(?::\S+)?$/;

/**
 * Marp's image keywords in the alt text: `bg` (a background; with `left`/`right[:N%]` a split
 * background), `contain`/`fit`/`cover`, `w:300`/`width:300px`/`h:200`. The rest is the alt text.
 */
export function marpImage(alt: string): Pick<ImageBlock, 'alt' | 'position' | 'fit'> & Partial<Pick<ImageBlock, 'share' | 'width' | 'height'>> {
  const words = alt.split(/\s+/).filter(Boolean);
  const background = words[0] === 'bg';
  const out: Pick<ImageBlock, 'alt' | 'position' | 'fit'> & Partial<Pick<ImageBlock, 'share' | 'width' | 'height'>> = { alt: '', position: background ? 'background' : 'auto', fit: background ? 'cover' : 'contain' };
  const kept: string[] = [];
  for (const word of words) {
    const size = /^(w|h|width|height):(\d+(?:\.\d+)?)(px)?$/.exec(word);
    const side = /^(left|right)(?::(\d+(?:\.\d+)?)%)?$/.exec(word);
    if (size) {
      if (size[1]!.startsWith('w')) out.width = Number(size[2]);
      else out.height = Number(size[2]);
    } else if (MARP_FILTER.test(word)) continue; // `opacity:0.1`, `sepia`, `blur:5px`: styling, not words
    else if (background && word === 'bg') continue;
    else if (background && side) {
      out.position = side[1] as 'left' | 'right';
      out.share = side[2] ? Math.min(0.9, Math.max(0.1, Number(side[2]) / 100)) : 0.5;
    } else if (background && (word === 'contain' || word === 'fit')) out.fit = 'contain';
    else if (background && (word === 'cover' || word === 'auto' || word === 'vertical' || /^\d+(?:\.\d+)?%$/.test(word))) continue;
    else kept.push(word);
  }
  out.alt = kept.join(' ');
  return out;
}
