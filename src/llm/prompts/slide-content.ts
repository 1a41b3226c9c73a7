import { z } from 'zod';
import { languageName } from './language-name.js';
import type { Outline } from './outline.js';

/** Part of every cache key of a slide's content: bump it when the prompt or schema changes. */
// v2: the context lists the slides up to this one (all a streamed outline has when the slide is
// started) and the total count, so the prompt is the same however the outline arrived.
export const PROMPT_VERSION = 'slide-content-v2';

/** Words per minute of calm lecture narration. */
const WORDS_PER_MINUTE = 150;
const DEFAULT_TARGET_WORDS = 110;

export const SlideContentAnswerSchema = z.object({
  bullets: z
    .array(
      z.object({
        text: z.string().min(1),
        children: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1)
    .max(6),
  narration: z.string().min(1).describe('What the narrator says while the slide is shown.'),
  notes: z.string().default('').describe('Extra speaker notes, not spoken; may be empty.'),
});
export type SlideContentAnswer = z.output<typeof SlideContentAnswerSchema>;

/** Narration length per slide that makes the lecture last `minutes`. */
export function narrationTargetWords(minutes: number | undefined, slides: number): number {
  if (!minutes || slides <= 0) return DEFAULT_TARGET_WORDS;
  return Math.max(30, Math.round((minutes * WORDS_PER_MINUTE) / slides));
}

export interface SlideContentPromptOptions extends SlideBriefOptions {
  outline: Outline;
}

/** What both slide prompts (plain and grounded) say about the slide: the input they share. */
export interface SlideBriefOptions {
  outline: { title: string; slides: Array<{ title: string; keyPoints: string[] }> };
  /** 0-based index into outline.slides. */
  index: number;
  audience?: string;
  lang?: string;
  targetWords?: number;
  /** Slides in the whole lecture (default: outline.slides.length). */
  totalSlides?: number;
}

/**
 * The lines both slide prompts open with — the lecture, this slide and its key points, the target
 * length (then `extra` lines), and the lecture up to this slide for context — plus the language
 * name and word target the rest of each prompt uses.
 */
export function slideBrief(options: SlideBriefOptions, extra: string[] = []): { lines: string[]; lang: string; words: number } {
  const { outline, index } = options;
  const slide = outline.slides[index];
  if (!slide) throw new RangeError(`Slide index ${index} is outside the outline (${outline.slides.length} slides).`);
  const lang = languageName(options.lang ?? 'en');
  const words = options.targetWords ?? DEFAULT_TARGET_WORDS;
  const lines = [
    `Lecture: ${outline.title}`,
    `Audience: ${options.audience ?? 'a general audience'}`,
    `Language: ${lang}`,
    `Slide number: ${index + 1} of ${options.totalSlides ?? outline.slides.length}`,
    `Slide title: ${slide.title}`,
    `Key points: ${slide.keyPoints.join('; ')}`,
    `Target words: ${words}`,
    ...extra,
    '',
    'The lecture up to this slide, for context:',
    ...outline.slides.slice(0, index + 1).map((s, i) => `${i + 1}. ${s.title}${i === index ? '   <- this slide' : ''}`),
    '',
  ];
  return { lines, lang, words };
}

export function buildSlideContentPrompt(options: SlideContentPromptOptions): { system: string; prompt: string } {
  const { lines, lang, words } = slideBrief(options);
  const system = [
    'You are an experienced lecturer writing one slide of a narrated lecture and what you say over it.',
    'You answer with one JSON object only.',
  ].join(' ');
  const prompt = [
    ...lines,
    'Return a JSON object with:',
    '- "bullets": 3-5 short bullets (at most 12 words each) covering the key points; inline **bold** for key terms is allowed;',
    '  "children" holds optional sub-bullets (use [] when there are none);',
    `- "narration": about ${words} words of natural spoken explanation for this slide — full sentences, no lists,`,
    '  no Markdown, no greeting; explain rather than read the bullets; end with a bridge to the next slide unless it is the last;',
    '- "notes": a short note for the presenter (a fact to double-check or a question to ask), or "".',
    `Write everything in ${lang}.`,
  ].join('\n');
  return { system, prompt };
}
