import { z } from 'zod';
import { languageHint, supportedLanguage } from '../config/languages.js';

/**
 * The one slide model (deck.json version 2). deck.json, the importers (notes, Marp, Slidev), the
 * LLM stages, the layout engine and the HTTP API all use these definitions; `deckJsonSchema()`
 * exports them for LLM structured output and OpenAPI. Version 1 files (title, bullets, one image,
 * one code block per slide) still load: `migrateDeck` turns them into this model.
 *
 * A slide is a layout plus an ordered list of content blocks. Text fields hold *inline Markdown*,
 * the serialised form of styled runs, limited to: `**bold**`, `*italic*`, `` `code` ``,
 * `[text](url)` (a link), `==highlight==` and `$maths$` (kept as written for the STEM stage).
 * The layout engine turns those into runs; the prosody rules read `**bold**` as emphasis.
 */
export const DECK_VERSION = 2 as const;

/**
 * How a slide is arranged. `content` stacks its blocks under the title; `title` is a cover;
 * `section` a chapter divider (big title, blocks under it centred); `center` centres everything
 * (Marp's `lead`, Slidev's center/statement/fact/quote); `image` gives a picture the whole slide.
 */
export const SLIDE_LAYOUTS = ['title', 'section', 'content', 'center', 'image'] as const;
export type SlideLayoutKind = (typeof SLIDE_LAYOUTS)[number];

const inline = (what: string) => z.string().describe(`${what} (inline Markdown: **bold**, *italic*, \`code\`, [link](url), ==highlight==, $maths$).`);

export const ImageCreditSchema = z
  .object({
    title: z.string().optional(),
    author: z.string().optional(),
    license: z.string().optional(),
    licenseUrl: z.string().optional(),
    sourceUrl: z.string().optional(),
    provider: z.string().optional(),
  })
  .strict();

export const HeadingBlockSchema = z
  .object({
    type: z.literal('heading'),
    level: z.number().int().min(1).max(6).default(3).describe('1 = largest; the slide title is not a block.'),
    text: inline('Heading text').min(1),
  })
  .strict();

export const ParagraphBlockSchema = z.object({ type: z.literal('paragraph'), text: inline('Paragraph text').min(1) }).strict();

export const LIST_LEVELS = 3;

export const ListItemSchema = z
  .object({
    text: inline('Item text'),
    level: z.number().int().min(0).max(LIST_LEVELS - 1).default(0).describe('Nesting: 0 = top level, at most 2.'),
    checked: z.boolean().optional().describe('Task lists: true = [x], false = [ ]; absent for ordinary items.'),
  })
  .strict();

export const ListBlockSchema = z
  .object({
    type: z.literal('list'),
    ordered: z.boolean().default(false).describe('Numbered instead of dotted.'),
    start: z.number().int().min(0).default(1).describe('First number of an ordered list.'),
    items: z.array(ListItemSchema).min(1),
  })
  .strict();

export const CodeBlockSchema = z
  .object({
    type: z.literal('code'),
    lang: z.string().default(''),
    text: z.string(),
    emphasis: z.array(z.number().int().min(1)).optional().describe('Lines to emphasise, 1-based (Slidev/Marp `{2,4-5}` after the language).'),
  })
  .strict();

export const TABLE_ALIGNS = ['left', 'center', 'right'] as const;

export const TableBlockSchema = z
  .object({
    type: z.literal('table'),
    header: z.array(inline('Header cell')).min(1).describe('The header row; its length is the column count.'),
    align: z.array(z.enum(TABLE_ALIGNS)).default([]).describe('Per column; missing columns are left-aligned.'),
    rows: z.array(z.array(inline('Cell'))).default([]).describe('Body rows; short rows are padded, long ones keep their extra cells.'),
  })
  .strict();

export const IMAGE_POSITIONS = ['auto', 'inline', 'background', 'left', 'right'] as const;
export const IMAGE_FITS = ['contain', 'cover'] as const;

export const ImageBlockSchema = z
  .object({
    type: z.literal('image'),
    src: z.string().min(1).describe('Image path (relative to the deck file) or URL.'),
    alt: z.string().default(''),
    credit: ImageCreditSchema.optional(),
    position: z
      .enum(IMAGE_POSITIONS)
      .default('auto')
      .describe('auto: beside the text if there is any, else the whole area; inline: in the flow; background: under everything (text gets a scrim); left/right: a column of the slide.'),
    share: z.number().gt(0).lt(1).optional().describe('left/right: the share of the slide width the image column takes (default 0.45; background images: 1).'),
    fit: z.enum(IMAGE_FITS).optional().describe('contain: the whole picture visible (default in the flow and beside text); cover: fills its box, cropped (default for backgrounds).'),
    width: z.number().positive().optional().describe('Requested width in pixels of a 1280-wide slide (Marp `w:300`); the layout keeps the aspect ratio.'),
    height: z.number().positive().optional().describe('Requested height in pixels of a 720-high slide (Marp `h:200`).'),
  })
  .strict();

export const QuoteBlockSchema = z
  .object({
    type: z.literal('quote'),
    text: inline('Quoted text; paragraphs separated by a blank line').min(1),
    cite: z.string().optional(),
  })
  .strict();

const FLOW_BLOCKS = [HeadingBlockSchema, ParagraphBlockSchema, ListBlockSchema, CodeBlockSchema, TableBlockSchema, ImageBlockSchema, QuoteBlockSchema] as const;

