import type { Block, BlockInput, FlowBlock, ImageBlock, ListItem, Slide, SlideLayoutKind } from './schema.js';

/**
 * Reading a v2 slide's blocks the ways the stages need: its pictures (resolved, downloaded,
 * copied), its list items (composed narration), its visible text (quizzes, search keywords),
 * and the layout it gets when it names none. Blocks inside columns count everywhere.
 */

/** Every block in reading order, the blocks of columns flattened in column order. */
export function flowBlocks(blocks: readonly Block[]): FlowBlock[] {
  return blocks.flatMap((block) => (block.type === 'columns' ? block.columns.flat() : [block]));
}

export function slideImages(slide: Pick<Slide, 'blocks'>): ImageBlock[] {
  return flowBlocks(slide.blocks).filter((block): block is ImageBlock => block.type === 'image');
}

/** The slide's picture for stages that think in one (search credits, contact sheets). */
export function firstImage(slide: Pick<Slide, 'blocks'>): ImageBlock | undefined {
  return slideImages(slide)[0];
}

/**
 * The slide with each image block replaced by what `change` returns for it (`undefined` drops
 * the block). Runs the changes concurrently and keeps block order.
 */
export async function mapSlideImages<S extends Pick<Slide, 'blocks'>>(
  slide: S,
  change: (image: ImageBlock, index: number) => Promise<ImageBlock | undefined> | ImageBlock | undefined,
): Promise<S> {
  const images = slideImages(slide);
  if (images.length === 0) return slide;
  const changed = new Map<ImageBlock, ImageBlock | undefined>();
  await Promise.all(images.map(async (image, i) => changed.set(image, await change(image, i))));
  const swap = <B extends Block | FlowBlock>(block: B): B[] => {
    if (block.type !== 'image') return [block];
    const next = changed.get(block);
    return next ? [next as B] : [];
  };
  const blocks = slide.blocks.flatMap((block): Block[] => {
    if (block.type !== 'columns') return swap(block);
    return [{ ...block, columns: block.columns.map((column) => column.flatMap(swap)) }];
  });
  return { ...slide, blocks };
}

/** Every list item on the slide with its list's numbering, in reading order. */
export function slideListItems(slide: Pick<Slide, 'blocks'>): Array<ListItem & { ordered: boolean }> {
  return flowBlocks(slide.blocks).flatMap((block) => (block.type === 'list' ? block.items.map((item) => ({ ...item, ordered: block.ordered })) : []));
}

/** The visible text of each block, one entry per paragraph, item, heading, cell row or alt text. */
export function blockTexts(block: Block | FlowBlock): string[] {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
    case 'quote':
      return [block.text];
    case 'list':
      return block.items.map((item) => item.text);
    case 'code':
      return [block.text];
    case 'table':
      return [block.header.join(' '), ...block.rows.map((row) => row.join(' '))];
    case 'image':
      return block.alt ? [block.alt] : [];
    case 'columns':
      return block.columns.flat().flatMap(blockTexts);
  }
}

/** Title, subtitle and every block's text (inline Markdown), in reading order. */
export function slideTexts(slide: Pick<Slide, 'title' | 'subtitle' | 'blocks'>): string[] {
  return [slide.title, slide.subtitle ?? '', ...slide.blocks.flatMap(blockTexts)].filter((text) => text.trim() !== '');
}

/** The layout a slide gets when it does not name one. */
export function inferLayout(slide: Pick<Slide, 'layout' | 'blocks' | 'title'>, index: number): SlideLayoutKind {
  if (slide.layout) return slide.layout;
  const blocks = slide.blocks;
  if (blocks.length === 0) return 'title';
  if (!slide.title && blocks.every((block) => block.type === 'image' && block.position !== 'background')) return 'image';
  void index;
  return 'content';
}

/**
 * Blocks for stages that think in bullets (LLM answers, document decks, quizzes): a list, then
 * code, then a picture beside them — what a v1 slide held, in the v2 model.
 */
export function blocksFromParts(parts: {
  bullets?: ReadonlyArray<{ text: string; children?: readonly string[] }>;
  ordered?: boolean;
  code?: { lang?: string; text: string };
  image?: { src: string; alt?: string; credit?: ImageBlock['credit'] };
}): BlockInput[] {
  const blocks: BlockInput[] = [];
  const items = (parts.bullets ?? [])
    .filter((bullet) => bullet.text.trim() !== '')
    .flatMap((bullet) => [{ text: bullet.text, level: 0 }, ...(bullet.children ?? []).filter((c) => c.trim() !== '').map((text) => ({ text, level: 1 }))]);
  if (items.length > 0) blocks.push({ type: 'list', ordered: parts.ordered ?? false, items });
  if (parts.code) blocks.push({ type: 'code', lang: parts.code.lang ?? '', text: parts.code.text });
  if (parts.image) blocks.push({ type: 'image', src: parts.image.src, alt: parts.image.alt ?? '', ...(parts.image.credit ? { credit: parts.image.credit } : {}) });
  return blocks;
}

/** Each picture's field path (`slides[2].blocks[1].src`), in slideImages order, for messages. */
export function imageFields(slide: Pick<Slide, 'blocks'>, slideIndex: number): string[] {
  return slide.blocks.flatMap((block, b) => {
    if (block.type === 'image') return [`slides[${slideIndex}].blocks[${b}].src`];
    if (block.type !== 'columns') return [];
    return block.columns.flatMap((column, c) => column.flatMap((inner, k) => (inner.type === 'image' ? [`slides[${slideIndex}].blocks[${b}].columns[${c}][${k}].src`] : [])));
  });
}
