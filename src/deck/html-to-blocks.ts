import { parse, type HTMLElement, type Node } from 'node-html-parser';
import { escapeInlineText } from './inline-markdown.js';
import { LIST_LEVELS, type FlowBlockInput } from './schema.js';

/**
 * Raw HTML in Markdown decks (Marp title slides, Slidev `<div>` wrappers, `<img width>`,
 * `<table>`, `<center>`, Vue components) → slide blocks. A common subset keeps its meaning
 * (headings, paragraphs, emphasis, code, lists, tables, images, quotes, links); every other
 * element keeps its words and is named in `dropped`, so the caller can say what was not drawn.
 *
 * Whitespace collapses as in a browser; `<br>` becomes a space (the slide model has no line
 * break inside a paragraph, and splitting there would cut through `**bold**` runs).
 */

type ImageBlockInput = Extract<FlowBlockInput, { type: 'image' }>;
type ListBlockInput = Extract<FlowBlockInput, { type: 'list' }>;
type ListItemInput = ListBlockInput['items'][number];
type TableAlign = 'left' | 'center' | 'right';

export interface HtmlBlocks {
  blocks: FlowBlockInput[];
  /** Tag names that were dropped (not in the subset), each once, in order of first appearance, spelled as written. */
  dropped: string[];
  /** Bodies of HTML comments found inside, untrimmed (the caller decides note vs directive). */
  comments: string[];
}

export interface HtmlInline {
  /** Inline Markdown (`**bold**`, `*italic*`, `` `code` ``, `[text](url)`, `==highlight==`), trimmed. */
  text: string;
  /** Pictures found inside: inline Markdown cannot hold them, so the caller places them. */
  images: ImageBlockInput[];
  dropped: string[];
  comments: string[];
}

/** Converts an HTML fragment (one or more blocks, possibly unclosed or malformed) into blocks. */
export function htmlToBlocks(html: string): HtmlBlocks {
  const { root, found, trailingComment } = parseFragment(html);
  const blocks = blockChildren(root.childNodes, found, 0);
  if (trailingComment !== undefined) found.comments.push(trailingComment);
  return { blocks, dropped: found.dropped, comments: found.comments };
}

/**
 * Inline HTML inside a Markdown paragraph (`<b>x</b>`, `<br>`, `<span>`, `<kbd>`, `<sub>`,
 * `<sup>`, `<mark>`) → its inline Markdown. The input is read as HTML only: Markdown syntax in
 * it (`**`) is literal text and comes back escaped.
 */
export function htmlInlineToMarkdown(html: string): HtmlInline {
  const { root, found, trailingComment } = parseFragment(html);
  const images: ImageBlockInput[] = [];
  const text = finishInline(inlineChildren(root.childNodes, { found, images, marks: new Set(), depth: 0 }));
  if (trailingComment !== undefined) found.comments.push(trailingComment);
  return { text, images, dropped: found.dropped, comments: found.comments };
}

// ── Tag classes ────────────────────────────────────────────────────────────────────────────

const HEADING = /^h([1-6])$/;
/** Block containers: their inline runs become paragraphs, their block children stay blocks. */
const CONTAINERS = new Set(['p', 'div', 'center', 'section', 'article', 'header', 'footer']);
/** Table parts met outside a table (malformed HTML) are read as containers, so no words are lost. */
const TABLE_PARTS = new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption']);
/** Elements that end an inline run; `img` too, so a picture keeps its place between paragraphs. */
const BLOCK_TAGS = new Set([
  ...CONTAINERS, ...TABLE_PARTS, 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'pre', 'table', 'blockquote', 'hr', 'img',
]);
const MARKERS = new Map([['strong', '**'], ['b', '**'], ['em', '*'], ['i', '*'], ['mark', '==']]);
/** The rest of the inline subset; span…kbd keep only their text. */
const INLINE_TAGS = new Set([...MARKERS.keys(), 'code', 'a', 'br', 'wbr', 'span', 'font', 'small', 'sub', 'sup', 'u', 's', 'kbd']);
/** Table markup that carries no text of its own. */
const SILENT_TABLE_TAGS = new Set(['colgroup', 'col']);
/** Beyond this nesting, elements are read as plain text, so a hostile fragment cannot exhaust the stack. */
const MAX_DEPTH = 64;
/** HTML caps colspan at 1000; a slide table needs far fewer, and each spanned column becomes a cell. */
const MAX_COLSPAN = 32;

