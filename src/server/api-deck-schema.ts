import { z } from 'zod';
import { BulletSchema, CodeBlockSchema, DeckSchema, ImageCreditSchema, SlideImageSchema, SlideSchema, SourceRefSchema } from '../deck/schema.js';

/**
 * How big one request's lecture may be. A deck is tiny to send and costly to render (60,000
 * one-word slides in 1.2 MB once ran the server out of file descriptors), so every list and text
 * a request can grow is bounded here — decks (POST /jobs, PUT /jobs/:id/deck) and notes after
 * parsing. The numbers sit far above what a slide can show or a narrator can say on one slide.
 */
export const API_LIMITS = {
  slides: 500,
  bulletsPerSlide: 30,
  subBulletsPerBullet: 10,
  /** Slides with an image, per request (each is fetched or decoded and checked at submission). */
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

const ApiBulletSchema = BulletSchema.extend({
  text: limitedText(L.bulletChars).min(1).describe(`Bullet text (inline Markdown: **bold**, *italic*, \`code\`; at most ${L.bulletChars} characters).`),
  children: limitedList(limitedText(L.bulletChars).min(1), L.subBulletsPerBullet, 'sub-bullets').default([]).describe(`Sub-bullets (one nesting level; at most ${L.subBulletsPerBullet}).`),
});

const ApiSlideImageSchema = SlideImageSchema.extend({
  src: limitedText(L.imageSrcChars).min(1).describe('An http(s) URL (fetched and checked at submission), a data: URI (PNG, JPEG, WebP, GIF or SVG), or a path of an image already in the job\'s folder (images/…). Stored in the job\'s folder either way.'),
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

const ApiSlideSchema = SlideSchema.extend({
  title: limitedText(L.titleChars).default('').describe(`At most ${L.titleChars} characters.`),
  subtitle: limitedText(L.titleChars).optional(),
  bullets: limitedList(ApiBulletSchema, L.bulletsPerSlide, 'bullets').default([]).describe(`At most ${L.bulletsPerSlide} bullets.`),
  image: ApiSlideImageSchema.optional(),
  imageQueries: limitedList(label(), L.imageQueries, 'image queries').optional().describe('Search terms for an illustration.'),
  code: CodeBlockSchema.extend({ lang: limitedText(40).default(''), text: limitedText(L.codeChars).describe(`At most ${L.codeChars} characters.`) }).optional(),
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
    .describe(`At most ${L.slides} slides, ${L.images} of them with an image.`)
    .superRefine((slides, ctx) => {
      let images = 0;
      for (const [i, slide] of slides.entries()) {
        if (slide.image && ++images > L.images) {
          ctx.addIssue({ code: 'custom', path: [i, 'image'], message: `at most ${L.images} slides with an image per deck (this is image ${images} of ${slides.filter((s) => s.image).length})` });
          return;
        }
      }
    }),
});
