import { z } from 'zod';
import {
  CodeBlockSchema,
  ColumnsBlockSchema,
  DeckSchema,
  HeadingBlockSchema,
  ImageBlockSchema,
  ImageCreditSchema,
  ListBlockSchema,
  ListItemSchema,
  ParagraphBlockSchema,
  QuoteBlockSchema,
  SlideSchema,
  SlideStyleSchema,
  SourceRefSchema,
  TableBlockSchema,
  type Slide,
} from '../deck/schema.js';
import { slideImages } from '../deck/slide-content.js';
import { migrateDeck } from '../deck/migrate-deck.js';
import { V1DeckSchema } from '../deck/schema-v1.js';

/**
 * How big one request's lecture may be. A deck is tiny to send and costly to render (60,000
 * one-word slides in 1.2 MB once ran the server out of file descriptors), so every list and text
 * a request can grow is bounded here — decks (POST /jobs, PUT /jobs/:id/deck) and notes after
 * parsing. The numbers sit far above what a slide can show or a narrator can say on one slide.
 */
export const API_LIMITS = {
  slides: 500,
  /** Content blocks on one slide, and inside one column. */
  blocksPerSlide: 60,
  /** Items of one list (a long list is continued on more slides). */
  listItems: 200,
  tableRows: 200,
  tableColumns: 20,
  /** Pictures per request (each is fetched or decoded and checked at submission). */
  images: 100,
  titleChars: 300,
  bulletChars: 1_000,
  narrationChars: 10_000,
  speakerNotesChars: 20_000,
  codeChars: 20_000,
  /** Short labels: alt text, credit fields, image queries, a source's heading. */
  labelChars: 1_000,
  /** An image URL, or a data: URI (base64 of an image within the request body limit). */
  imageSrcChars: 8 * 1024 * 1024,
  imageQueries: 10,
  sourcesPerSlide: 50,
  /** Markdown notes as submitted (POST /jobs {notes}). */
  notesChars: 1_000_000,
} as const;

/** A string of at most `max` characters, whose error says the limit and the length sent. */
export function limitedText(max: number): z.ZodString {
  return z.string().max(max, { error: (issue) => `at most ${max} characters (got ${(issue.input as string).length})` });
}

function limitedList<T extends z.ZodType>(item: T, max: number, noun: string) {
  return z.array(item).max(max, { error: (issue) => `at most ${max} ${noun} (got ${(issue.input as unknown[]).length})` });
}

const L = API_LIMITS;
const label = () => limitedText(L.labelChars);

const cellText = () => limitedText(L.bulletChars);

const ApiImageBlockSchema = ImageBlockSchema.extend({
  src: limitedText(L.imageSrcChars).min(1).describe("An http(s) URL (fetched and checked at submission), a data: URI (PNG, JPEG, WebP, GIF or SVG), or a path of an image already in the job's folder (images/…). Stored in the job's folder either way."),
  alt: label().default(''),
  credit: ImageCreditSchema.extend({
    title: label().optional(),
    author: label().optional(),
    license: label().optional(),
    licenseUrl: label().optional(),
    sourceUrl: label().optional(),
    provider: label().optional(),
  }).optional(),
});

const ApiFlowBlocks = [
  HeadingBlockSchema.extend({ text: limitedText(L.titleChars).min(1) }),
  ParagraphBlockSchema.extend({ text: limitedText(L.narrationChars).min(1) }),
  ListBlockSchema.extend({ items: limitedList(ListItemSchema.extend({ text: limitedText(L.bulletChars) }), L.listItems, 'list items').min(1) }),
  CodeBlockSchema.extend({ lang: limitedText(40).default(''), text: limitedText(L.codeChars).describe(`At most ${L.codeChars} characters.`) }),
  TableBlockSchema.extend({
    header: limitedList(cellText(), L.tableColumns, 'columns').min(1),
    rows: limitedList(limitedList(cellText(), L.tableColumns, 'cells'), L.tableRows, 'table rows').default([]),
  }),
  ApiImageBlockSchema,
  QuoteBlockSchema.extend({ text: limitedText(L.narrationChars).min(1), cite: label().optional() }),
] as const;

const ApiFlowBlockSchema = z.discriminatedUnion('type', [...ApiFlowBlocks]);

const ApiBlockSchema = z.discriminatedUnion('type', [
  ...ApiFlowBlocks,
  ColumnsBlockSchema.extend({ columns: z.array(limitedList(ApiFlowBlockSchema, L.blocksPerSlide, 'blocks')).min(2).max(4) }),
]);

const ApiSlideSchema = SlideSchema.extend({
  title: limitedText(L.titleChars).default('').describe(`At most ${L.titleChars} characters.`),
  subtitle: limitedText(L.titleChars).optional(),
  blocks: limitedList(ApiBlockSchema, L.blocksPerSlide, 'blocks').default([]).describe(`The slide's content, in reading order (at most ${L.blocksPerSlide} blocks).`),
  style: SlideStyleSchema.extend({ header: label().optional(), footer: label().optional() }).optional(),
  imageQueries: limitedList(label(), L.imageQueries, 'image queries').optional().describe('Search terms for an illustration.'),
  narration: limitedText(L.narrationChars).default('').describe(`What the narrator says on this slide (at most ${L.narrationChars} characters).`),
  notes: limitedText(L.speakerNotesChars).optional().describe(`Extra speaker notes (not spoken; at most ${L.speakerNotesChars} characters).`),
  sources: limitedList(SourceRefSchema.extend({ file: label(), heading: label().optional(), chunkId: label().optional() }), L.sourcesPerSlide, 'sources').optional(),
});

/**
 * The Deck schema with the request limits: what the API validates submitted decks and parsed
 * notes with, and what /openapi.json documents (maxItems, maxLength). A 60,000-slide deck fails
 * on the slide count before any slide is looked at.
 */
export const ApiDeckSchema = DeckSchema.extend({
  title: limitedText(L.titleChars).default(''),
  subtitle: limitedText(L.titleChars).optional(),
  author: label().optional(),
  slides: limitedList(ApiSlideSchema, L.slides, 'slides')
    .min(1)
    .describe(`At most ${L.slides} slides and ${L.images} pictures.`)
    .superRefine((slides, ctx) => {
      const total = slides.reduce((n, slide) => n + slideImages(slide as Slide).length, 0);
      if (total <= L.images) return;
      let seen = 0;
      for (const [i, slide] of slides.entries()) {
        seen += slideImages(slide as Slide).length;
        if (seen > L.images) {
          ctx.addIssue({ code: 'custom', path: [i, 'blocks'], message: `at most ${L.images} pictures per deck (this deck has ${total})` });
          return;
        }
      }
    }),
});

/**
 * What PUT /jobs/:id/deck validates: a version 2 deck with the limits above, or a version 1
 * deck (LECTRA's earlier deck.json), migrated first and then held to the same limits — so an
 * old deck's problems are still named by field. OpenAPI documents ApiDeckSchema.
 */
export const ApiDeckBodySchema = z.preprocess((input, ctx) => {
  if (typeof input !== 'object' || input === null || (input as { version?: unknown }).version !== 1) return input;
  const v1 = V1DeckSchema.extend({ slides: z.array(z.unknown()).min(1).max(L.slides, { error: (issue) => `at most ${L.slides} slides (got ${(issue.input as unknown[]).length})` }) }).safeParse(input);
  if (!v1.success) {
    for (const issue of v1.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return input;
  }
  const full = V1DeckSchema.safeParse(input);
  if (!full.success) {
    for (const issue of full.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return input;
  }
  return migrateDeck(full.data);
}, ApiDeckSchema);
