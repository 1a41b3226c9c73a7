import { z } from 'zod';
import { languageName } from './language-name.js';

/** Part of every cache key of an outline: bump it when the prompt or schema changes. */
export const PROMPT_VERSION = 'outline-v1';

export const OutlineSlideSchema = z.object({
  title: z.string().min(1).describe('Slide title, at most 8 words.'),
  keyPoints: z.array(z.string().min(1)).min(1).max(6).describe('What the slide must cover.'),
  imageQueries: z.array(z.string().min(1)).max(3).default([]).describe('Image search queries, in English.'),
});

/** The outline answer, with exactly `slides` content slides. */
export function outlineAnswerSchema(slides: number) {
  return z.object({
    title: z.string().min(1),
    subtitle: z.string().default(''),
    intro: z.string().default('').describe('What the narrator says on the title slide (2-3 sentences).'),
    slides: z.array(OutlineSlideSchema).length(slides),
  });
}

/** Any outline, whatever its slide count (for reading one back). */
export const OutlineAnswerSchema = outlineAnswerSchema(1).extend({ slides: z.array(OutlineSlideSchema).min(1) });
export type Outline = z.output<typeof OutlineAnswerSchema>;
export type OutlineSlide = z.output<typeof OutlineSlideSchema>;

export interface OutlinePromptOptions {
  topic: string;
  /** Number of content slides (the title slide is extra). */
  slides: number;
  audience?: string;
  /** BCP-47 language of the lecture. */
  lang?: string;
  minutes?: number;
}

/**
 * The outline request. The `Name: value` lines are also machine-readable, so test servers and
 * logs can tell what was asked.
 */
export function buildOutlinePrompt(options: OutlinePromptOptions): { system: string; prompt: string } {
  const lang = languageName(options.lang ?? 'en');
  const system = [
    'You are an experienced lecturer who plans clear, well-paced slide lectures.',
    'You answer with one JSON object only.',
  ].join(' ');
  const prompt = [
    'Plan a narrated slide lecture.',
    '',
    `Topic: ${options.topic}`,
    `Audience: ${options.audience ?? 'a general audience'}`,
    `Language: ${lang}`,
    ...(options.minutes ? [`Lecture length: ${options.minutes} minutes`] : []),
    `Number of slides: ${options.slides}`,
    '',
    'Return a JSON object with:',
    '- "title": the lecture title; "subtitle": one short line under it;',
    '- "intro": 2-3 spoken sentences for the title slide that welcome the audience and say what the lecture covers;',
    `- "slides": exactly ${options.slides} content slides in teaching order (no title slide, no "questions" slide),`,
    '  each with "title" (at most 8 words), "keyPoints" (2-4 short points the slide must cover)',
    '  and "imageQueries" (1-2 concrete image search queries in English, e.g. "stethoscope on laptop").',
    `Write the title, subtitle, intro, slide titles and key points in ${lang}.`,
  ].join('\n');
  return { system, prompt };
}
