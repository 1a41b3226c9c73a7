import { z } from 'zod';
import type { ProsodyMark } from '../../speech/contract.js';
import { languageName } from './language-name.js';

/** Part of every cache key of LLM prosody: bump it when the prompt or schema changes. */
export const PROMPT_VERSION = 'prosody-v1';

export const ProsodyAnswerSchema = z.object({
  emphasis: z.array(z.string().min(1)).max(12).default([]).describe('Exact words or short phrases to stress.'),
  breaks: z
    .array(
      z.object({
        after: z.string().min(1).describe('Exact phrase of the text the pause follows.'),
        seconds: z.number().min(0.1).max(2),
      }),
    )
    .max(12)
    .default([]),
});
export type ProsodyAnswer = z.output<typeof ProsodyAnswerSchema>;

/** Optional LLM prosody tagging: which phrases to stress and where to pause. */
export function buildProsodyPrompt(options: { text: string; lang?: string }): { system: string; prompt: string } {
  const system = 'You are a voice coach marking up lecture narration for a speech synthesiser. You answer with one JSON object only.';
  const prompt = [
    `Language: ${languageName(options.lang ?? 'en')}`,
    '',
    'Narration:',
    options.text,
    '',
    'Return a JSON object with:',
    '- "emphasis": up to 6 key words or short phrases, copied exactly from the narration, that a good lecturer would stress;',
    '- "breaks": up to 6 places for a short pause, each { "after": a phrase copied exactly from the narration, "seconds": 0.2-1.0 }.',
    'Do not change or translate the narration.',
  ].join('\n');
  return { system, prompt };
}

/**
 * Places the answer on the text: each phrase is found (its first occurrence) and turned into
 * a ProsodyMark; phrases the model invented are ignored.
 */
export function prosodyAnswerToMarks(text: string, answer: ProsodyAnswer): ProsodyMark[] {
  const marks: ProsodyMark[] = [];
  for (const phrase of answer.emphasis) {
    const at = text.indexOf(phrase);
    if (at >= 0) marks.push({ kind: 'emphasis', at, length: phrase.length });
  }
  for (const pause of answer.breaks) {
    const at = text.indexOf(pause.after);
    if (at >= 0) marks.push({ kind: 'break', at: at + pause.after.length, seconds: pause.seconds });
  }
  return marks.sort((a, b) => a.at - b.at);
}
