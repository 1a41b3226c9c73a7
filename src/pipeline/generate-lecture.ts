import path from 'node:path';
import type { LectraOptions } from '../config/options.js';
import { llmSettings } from '../config/llm-settings.js';
import { withDefaults } from '../config/with-defaults.js';
import { saveDeck } from '../deck/deck-file.js';
import { DECK_VERSION, type Deck, type Slide } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import { LectraError } from '../errors.js';
import { generateOutline, generateSlideContent } from '../llm/generate-topic-deck.js';
import type { LlmProvider } from '../llm/contract.js';
import { narrationTargetWords } from '../llm/prompts/slide-content.js';
import type { Outline } from '../llm/prompts/outline.js';
import { getLlmProviderDefinition } from '../llm/registry.js';
import { outputPaths, slugify } from './output-paths.js';
import { Profiler } from './profiler.js';
import { renderLecture, type RenderHooks, type RenderResult } from './render-lecture.js';
import { ResourcePool } from './resource-pool.js';

export interface GenerateRequest {
  topic: string;
}

/**
 * Topic mode: outline (LLM) → each slide's content (LLM, bounded by --llm-concurrency) → the
 * same per-slide render chain as notes mode, each slide starting as soon as its text exists.
 * If the LLM fails part-way, deck.json is still written with the slides that were finished.
 */
export async function generateLecture(request: GenerateRequest, options: LectraOptions = {}, hooks: RenderHooks = {}): Promise<RenderResult> {
  const topic = request.topic.trim();
  if (!topic) throw new LectraError('bad-input', 'The topic is empty: pass one, e.g. `lectra generate "AI in Healthcare"`.', { field: 'topic' });
  const opts = withDefaults(options);
  const profiler = hooks.profiler ?? new Profiler(hooks.onProgress);
  const outDir = path.resolve(opts.out ?? path.join('lectures', slugify(topic)));
  const provider = await getLlmProviderDefinition(opts.llm).setup(llmSettings(opts));
  const lang = opts.lang ?? 'en';
  try {
    const outline = await profiler.task({ id: 'outline', stage: 'outline', resource: 'llm' }, () =>
      generateOutline(provider, { topic, slides: opts.slides, audience: opts.audience, lang, minutes: opts.minutes }, hooks.signal),
    );
    const header: Deck = validateDeck({ version: DECK_VERSION, title: outline.title, ...(outline.subtitle ? { subtitle: outline.subtitle } : {}), lang, slides: [{ title: outline.title }] }, 'generated deck');
    const slides = writeSlides(provider, outline, opts, profiler, hooks.signal);
    try {
      return await renderLecture({ header: { ...header, slides: [] }, slides, warnings: [] }, { ...options, out: outDir }, { ...hooks, profiler });
    } catch (error) {
      await savePartialDeck(header, slides, outDir);
      throw error;
    }
  } finally {
    await provider.close();
  }
}

function writeSlides(provider: LlmProvider, outline: Outline, opts: ReturnType<typeof withDefaults>, profiler: Profiler, signal?: AbortSignal): Array<Promise<Slide>> {
  const llm = new ResourcePool('llm', opts.llmConcurrency);
  const lang = opts.lang ?? 'en';
  const targetWords = narrationTargetWords(opts.minutes, opts.slides);
  const title: Slide = validateDeck({ version: DECK_VERSION, slides: [{ title: outline.title, ...(outline.subtitle ? { subtitle: outline.subtitle } : {}), narration: outline.intro || `${outline.title}. ${outline.subtitle ?? ''}`.trim() }] }).slides[0]!;
  const content = outline.slides.map((_, index) =>
    llm.run(
      () =>
        profiler.task({ id: `content:${index + 2}`, stage: 'content', slide: index + 2, resource: 'llm' }, async () => {
          const input = await generateSlideContent(provider, { outline, index, audience: opts.audience, lang, targetWords }, signal);
          return validateDeck({ version: DECK_VERSION, slides: [input] }, `slide ${index + 2}`).slides[0]!;
        }),
      signal,
    ),
  );
  // Unobserved rejections are handled by the renderer; keep Node from warning in the meantime.
  for (const p of content) p.catch(() => {});
  return [Promise.resolve(title), ...content];
}

/** Keeps what the LLM finished (as deck.json) so a failed or cancelled run loses no work. */
async function savePartialDeck(header: Deck, slides: Array<Promise<Slide>>, outDir: string): Promise<void> {
  const settled = await Promise.allSettled(slides);
  const finished = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (finished.length === 0) return;
  try {
    await saveDeck({ ...header, slides: finished }, outputPaths(outDir).deck);
  } catch {
    // The original error matters more than a failed rescue.
  }
}
