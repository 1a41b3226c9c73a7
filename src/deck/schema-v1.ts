import { z } from 'zod';
import { ImageCreditSchema, SourceRefSchema, THEMES } from './schema.js';

/**
 * deck.json version 1, as LECTRA wrote it before the block model: a slide had a title, bullets
 * (one nesting level), at most one image and one code block. Only `migrateDeck` reads it, so old
 * files keep loading; nothing writes it any more.
 */
export const V1_LAYOUTS = ['title', 'bullets', 'bullets-image', 'code', 'image'] as const;

export const V1BulletSchema = z
  .object({
    text: z.string().min(1).describe('Bullet text (inline Markdown: **bold**, *italic*, `code`).'),
    children: z.array(z.string().min(1)).default([]).describe('Sub-bullets (one nesting level).'),
  })
  .strict();

export const V1SlideImageSchema = z
  .object({
    src: z.string().min(1).describe('Image path (relative to the deck file) or URL.'),
    alt: z.string().default(''),
    credit: ImageCreditSchema.optional(),
  })
  .strict();

export const V1CodeBlockSchema = z
  .object({
    lang: z.string().default(''),
    text: z.string(),
  })
  .strict();

export const V1SlideSchema = z
  .object({
    layout: z.enum(V1_LAYOUTS).optional().describe('Omit to choose from the content.'),
    title: z.string().default(''),
    subtitle: z.string().optional(),
    bullets: z.array(V1BulletSchema).default([]),
    ordered: z.boolean().default(false).describe('Number the bullets instead of dotting them.'),
    image: V1SlideImageSchema.optional(),
    imageQueries: z.array(z.string()).optional().describe('Search terms for an illustration.'),
    code: V1CodeBlockSchema.optional(),
    narration: z.string().default('').describe('What the narrator says on this slide.'),
    notes: z.string().optional().describe('Extra speaker notes (not spoken).'),
    sources: z.array(SourceRefSchema).optional(),
  })
  .strict();

export const V1DeckSchema = z
  .object({
    version: z.literal(1),
    title: z.string().default(''),
    subtitle: z.string().optional(),
    author: z.string().optional(),
    lang: z.string().default('en'),
    theme: z.enum(THEMES).default('light'),
    voice: z.string().optional(),
    rate: z.number().positive().optional().describe('Speech rate multiplier (1 = normal).'),
    quizEvery: z.number().int().positive().optional().describe('A multiple-choice checkpoint after every N slides (study mode).'),
    images: z.string().optional().describe('Image provider that illustrates bullet slides without a picture (generated, auto, openverse…).'),
    slides: z.array(V1SlideSchema).min(1),
  })
  .strict();

export type V1Deck = z.infer<typeof V1DeckSchema>;
export type V1Slide = z.infer<typeof V1SlideSchema>;
export type V1SlideInput = z.input<typeof V1SlideSchema>;