const tagOf = (element: HTMLElement): string => (element.rawTagName ?? '').toLowerCase();
const isElement = (node: Node): node is HTMLElement => node.nodeType === 1;
const isComment = (node: Node): boolean => node.nodeType === 8;
const isKnown = (tag: string): boolean => BLOCK_TAGS.has(tag) || INLINE_TAGS.has(tag);
/**
 * Vue components (`<Toc/>`, `<Card>`) and custom elements (`<v-click>`, `<mdi-alert/>`) mostly
 * wrap or stand for whole lines on a slide: their words are kept apart from their neighbours'.
 */
const isComponent = (element: HTMLElement): boolean => !isKnown(tagOf(element)) && /^[A-Z]|[-:]/.test(element.rawTagName ?? '');
/** `push(...items)` passes every item as an argument: a fragment with very many blocks would overflow. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

// ── Parsing ────────────────────────────────────────────────────────────────────────────────

/** What one conversion collects besides its blocks. */
interface Found {
  dropped: string[];
  seen: Set<string>;
  comments: string[];
  /** Elements with a block (or image) somewhere inside: at block level they are read as containers. */
  holders: Set<HTMLElement>;
}

function parseFragment(html: string): { root: HTMLElement; found: Found; trailingComment?: string } {
  const { body, trailingComment } = splitUnclosedComment(stripDeclarations(html));
  // By default the parser keeps <pre> as unparsed text and script/style text as children, and
  // unwraps unclosed elements (losing their styling); a browser lets them run to the end.
  const root = parse(body, { comment: true, parseNoneClosedTags: true, blockTextElements: { script: false, style: false } });
  const found: Found = { dropped: [], seen: new Set(), comments: [], holders: blockHolders(root) };
  return { root, found, trailingComment };
}

/** `<!DOCTYPE …>` and `<?xml …?>` would otherwise come through as text. */
function stripDeclarations(html: string): string {
  return html.replace(/<!doctype[^>]*>/gi, '').replace(/<\?[\s\S]*?\?>/g, '');
}

/**
 * An unclosed `<!--` hides the rest of the fragment in a browser, but the parser would show it
 * as text: cut it off and keep it as a comment body instead.
 */
function splitUnclosedComment(html: string): { body: string; trailingComment?: string } {
  for (let from = 0; ; ) {
    const open = html.indexOf('<!--', from);
    if (open < 0) return { body: html };
    const close = html.indexOf('-->', open + 4);
    if (close < 0) return { body: html.slice(0, open), trailingComment: html.slice(open + 4) };
    from = close + 3;
  }
}

/** Marks every element that has a block-level descendant, in one pass without recursion. */
function blockHolders(root: HTMLElement): Set<HTMLElement> {
  const holders = new Set<HTMLElement>();
  const stack: HTMLElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    for (const child of element.childNodes) if (isElement(child)) stack.push(child);
    if (!BLOCK_TAGS.has(tagOf(element))) continue;
    for (let up = element.parentNode; up && !holders.has(up); up = up.parentNode) holders.add(up);
  }
  return holders;
}

function reportUnknown(found: Found, element: HTMLElement): void {
  const tag = tagOf(element);
  if (!tag || isKnown(tag) || found.seen.has(tag)) return;
  found.seen.add(tag);
  found.dropped.push(element.rawTagName);
}

// ── Blocks ─────────────────────────────────────────────────────────────────────────────────

/** Children in block context: runs of inline content become paragraphs between the blocks. */
function blockChildren(nodes: readonly Node[], found: Found, depth: number): FlowBlockInput[] {
  const blocks: FlowBlockInput[] = [];
  let run: Node[] = [];
  const flush = (): void => {
    if (run.length > 0) append(blocks, paragraphBlocks(run, found, depth));
    run = [];
  };
  for (const node of nodes) {
    const isBlock = isElement(node) && depth < MAX_DEPTH && (BLOCK_TAGS.has(tagOf(node)) || found.holders.has(node));
    if (!isBlock) {
      run.push(node);
      continue;
    }
    flush();
    append(blocks, elementBlocks(node as HTMLElement, found, depth + 1));
  }
  flush();
  return blocks;
}

