import { z } from 'zod';
import { languageHint, supportedLanguage } from '../config/languages.js';

/**
 * The one slide model. deck.json, the notes parser, the LLM stages, the layout engine and the
 * HTTP API all use these definitions; `deckJsonSchema()` exports them for LLM structured output
 * and OpenAPI.
 *
 * Text fields hold inline Markdown limited to `**bold**`, `*italic*` and `` `code` ``; the layout
 * engine turns those into styled runs and the prosody rules read `**bold**` as emphasis.
 */
export const DECK_VERSION = 1 as const;

export const SLIDE_LAYOUTS = ['title', 'bullets', 'bullets-image', 'code', 'image'] as const;
export type SlideLayoutKind = (typeof SLIDE_LAYOUTS)[number];

export const BulletSchema = z
  .object({
    text: z.string().min(1).describe('Bullet text (inline Markdown: **bold**, *italic*, `code`).'),
    children: z.array(z.string().min(1)).default([]).describe('Sub-bullets (one nesting level).'),
  })
  .strict();

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

export const SlideImageSchema = z
  .object({
    src: z.string().min(1).describe('Image path (relative to the deck file) or URL.'),
    alt: z.string().default(''),
    credit: ImageCreditSchema.optional(),
  })
  .strict();

export const CodeBlockSchema = z
  .object({
    lang: z.string().default(''),
    text: z.string(),
  })
  .strict();

export const SourceRefSchema = z
  .object({
    file: z.string(),
    page: z.number().int().optional(),
    heading: z.string().optional(),
    chunkId: z.string().optional(),
  })
  .strict();

export const SlideSchema = z
  .object({
    layout: z.enum(SLIDE_LAYOUTS).optional().describe('Omit to choose from the content.'),
    title: z.string().default(''),
    subtitle: z.string().optional(),
    bullets: z.array(BulletSchema).default([]),
    ordered: z.boolean().default(false).describe('Number the bullets instead of dotting them.'),
    image: SlideImageSchema.optional(),
    imageQueries: z.array(z.string()).optional().describe('Search terms for an illustration.'),
    code: CodeBlockSchema.optional(),
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
    images: z.string().optional().describe('Image provider that illustrates bullet slides without a picture (generated, auto, openverse…).'),
    slides: z.array(SlideSchema).min(1),
  })
  .strict();

export type Bullet = z.infer<typeof BulletSchema>;
export type SlideImage = z.infer<typeof SlideImageSchema>;
export type ImageCredit = z.infer<typeof ImageCreditSchema>;
export type CodeBlock = z.infer<typeof CodeBlockSchema>;
export type Slide = z.infer<typeof SlideSchema>;
export type Deck = z.infer<typeof DeckSchema>;
/** What a caller may pass in: defaults not yet applied. */
export type DeckInput = z.input<typeof DeckSchema>;
export type SlideInput = z.input<typeof SlideSchema>;

/** JSON Schema (draft 2020-12) of a deck, for LLM structured output and OpenAPI. */
export function deckJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(DeckSchema, { io: 'input' }) as Record<string, unknown>;
}

/** The layout a slide gets when it does not name one. */
export function inferLayout(slide: Pick<Slide, 'layout' | 'bullets' | 'image' | 'code' | 'title'>, index: number): SlideLayoutKind {
  if (slide.layout) return slide.layout;
  if (slide.code) return 'code';
  if (slide.image && slide.bullets.length > 0) return 'bullets-image';
  if (slide.image) return 'image';
  if (index === 0 && slide.bullets.length === 0) return 'title';
  if (slide.bullets.length === 0 && !slide.image) return 'title';
  return 'bullets';
}
