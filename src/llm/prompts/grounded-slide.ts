import { z } from 'zod';
import { formatPassages, type Passage } from './grounded-passages.js';
import type { GroundedOutline } from './grounded-outline.js';
import { SlideContentAnswerSchema, slideBrief, type SlideBriefOptions } from './slide-content.js';

/** Part of every cache key of a grounded slide: bump it when the prompt or schema changes. */
export const PROMPT_VERSION = 'grounded-slide-v2';

export const GroundedSlideAnswerSchema = SlideContentAnswerSchema.extend({
  sources: z.array(z.string().min(1)).max(6).default([]).describe('Ids of the passages the slide uses.'),
});
export type GroundedSlideAnswer = z.output<typeof GroundedSlideAnswerSchema>;

/** The slide brief (the outline streams, so it shows the slides up to this one and the total), plus passages. */
export interface GroundedSlidePromptOptions extends SlideBriefOptions {
  outline: Pick<GroundedOutline, 'title' | 'slides'>;
  /** The passages retrieved for this slide, best first. */
  passages: Passage[];
  /** Passage text shown at most (default 6,000 characters). */
  maxPassageChars?: number;
}

/** One slide's bullets, narration and sources, written from the passages retrieved for it. */
export function buildGroundedSlidePrompt(options: GroundedSlidePromptOptions): { system: string; prompt: string } {
  const { lines, lang, words } = slideBrief(options, ['Grounded: yes']);
  const system = [
    'You are an experienced lecturer writing one slide of a narrated lecture and what you say over it.',
    'You use only facts found in the passages you are given, and you answer with one JSON object only.',
  ].join(' ');
  const prompt = [
    ...lines,
    'Passages:',
    formatPassages(options.passages, options.maxPassageChars ?? 6_000),
    '',
    'Return a JSON object with:',
    '- "bullets": 3-5 short bullets (at most 12 words each) covering the key points, using only facts from the passages;',
    '  inline **bold** for key terms is allowed; "children" holds optional sub-bullets (use [] when there are none);',
    `- "narration": about ${words} words of natural spoken explanation for this slide, based on the passages — full sentences,`,
    '  no lists, no Markdown, no greeting, no citations read aloud; end with a bridge to the next slide unless it is the last;',
    '- "notes": a short note for the presenter, or "";',
    '- "sources": the ids of the passages you used, copied exactly from the [id: …] lines.',
    'If the passages do not cover a key point, leave it out rather than invent it.',
    `Write everything in ${lang}.`,
  ].join('\n');
  return { system, prompt };
}