/** Blocks that may appear inside a column (everything but columns: one level of columns). */
export const FlowBlockSchema = z.discriminatedUnion('type', [...FLOW_BLOCKS]);

export const ColumnsBlockSchema = z
  .object({
    type: z.literal('columns'),
    columns: z.array(z.array(FlowBlockSchema)).min(2).max(4).describe('Each column is a list of blocks, laid out side by side.'),
    widths: z.array(z.number().positive()).optional().describe('Relative widths, one per column (default equal).'),
  })
  .strict();

export const BlockSchema = z.discriminatedUnion('type', [...FLOW_BLOCKS, ColumnsBlockSchema]);

export const SourceRefSchema = z
  .object({
    file: z.string(),
    page: z.number().int().optional(),
    heading: z.string().optional(),
    chunkId: z.string().optional(),
  })
  .strict();

const COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export const SLIDE_CLASSES = ['lead', 'invert'] as const;

export const SlideStyleSchema = z
  .object({
    class: z.array(z.enum(SLIDE_CLASSES)).default([]).describe('lead: content centred; invert: the theme\'s colours swapped (dark on light ↔ light on dark).'),
    background: z.string().regex(COLOUR, 'a colour such as #1E293B').optional().describe('Background colour (#RGB or #RRGGBB).'),
    color: z.string().regex(COLOUR, 'a colour such as #F8FAFC').optional().describe('Text colour.'),
    header: z.string().optional().describe('A line at the top of the slide (inline Markdown).'),
    footer: z.string().optional().describe('A line at the bottom of the slide, replacing the deck title there.'),
    paginate: z.boolean().optional().describe('Show the page number (default true, except on the title slide).'),
  })
  .strict();

/** Reserved for progressive reveal: which block (and list item) appears at each step. */
export const StepSchema = z
  .object({
    block: z.number().int().min(0).describe('Index in `blocks`.'),
    item: z.number().int().min(0).optional().describe('For lists: the item index; absent = the whole block.'),
    at: z.number().min(0).optional().describe('Seconds into the slide\'s narration (set by timing; an override when written by hand).'),
  })
  .strict();

export const SlideSchema = z
  .object({
    layout: z.enum(SLIDE_LAYOUTS).optional().describe('Omit to choose from the content.'),
    title: inline('Slide title').default(''),
    subtitle: z.string().optional(),
    blocks: z.array(BlockSchema).default([]).describe('The slide\'s content, in reading order.'),
    style: SlideStyleSchema.optional(),
    steps: z.array(StepSchema).optional().describe('Reveal steps, in order (Slidev v-click, [click] marks).'),
    imageQueries: z.array(z.string()).optional().describe('Search terms for an illustration.'),
    narration: z.string().default('').describe('What the narrator says on this slide.'),
    notes: z.string().optional().describe('Extra speaker notes (not spoken).'),
    sources: z.array(SourceRefSchema).optional(),
  })
  .strict();

export const THEMES = ['light', 'dark'] as const;
export type ThemeName = (typeof THEMES)[number];

export const DeckSchema = z
  .object({
    version: z.literal(DECK_VERSION),
    title: z.string().default(''),
    subtitle: z.string().optional(),
    author: z.string().optional(),
    lang: z
      .string()
      .default('en')
      .refine((tag) => supportedLanguage(tag) !== undefined, { message: `not a language LECTRA knows. ${languageHint()}` })
      .describe('BCP-47 language tag of the content and narration.'),
    theme: z.enum(THEMES).default('light'),
    voice: z.string().optional(),
    rate: z.number().positive().optional().describe('Speech rate multiplier (1 = normal).'),
    quizEvery: z.number().int().positive().optional().describe('A multiple-choice checkpoint after every N slides (study mode).'),
    images: z.string().optional().describe('Image provider that illustrates slides without a picture (generated, auto, openverse…).'),
    slides: z.array(SlideSchema).min(1),
  })
  .strict();

export type HeadingBlock = z.infer<typeof HeadingBlockSchema>;
export type ParagraphBlock = z.infer<typeof ParagraphBlockSchema>;
export type ListItem = z.infer<typeof ListItemSchema>;
export type ListBlock = z.infer<typeof ListBlockSchema>;
export type CodeBlock = z.infer<typeof CodeBlockSchema>;
export type TableBlock = z.infer<typeof TableBlockSchema>;
export type ImageBlock = z.infer<typeof ImageBlockSchema>;
export type QuoteBlock = z.infer<typeof QuoteBlockSchema>;
export type ColumnsBlock = z.infer<typeof ColumnsBlockSchema>;
export type FlowBlock = z.infer<typeof FlowBlockSchema>;
export type Block = z.infer<typeof BlockSchema>;
export type ImageCredit = z.infer<typeof ImageCreditSchema>;
export type SlideStyle = z.infer<typeof SlideStyleSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Slide = z.infer<typeof SlideSchema>;
export type Deck = z.infer<typeof DeckSchema>;
/** What a caller may pass in: defaults not yet applied. */
export type DeckInput = z.input<typeof DeckSchema>;
export type SlideInput = z.input<typeof SlideSchema>;
export type BlockInput = z.input<typeof BlockSchema>;
export type FlowBlockInput = z.input<typeof FlowBlockSchema>;

/** JSON Schema (draft 2020-12) of a deck, for LLM structured output and OpenAPI. */
export function deckJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(DeckSchema, { io: 'input' }) as Record<string, unknown>;
}
