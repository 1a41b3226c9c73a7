import type { ResolvedOptions } from '../config/options.js';
import { DECK_VERSION, type Slide } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import { generateSlideContent } from '../llm/generate-slide-content.js';
import { PROMPT_VERSION as OUTLINE_PROMPT, type Outline } from '../llm/prompts/outline.js';
import { PROMPT_VERSION as CONTENT_PROMPT, narrationTargetWords } from '../llm/prompts/slide-content.js';
import { streamOutline } from '../llm/stream-outline.js';
import { cachedTask } from './cached-task.js';
import { jsonCodec } from './task-codecs.js';
import { writePlannedLecture } from './write-planned-lecture.js';
import { nameSlide, type WriterContext, type WrittenLecture } from './writer-context.js';

/** Stands in for an earlier slide whose outline entry has not arrived yet. */
const PENDING: Outline['slides'][number] = { title: '(planned later)', keyPoints: [], imageQueries: [] };

export type TopicWriteOptions = Pick<ResolvedOptions, 'slides' | 'audience' | 'lang' | 'minutes' | 'schedule'>;

/**
 * Topic mode's text, streamed: the outline streams in, and each slide's content call starts as
 * soon as that slide's entry of the outline has arrived (a cached outline starts them all at once;
 * `--schedule staged` waits for the whole outline, as the seed does). Every call shares the
 * context's LLM pool and goes through the cache. The title slide needs the whole outline (its intro).
 */
export function writeTopic(topic: string, opts: TopicWriteOptions, ctx: WriterContext): WrittenLecture {
  const lang = opts.lang ?? 'en';
  const request = { topic, slides: opts.slides, audience: opts.audience, lang, minutes: opts.minutes };
  return writePlannedLecture({
    slides: opts.slides,
    lang,
    schedule: opts.schedule,
    pending: PENDING,
    titleSlide,
    writeSlide: slideWriter(topic, opts, ctx),
    plan: (onSlide) =>
      cachedTask(ctx.cache, ctx.profiler, {
        ref: { id: 'outline', stage: 'outline', resource: 'llm' },
        inputs: { llm: ctx.llmIdentity, prompt: OUTLINE_PROMPT, request },
        codec: jsonCodec<Outline>(),
        compute: () => ctx.llm.run(async () => (await streamOutline(ctx.provider, request, { signal: ctx.signal, onSlide })).outline, ctx.signal),
      }).then(({ value }) => value),
  });
}

function titleSlide(outline: Outline): Slide {
  const narration = outline.intro || `${outline.title}. ${outline.subtitle ?? ''}`.trim();
  return validateDeck({ version: DECK_VERSION, slides: [{ title: outline.title, ...(outline.subtitle ? { subtitle: outline.subtitle } : {}), narration }] }).slides[0]!;
}

/**
 * Writes one content slide when called. The prompt sees the lecture topic, the slides up to this
 * one and the total count — all known when the slide streams in — so the prompt, and so the cache
 * key, do not depend on how far the outline had got.
 */
function slideWriter(topic: string, opts: TopicWriteOptions, ctx: WriterContext): (index: number, known: Outline['slides']) => Promise<Slide> {
  const lang = opts.lang ?? 'en';
  const targetWords = narrationTargetWords(opts.minutes, opts.slides);
  return (index, known) => {
    // The lecture is named by its topic, not the streamed title, so the prompt is the same either way.
    const view: Outline = { title: topic, subtitle: '', intro: '', slides: known };
    const input = { outline: view, index, audience: opts.audience, lang, targetWords, totalSlides: opts.slides };
    return ctx.llm.run(
      async () =>
        (
          await cachedTask(ctx.cache, ctx.profiler, {
            ref: { id: `content:${index + 2}`, stage: 'content', slide: index + 2, resource: 'llm' },
            inputs: { llm: ctx.llmIdentity, prompt: CONTENT_PROMPT, ...input },
            codec: jsonCodec<Slide>(),
            compute: async () => {
              try {
                const slide = await generateSlideContent(ctx.provider, input, ctx.signal);
                return validateDeck({ version: DECK_VERSION, slides: [slide] }, `slide ${index + 2}`).slides[0]!;
              } catch (error) {
                throw nameSlide(error, index, opts.slides, known[index]?.title ?? '');
              }
            },
          })
        ).value,
      ctx.signal,
    );
  };
}
