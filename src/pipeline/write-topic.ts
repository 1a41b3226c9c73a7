import type { ResolvedOptions } from '../config/options.js';
import { DECK_VERSION, type Deck, type Slide } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import { generateSlideContent } from '../llm/generate-slide-content.js';
import { PROMPT_VERSION as OUTLINE_PROMPT, type Outline } from '../llm/prompts/outline.js';
import { PROMPT_VERSION as CONTENT_PROMPT, narrationTargetWords } from '../llm/prompts/slide-content.js';
import { streamOutline } from '../llm/stream-outline.js';
import { cachedTask } from './cached-task.js';
import { jsonCodec } from './task-codecs.js';
import { deckHeader, deferred, nameSlide, type WriterContext, type WrittenLecture } from './writer-context.js';

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
  const header = deferred<Deck>();
  const content = Array.from({ length: opts.slides }, () => deferred<Slide>());
  const known: Outline['slides'] = [];
  const started = new Set<number>();
  const writer = slideWriter(topic, opts, ctx);
  const start = (index: number, planned: Outline['slides'][number]) => {
    known[index] = planned;
    if (started.has(index) || index >= opts.slides) return;
    started.add(index);
    writer(index, known).then(content[index]!.resolve, content[index]!.reject);
  };
  const outline = cachedTask(ctx.cache, ctx.profiler, {
    ref: { id: 'outline', stage: 'outline', resource: 'llm' },
    inputs: { llm: ctx.llmIdentity, prompt: OUTLINE_PROMPT, request },
    codec: jsonCodec<Outline>(),
    compute: () =>
      ctx.llm.run(
        async () =>
          (
            await streamOutline(ctx.provider, request, {
              signal: ctx.signal,
              onSlide: (index, planned, partial) => {
                if (partial.title) header.resolve(deckHeader(partial.title, partial.subtitle, lang));
                if (opts.schedule !== 'staged') start(index, planned);
              },
            })
          ).outline,
        ctx.signal,
      ),
  }).then(({ value }) => {
    header.resolve(deckHeader(value.title, value.subtitle, lang));
    value.slides.forEach((planned, index) => start(index, planned));
    return value;
  });
  outline.catch((error: unknown) => {
    header.reject(error);
    for (const c of content) c.reject(error);
  });
  const title = outline.then(titleSlide);
  title.catch(() => {}); // the renderer reports failures
  return { header: header.promise, slides: [title, ...content.map((c) => c.promise)] };
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
    // A slide can arrive before an earlier one (whose streamed entry was invalid): keep numbering.
    const view: Outline = { title: topic, subtitle: '', intro: '', slides: Array.from({ length: index + 1 }, (_, i) => known[i] ?? PENDING) };
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