function elementBlocks(element: HTMLElement, found: Found, depth: number): FlowBlockInput[] {
  const tag = tagOf(element);
  const heading = HEADING.exec(tag);
  if (heading) return headingBlocks(element, Number(heading[1]), found, depth);
  switch (tag) {
    case 'ul':
    case 'ol':
      return listBlocks(element, element.childNodes, found, depth);
    case 'li':
      return listBlocks(element, [element], found, depth); // A stray item: a list of its own.
    case 'pre':
      return codeBlocks(element, found);
    case 'table':
      return tableBlocks(element, found, depth);
    case 'blockquote':
      return quoteBlocks(element, found, depth);
    case 'img':
      return imageBlocks(element);
    case 'hr':
      return [];
  }
  // A container, or an inline or unknown element wrapping blocks: its blocks, its styling lost.
  reportUnknown(found, element);
  return blockChildren(element.childNodes, found, depth);
}

/** An inline run as a paragraph, followed by the pictures found inside it. */
function paragraphBlocks(run: readonly Node[], found: Found, depth: number): FlowBlockInput[] {
  const images: ImageBlockInput[] = [];
  const text = finishInline(inlineChildren(run, { found, images, marks: new Set(), depth }));
  return [...(text ? [{ type: 'paragraph' as const, text }] : []), ...images];
}

function headingBlocks(element: HTMLElement, level: number, found: Found, depth: number): FlowBlockInput[] {
  const images: ImageBlockInput[] = [];
  const text = finishInline(inlineChildren(element.childNodes, { found, images, marks: new Set(), depth }));
  return [...(text ? [{ type: 'heading' as const, level, text }] : []), ...images];
}

function imageBlocks(img: HTMLElement): ImageBlockInput[] {
  const image = imageOf(img);
  return image ? [image] : [];
}

function imageOf(img: HTMLElement): ImageBlockInput | undefined {
  const src = (img.getAttribute('src') ?? '').trim();
  if (!src) return undefined;
  const style = img.getAttribute('style') ?? '';
  // The style attribute wins over width/height attributes, as in a browser.
  const width = cssPixels(style, 'width') ?? attributePixels(img.getAttribute('width'));
  const height = cssPixels(style, 'height') ?? attributePixels(img.getAttribute('height'));
  return {
    type: 'image',
    src,
    alt: collapse(img.getAttribute('alt') ?? '').trim(),
    position: 'inline',
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
  };
}

/** `300` or `300px`; percentages and other units say nothing about pixels on the slide. */
function attributePixels(value: string | undefined): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value ?? '');
  const pixels = match ? Number(match[1]) : 0;
  return pixels > 0 ? pixels : undefined;
}

