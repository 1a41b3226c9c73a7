import { z } from 'zod';
import { languageName } from './language-name.js';
import { formatPassages, type Passage } from './grounded-passages.js';
import { OutlineSlideSchema } from './outline.js';

/** Part of every cache key of a grounded outline: bump it when the prompt or schema changes. */
export const PROMPT_VERSION = 'grounded-outline-v1';

export const GroundedOutlineSlideSchema = OutlineSlideSchema.extend({
  sources: z.array(z.string().min(1)).max(6).default([]).describe('Ids of the passages this slide is drawn from.'),
});

/** The grounded outline answer, with exactly `slides` content slides. */
export function groundedOutlineAnswerSchema(slides: number) {
  return z.object({
    title: z.string().min(1),
    subtitle: z.string().default(''),
    intro: z.string().default('').describe('What the narrator says on the title slide (2-3 sentences).'),
    slides: z.array(GroundedOutlineSlideSchema).length(slides),
  });
}

export const GroundedOutlineAnswerSchema = groundedOutlineAnswerSchema(1).extend({ slides: z.array(GroundedOutlineSlideSchema).min(1) });
export type GroundedOutline = z.output<typeof GroundedOutlineAnswerSchema>;
export type GroundedOutlineSlide = z.output<typeof GroundedOutlineSlideSchema>;

export interface GroundedOutlinePromptOptions {
  /** What the lecture should be about; without one, the documents' main subject. */
  topic?: string;
  /** What the documents are called (titles), to name the lecture when there is no topic. */
  documentTitles?: string[];
  passages: Passage[];
  slides: number;
  lang?: string;
  audience?: string;
  minutes?: number;
  /** Passage text shown at most (default 12,000 characters). */
  maxPassageChars?: number;
}

/**
 * The outline of a lecture drawn from the user's documents: every slide must be supported by
 * the passages and name the ones it uses. Same `Name: value` lines as the topic outline, so
 * logs and test servers read both alike.
 */
export function buildGroundedOutlinePrompt(options: GroundedOutlinePromptOptions): { system: string; prompt: string } {
  const lang = languageName(options.lang ?? 'en');
  const topic = options.topic?.trim() || (options.documentTitles ?? []).join('; ') || 'the main subject of the passages';
  const system = [
    'You are an experienced lecturer who turns source documents into clear, well-paced slide lectures.',
    'You use only facts found in the passages you are given, and you answer with one JSON object only.',
  ].join(' ');
  const prompt = [
    'Plan a narrated slide lecture based only on the passages below.',
    '',
    `Topic: ${topic}`,
    `Audience: ${options.audience ?? 'a general audience'}`,
    `Language: ${lang}`,
    ...(options.minutes ? [`Lecture length: ${options.minutes} minutes`] : []),
    `Number of slides: ${options.slides}`,
    `Grounded: yes`,
    '',
    'Passages:',
    formatPassages(options.passages, options.maxPassageChars),
    '',
    'Return a JSON object with:',
    '- "title": the lecture title; "subtitle": one short line under it;',
    '- "intro": 2-3 spoken sentences for the title slide that welcome the audience and say what the lecture covers;',
    `- "slides": exactly ${options.slides} content slides in teaching order (no title slide, no "questions" slide),`,
    '  each with "title" (at most 8 words), "keyPoints" (2-4 short points, each supported by the passages),',
    '  "imageQueries" (1-2 concrete image search queries in English) and',
    '  "sources" (the ids of the passages the slide draws on, copied exactly from the [id: …] lines).',
    ...(options.topic?.trim() ? [`Cover only what the passages say about "${options.topic.trim()}".`] : ['Follow the order of the documents where it makes sense.']),
    'Do not add facts that are not in the passages.',
    `Write the title, subtitle, intro, slide titles and key points in ${lang}.`,
  ].join('\n');
  return { system, prompt };
}
