/**
 * Topic mode's two LLM calls: the outline (as one answer; the pipeline streams it with
 * stream-outline.ts) and one content slide. Both ask for JSON matching a schema.
 */
import type { SlideInput } from '../deck/schema.js';
import { blocksFromParts } from '../deck/slide-content.js';
import type { LlmProvider } from './contract.js';
import { generateJson } from './json-output.js';
import { buildOutlinePrompt, outlineAnswerSchema, type Outline, type OutlinePromptOptions } from './prompts/outline.js';
import { SlideContentAnswerSchema, buildSlideContentPrompt, type SlideContentPromptOptions } from './prompts/slide-content.js';

/** Planning wants consistency; prose may vary a little more. */
export const OUTLINE_TEMPERATURE = 0.4;
const CONTENT_TEMPERATURE = 0.6;

export async function generateOutline(provider: LlmProvider, options: OutlinePromptOptions, signal?: AbortSignal): Promise<Outline> {
  const { system, prompt } = buildOutlinePrompt(options);
  return generateJson(provider, {
    system,
    prompt,
    zodSchema: outlineAnswerSchema(options.slides),
    signal,
    temperature: OUTLINE_TEMPERATURE,
  });
}

/** One content slide: bullets and narration written by the LLM, title and image queries from the outline. */
export async function generateSlideContent(
  provider: LlmProvider,
  options: SlideContentPromptOptions,
  signal?: AbortSignal,
): Promise<SlideInput> {
  const { system, prompt } = buildSlideContentPrompt(options);
  const answer = await generateJson(provider, {
    system,
    prompt,
    zodSchema: SlideContentAnswerSchema,
    signal,
    temperature: CONTENT_TEMPERATURE,
  });
  const planned = options.outline.slides[options.index]!;
  return {
    title: planned.title,
    blocks: blocksFromParts({ bullets: answer.bullets }),
    narration: answer.narration.trim(),
    ...(answer.notes.trim() ? { notes: answer.notes.trim() } : {}),
    ...(planned.imageQueries.length > 0 ? { imageQueries: planned.imageQueries } : {}),
  };
}