/** A `property: Npx` declaration in a style attribute (`auto`, `%`, `em`, `calc()` are ignored). */
function cssPixels(style: string, property: string): number | undefined {
  const match = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*(\\d+(?:\\.\\d+)?)px\\s*(?:!important\\s*)?(?:;|$)`, 'i').exec(style);
  const pixels = match ? Number(match[1]) : 0;
  return pixels > 0 ? pixels : undefined;
}

function codeBlocks(pre: HTMLElement, found: Found): FlowBlockInput[] {
  // Blank lines after <pre> and the trailing newline are layout, not code; indentation is kept.
  const text = plainText(pre, found, true)
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  if (!text) return [];
  return [{ type: 'code', lang: languageOf(pre), text }];
}

/** `class="language-js"` (or `lang-js`) on the <pre> or on its <code>. */
function languageOf(pre: HTMLElement): string {
  const code = pre.childNodes.find((node): node is HTMLElement => isElement(node) && tagOf(node) === 'code');
  for (const element of [pre, code]) {
    const match = /(?:^|\s)lang(?:uage)?-(\S+)/.exec(element?.getAttribute('class') ?? '');
    if (match) return match[1]!;
  }
  return '';
}

/** A quote's paragraphs, headings and list items as its text; its other blocks follow it. */
function quoteBlocks(quote: HTMLElement, found: Found, depth: number): FlowBlockInput[] {
  const texts: string[] = [];
  const after: FlowBlockInput[] = [];
  for (const block of blockChildren(quote.childNodes, found, depth)) {
    if (block.type === 'paragraph' || block.type === 'heading' || block.type === 'quote') texts.push(block.text);
    else if (block.type === 'list') append(texts, block.items.map((item) => item.text));
    else after.push(block);
  }
  return [...(texts.length > 0 ? [{ type: 'quote' as const, text: texts.join('\n\n') }] : []), ...after];
}

// ── Lists ──────────────────────────────────────────────────────────────────────────────────

interface ItemState {
  found: Found;
  images: ImageBlockInput[];
  depth: number;
}

/** A list and every list nested in it, flattened into levelled items; its pictures follow it. */
function listBlocks(list: HTMLElement, nodes: readonly Node[], found: Found, depth: number): FlowBlockInput[] {
  const state: ItemState = { found, images: [], depth };
  const items: ListItemInput[] = [];
  collectItems(nodes, 0, state, items);
  const ordered = tagOf(list) === 'ol';
  const start = ordered ? Number.parseInt(list.getAttribute('start') ?? '', 10) : Number.NaN;
  const blocks: FlowBlockInput[] = [];
  if (items.length > 0) {
    blocks.push({ type: 'list', ordered, ...(start >= 0 ? { start } : {}), items: normaliseLevels(items) });
  }
  return [...blocks, ...state.images];
}

function collectItems(nodes: readonly Node[], level: number, state: ItemState, items: ListItemInput[]): void {
  let stray: Node[] = [];
  const flushStray = (): void => {
    addItem(stray, level, undefined, state, items);
    stray = [];
  };
  for (const node of nodes) {
    const tag = isElement(node) ? tagOf(node) : '';
    if (state.depth + level >= MAX_DEPTH || !['li', 'ul', 'ol'].includes(tag)) {
      stray.push(node); // Text or elements directly in the list: an item of their own.
      continue;
    }
    flushStray();
    const element = node as HTMLElement;
    if (tag === 'li') collectItem(element, level, state, items);
    else collectItems(element.childNodes, level + 1, state, items); // <ul><ul>: invalid, but meant as nesting.
  }
  flushStray();
}

function collectItem(li: HTMLElement, level: number, state: ItemState, items: ListItemInput[]): void {
  const nested: HTMLElement[] = [];
  const content: Node[] = [];
  let checked: boolean | undefined;
  for (const node of li.childNodes) {
    const tag = isElement(node) ? tagOf(node) : '';
    if (tag === 'ul' || tag === 'ol') nested.push(node as HTMLElement);
    else if (checked === undefined && isCheckbox(node) && content.every(isBlank)) checked = (node as HTMLElement).hasAttribute('checked');
    else content.push(node);
  }
  addItem(content, level, checked, state, items);
  for (const list of nested) collectItems(list.childNodes, level + 1, state, items);
}

/** `<li><input type="checkbox" checked> Done</li>`: how task lists are written in HTML. */
function isCheckbox(node: Node): boolean {
  return isElement(node) && tagOf(node) === 'input' && (node.getAttribute('type') ?? '').toLowerCase() === 'checkbox';
}

/** Whitespace or a comment (an element is never blank here: reading its text could be deep). */
function isBlank(node: Node): boolean {
  return isComment(node) || (!isElement(node) && node.text.trim() === '');
}

function addItem(nodes: readonly Node[], level: number, checked: boolean | undefined, state: ItemState, items: ListItemInput[]): void {
  if (nodes.length === 0) return;
  const text = finishInline(inlineChildren(nodes, { found: state.found, images: state.images, marks: new Set(), depth: state.depth + level + 1 }));
  if (!text) return;
  items.push({ text, level: Math.min(level, LIST_LEVELS - 1), ...(checked !== undefined ? { checked } : {}) });
}

/** No item deeper than one below the item before it (an empty parent item leaves a gap). */
function normaliseLevels(items: ListItemInput[]): ListItemInput[] {
  let previous = -1;
  return items.map((item) => {
    const level = Math.min(item.level ?? 0, previous + 1);
    previous = level;
    return { ...item, level };
  });
}

// ── Tables ─────────────────────────────────────────────────────────────────────────────────

interface Cell {
  text: string;
  align?: TableAlign;
  span: number;
}

interface TableState {
  inline: InlineState;
  rows: Cell[][];
  /** Caption and text outside any cell: said before the table so no words are lost. */
  stray: string[];
}

/** The first row is the header (a Markdown table always has one), whether or not it uses <th>. */
function tableBlocks(table: HTMLElement, found: Found, depth: number): FlowBlockInput[] {
  const state: TableState = { inline: { found, images: [], marks: new Set(), depth }, rows: [], stray: [] };
  collectRows(table.childNodes, state, true);
  const blocks: FlowBlockInput[] = [];
  const strayText = finishInline(state.stray.join(' '));
  if (strayText) blocks.push({ type: 'paragraph', text: strayText });
  const [header, ...rows] = state.rows.filter((row) => row.length > 0);
  if (header) {
    const align = columnAligns([header, ...rows], spanned(header).length);
    blocks.push({ type: 'table', header: spanned(header).map((cell) => cell.text), align, rows: rows.map((row) => spanned(row).map((cell) => cell.text)) });
  }
  return [...blocks, ...state.inline.images];
}

function collectRows(nodes: readonly Node[], state: TableState, inTable: boolean): void {
  for (const node of nodes) {
    const tag = isElement(node) ? tagOf(node) : '';
    if (tag === 'tr') state.rows.push(rowCells(node as HTMLElement, state));
    else if (inTable && (tag === 'thead' || tag === 'tbody' || tag === 'tfoot')) collectRows(node.childNodes, state, false);
    else if (!SILENT_TABLE_TAGS.has(tag)) state.stray.push(inlineNode(node, state.inline));
  }
}

function rowCells(tr: HTMLElement, state: TableState): Cell[] {
  const cells: Cell[] = [];
  for (const node of tr.childNodes) {
    const tag = isElement(node) ? tagOf(node) : '';
    if (tag !== 'td' && tag !== 'th') {
      state.stray.push(inlineNode(node, state.inline));
      continue;
    }
    const cell = node as HTMLElement;
    const text = finishInline(inlineChildren(cell.childNodes, { ...state.inline, marks: new Set(), depth: state.inline.depth + 1 }));
    const span = Math.min(Math.max(Number.parseInt(cell.getAttribute('colspan') ?? '', 10) || 1, 1), MAX_COLSPAN);
    cells.push({ text, align: alignOf(cell), span });
  }
  return cells;
}

/** A cell spanning n columns becomes the cell and n − 1 empty ones, so the columns line up. */
function spanned(row: readonly Cell[]): Cell[] {
  return row.flatMap((cell) => [cell, ...Array.from({ length: cell.span - 1 }, (): Cell => ({ text: '', span: 1 }))]);
}

/** Per column, the first alignment any of its cells states; none stated at all → `[]`. */
function columnAligns(rows: readonly Cell[][], columns: number): TableAlign[] {
  const aligns: Array<TableAlign | undefined> = Array.from({ length: columns }, () => undefined);
  for (const row of rows) {
    spanned(row).slice(0, columns).forEach((cell, column) => {
      aligns[column] ??= cell.align;
    });
  }
  return aligns.some((align) => align !== undefined) ? aligns.map((align) => align ?? 'left') : [];
}

function alignOf(cell: HTMLElement): TableAlign | undefined {
  const fromStyle = /(?:^|;)\s*text-align\s*:\s*([a-z-]+)/i.exec(cell.getAttribute('style') ?? '')?.[1];
  const word = (fromStyle ?? cell.getAttribute('align') ?? '').trim().toLowerCase();
  if (word === 'left' || word === 'start') return 'left';
  if (word === 'center' || word === 'middle') return 'center';
  if (word === 'right' || word === 'end') return 'right';
  return undefined;
}

// ── Inline ─────────────────────────────────────────────────────────────────────────────────

interface InlineState {
  found: Found;
  /** Pictures met inside inline content, placed by the caller after the block. */
  images: ImageBlockInput[];
  /** Markers (and `a`) already open around this point: nesting them again would break the Markdown. */
  marks: ReadonlySet<string>;
  depth: number;
}

function inlineChildren(nodes: readonly Node[], state: InlineState): string {
  let out = '';
  for (const node of nodes) {
    const part = inlineNode(node, state);
    // `!` right before `[text](url)` would make it an image.
    if (part.startsWith('[') && out.endsWith('!') && !out.endsWith('\\!')) out = `${out.slice(0, -1)}\\!`;
    out += part;
  }
  return out;
}

function inlineNode(node: Node, state: InlineState): string {
  if (isComment(node)) {
    state.found.comments.push(node.rawText);
    return '';
  }
  if (!isElement(node)) return escapeText(collapse(node.text));
  return inlineElement(node, state);
}

function inlineElement(element: HTMLElement, state: InlineState): string {
  const tag = tagOf(element);
  if (state.depth >= MAX_DEPTH) return escapeText(collapse(plainText(element, state.found, false)));
  const inner = (extra?: string): string =>
    inlineChildren(element.childNodes, { ...state, depth: state.depth + 1, marks: extra ? new Set([...state.marks, extra]) : state.marks });
  const marker = MARKERS.get(tag);
  if (marker !== undefined) return state.marks.has(marker) ? inner() : around(inner(marker), (core) => `${marker}${core}${marker}`);
  switch (tag) {
    case 'br':
    case 'hr':
      return ' ';
    case 'wbr':
      return '';
    case 'img': {
      const image = imageOf(element);
      if (image) state.images.push(image);
      return ' ';
    }
    case 'code':
    case 'pre':
      return around(collapse(plainText(element, state.found, false)), codeSpan);
    case 'a':
      return linkOf(element, state.marks.has('a') ? inner() : inner('a'), state);
  }
  reportUnknown(state.found, element);
  // Block elements inside inline content (a <p> in a heading, a <div> in a cell) still separate words.
  return BLOCK_TAGS.has(tag) || isComponent(element) ? ` ${inner()} ` : inner();
}

function linkOf(link: HTMLElement, text: string, state: InlineState): string {
  const href = (link.getAttribute('href') ?? '').trim();
  if (!href || state.marks.has('a')) return text;
  return around(text, (core) => `[${core}](${encodeTarget(href)})`);
}

/** A link target ends at the first `)` or space: percent-encode those (encodeURIComponent leaves parentheses as they are). */
function encodeTarget(href: string): string {
  return href.replace(/[\s()<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Wraps the text between its leading and trailing whitespace: `** bold **` would not be bold
 * in Markdown, ` **bold** ` is. Whitespace-only text stays as it is, unwrapped.
 */
function around(text: string, wrap: (core: string) => string): string {
  const core = text.trim();
  if (!core) return text;
  // trim() and \s agree on what whitespace is; slicing keeps this linear on long runs of &nbsp;.
  return `${text.slice(0, text.length - text.trimStart().length)}${wrap(core)}${text.slice(text.trimEnd().length)}`;
}

/** HTML's whitespace collapsing; a no-break space (`&nbsp;`) is not whitespace there and stays. */
function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ');
}

function finishInline(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}

/**
 * `escapeInlineText` escapes a backslash only when punctuation follows within the same text,
 * but a text node's last backslash may be followed by a marker from the next element: the
 * probe character makes it count as followed by punctuation.
 */
function escapeText(text: string): string {
  return escapeInlineText(`${text}!`).slice(0, -1);
}

/** Wraps code in enough backticks that backticks inside it do not end the span. A copy of inline-markdown.ts's private one. */
function codeSpan(content: string): string {
  // reduce, not Math.max(...runs): a spread of very many runs would overflow the argument limit.
  const longestRun = (content.match(/`+/g) ?? []).reduce((longest, run) => Math.max(longest, run.length), 0);
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || content.startsWith(' ') || content.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * The text of an element as written (entities decoded, nothing collapsed), without recursion.
 * In `pre` a `<br>` is a newline; elsewhere a space.
 */
function plainText(element: HTMLElement, found: Found, pre: boolean): string {
  let out = '';
  const stack: Node[] = [...element.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isComment(node)) found.comments.push(node.rawText);
    else if (!isElement(node)) out += node.text;
    else if (tagOf(node) === 'br') out += pre ? '\n' : ' ';
    else {
      reportUnknown(found, node);
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
    }
  }
  return out;
}
