import type { Block, FlowBlock, ListBlock, ListItem, Slide } from '../../src/deck/schema.js';

/**
 * A list block's items as the slide editor's plain text, and back: one item per line, two
 * leading spaces per nesting level, a task item as `[x] ` / `[ ] ` before its text (as in the
 * notes), the text itself — inline Markdown — exactly as written.
 */

const INDENT = '  ';
const MAX_LEVEL = 2;
const TASK = /^\[([ xX])\]\s+/;

export function listToText(items: readonly ListItem[]): string {
  return items
    .map((item) => {
      const level = Math.min(Math.max(item.level ?? 0, 0), MAX_LEVEL);
      const task = item.checked === undefined ? '' : item.checked ? '[x] ' : '[ ] ';
      // One item is one line: a line break inside an item's text is shown as a space.
      return `${INDENT.repeat(level)}${task}${item.text.replace(/\s*\n\s*/g, ' ')}`;
    })
    .join('\n');
}

/**
 * The items the text describes. Blank lines are skipped; a tab counts as two spaces; an item is
 * at most one level deeper than the one before it (and the first is at the top level), as the
 * notes parser nests Markdown lists.
 */
export function textToList(text: string): ListItem[] {
  let previous = -1;
  const items: ListItem[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\t/g, INDENT).trimEnd();
    const body = line.trimStart();
    if (body === '') continue;
    const indent = line.length - body.length;
    const level = Math.min(Math.floor(indent / INDENT.length), MAX_LEVEL, previous + 1);
    previous = level;
    const task = TASK.exec(body);
    items.push(task ? { text: body.slice(task[0].length), level, checked: task[1] !== ' ' } : { text: body, level });
  }
  return items;
}

/** Where a slide's first list is, in reading order: a block, or a block inside a column. */
export type ListPlace = { block: number } | { block: number; column: number; index: number };

export function firstListPlace(blocks: readonly Block[]): ListPlace | undefined {
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    if (block.type === 'list') return { block: b };
    if (block.type !== 'columns') continue;
    for (let c = 0; c < block.columns.length; c++) {
      const index = block.columns[c]!.findIndex((inner) => inner.type === 'list');
      if (index >= 0) return { block: b, column: c, index };
    }
  }
  return undefined;
}

export function listAt(blocks: readonly Block[], place: ListPlace | undefined): ListBlock | undefined {
  if (!place) return undefined;
  const block = blocks[place.block];
  const found: Block | FlowBlock | undefined = 'column' in place ? (block?.type === 'columns' ? block.columns[place.column]?.[place.index] : undefined) : block;
  return found?.type === 'list' ? found : undefined;
}

/** The slide's first list as editor text ('' when it has none). */
export function slideListText(slide: Pick<Slide, 'blocks'>): string {
  const blocks = slide.blocks ?? [];
  return listToText(listAt(blocks, firstListPlace(blocks))?.items ?? []);
}

/**
 * The slide's blocks with its first list's items replaced by those `text` describes; the list
 * keeps `ordered`, `start` and its place, every other block is left as it was. No list yet: one
 * is added after the other blocks. No items left: the list is removed (a list needs an item).
 */
export function withListText(blocks: readonly Block[], text: string): Block[] {
  const items = textToList(text);
  const place = firstListPlace(blocks);
  const list = listAt(blocks, place);
  if (!place || !list) return items.length > 0 ? [...blocks, { type: 'list', ordered: false, start: 1, items }] : [...blocks];
  const replace = (old: ListBlock): ListBlock[] => (items.length > 0 ? [{ ...old, items }] : []);
  if (!('column' in place)) return blocks.flatMap((block, b) => (b === place.block ? replace(list) : [block]));
  return blocks.map((block, b) => {
    if (b !== place.block || block.type !== 'columns') return block;
    const columns = block.columns.map((column, c) => (c === place.column ? column.flatMap((inner, k) => (k === place.index ? replace(list) : [inner])) : column));
    return { ...block, columns };
  });
}
