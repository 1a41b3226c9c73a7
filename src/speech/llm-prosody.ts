import type { LlmProvider } from '../llm/contract.js';
import { generateJson } from '../llm/json-output.js';
import { buildProsodyPrompt, ProsodyAnswerSchema, type ProsodyAnswer } from '../llm/prompts/prosody.js';
import { tagProsody, type ProsodyInput, type ProsodySegment } from './prosody.js';

/**
 * The seed's "Tag Narration" stage, as an option (`--prosody llm`): the LLM picks phrases to
 * stress and places pauses; the answer is merged into the narration the offline rules read
 * (stressed phrases become **bold**, a pause becomes a segment boundary), so the result has the
 * same tag structure as the rules' and goes through the same synthesis and timeline code.
 */
export async function tagProsodyWithLlm(provider: LlmProvider, input: ProsodyInput, signal?: AbortSignal): Promise<ProsodySegment[]> {
  if (!input.narration.trim()) return tagProsody(input);
  const { system, prompt } = buildProsodyPrompt({ text: input.narration, lang: input.lang });
  const answer = await generateJson(provider, { system, prompt, zodSchema: ProsodyAnswerSchema, signal, temperature: 0.2 });
  return applyProsodyAnswer(input, answer);
}

/** Pure: the rules' segments for the narration marked up with the LLM's answer. */
export function applyProsodyAnswer(input: ProsodyInput, answer: ProsodyAnswer): ProsodySegment[] {
  let narration = input.narration;
  const pauses = new Map<string, number>();
  for (const pause of answer.breaks) {
    const phrase = pause.after.trim();
    const at = narration.indexOf(phrase);
    if (!phrase || at < 0) continue; // the model invented it
    const end = at + phrase.length;
    // A line break ends a sentence for the segmenter: the pause lands exactly there.
    if (narration.slice(end).trim() !== '') narration = `${narration.slice(0, end)}\n${narration.slice(end).replace(/^[ \t]+/, '')}`;
    pauses.set(words(phrase).slice(-3).join(' '), pause.seconds);
  }
  // After the pauses: phrases are found in the text as the model saw it, before any ** markers.
  for (const phrase of answer.emphasis) narration = emphasise(narration, phrase.trim());
  return tagProsody({ ...input, narration }).map((segment) => {
    const tail = words(segment.text).slice(-3).join(' ');
    const seconds = [...pauses.entries()].find(([key]) => key && tail.endsWith(key))?.[1];
    const rule = [...segment.rule, 'llm'];
    if (seconds === undefined) return { ...segment, rule };
    return { ...segment, pauseAfterSec: Math.max(segment.pauseAfterSec, seconds), rule: [...rule, 'llm-break'] };
  });
}

function emphasise(text: string, phrase: string): string {
  if (!phrase) return text;
  const at = text.indexOf(phrase);
  if (at < 0) return text;
  const before = text.slice(0, at);
  // Already inside **…**: leave it.
  if ((before.match(/\*\*/g)?.length ?? 0) % 2 === 1) return text;
  return `${before}**${phrase}**${text.slice(at + phrase.length)}`;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
