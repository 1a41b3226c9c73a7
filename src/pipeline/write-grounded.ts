import { DECK_VERSION, type Deck, type Slide, type SlideInput } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import type { Collection } from '../documents/collection.js';
import {
  groundedOutlineRequest,
  groundedSlideRequest,
  groundedTitleSlide,
  streamGroundedOutline,
  writeGroundedSlide,
  type GroundedLectureOptions,
} from '../documents/grounded-lecture.js';
import { PROMPT_VERSION as OUTLINE_PROMPT, type GroundedOutline, type GroundedOutlineSlide } from '../llm/prompts/grounded-outline.js';
import { PROMPT_VERSION as SLIDE_PROMPT } from '../llm/prompts/grounded-slide.js';
import { cachedTask } from './cached-task.js';
import { jsonCodec } from './task-codecs.js';
import { deckHeader, deferred, nameSlide, type WriterContext, type WrittenLecture } from './writer-context.js';

type GroundedSource = Pick<Collection, 'search' | 'chunks' | 'getChunk' | 'list'>;

/** Stands in for an earlier slide whose outline entry has not arrived yet. */
const PENDING: GroundedOutlineSlide = { title: '(planned later)', keyPoints: [], imageQueries: [], sources: [] };

/**
 * A lecture written from the user's documents, slide by slide, as topic mode does it: the outline
 * is planned from passages of the collection and streams in; each slide's passages are retrieved
 * and its content written as soon as its outline entry has arrived (bounded by the context's LLM
 * pool; `--schedule staged` waits for the whole outline), and each slide goes to the renderer the
 * moment it exists. Both LLM calls go through the cache, keyed by their prompts — which carry the
 * passages, so edited documents make new answers.
 */
export function writeGrounded(collection: GroundedSource, options: GroundedLectureOptions & { schedule?: 'per-slide' | 'staged' }, ctx: WriterContext): WrittenLecture {
  const lang = options.lang ?? 'en';
  const request = { ...options, signal: ctx.signal };
  const header = deferred<Deck>();
  const content = Array.from({ length: options.slides }, () => deferred<Slide>());
  const known: GroundedOutlineSlide[] = [];
  const started = new Set<number>();
  // The lecture's title as the slides see it: streamed before the slides in a well-formed answer.
  let title = options.topic ?? '';
  const start = (index: number, planned: GroundedOutlineSlide) => {
    known[index] = planned;
    if (started.has(index) || index >= options.slides) return;
    started.add(index);
    // A slide can arrive before an earlier one (whose streamed entry was invalid): keep numbering.
    const view = { title, slides: Array.from({ length: index + 1 }, (_, i) => known[i] ?? PENDING) };
    writeSlide(collection, view, index, request, ctx).then(content[index]!.resolve, content[index]!.reject);
  };
  const outline = ctx.llm
    .run(async () => {
      const asked = await groundedOutlineRequest(collection, request);
      const { value } = await cachedTask(ctx.cache, ctx.profiler, {
        ref: { id: 'outline', stage: 'outline', resource: 'llm' },
        inputs: { llm: ctx.llmIdentity, prompt: OUTLINE_PROMPT, system: asked.system, text: asked.prompt, slides: options.slides },
        codec: jsonCodec<GroundedOutline>(),
        compute: () =>
          streamGroundedOutline(ctx.provider, asked, options.slides, {
            signal: ctx.signal,
            onSlide: (index, planned, partial) => {
              if (partial.title) {
                title = partial.title;
                header.resolve(deckHeader(partial.title, partial.subtitle || undefined, lang));
              }
              if (options.schedule !== 'staged') start(index, planned);
            },
          }),
      });
      return value;
    }, ctx.signal)
    .then((value) => {
      title = value.title;
      header.resolve(deckHeader(value.title, value.subtitle || undefined, lang));
      value.slides.forEach((planned, index) => start(index, planned));
      return value;
    });
  outline.catch((error: unknown) => {
    header.reject(error);
    for (const c of content) c.reject(error);
  });
  const titleSlide = outline.then((value) => toSlide(groundedTitleSlide(value, collection, options.documents), 'slide 1'));
  titleSlide.catch(() => {}); // the renderer reports failures
  return { header: header.promise, slides: [titleSlide, ...content.map((c) => c.promise)] };
}

function writeSlide(collection: GroundedSource, view: Pick<GroundedOutline, 'title' | 'slides'>, index: number, options: GroundedLectureOptions, ctx: WriterContext): Promise<Slide> {
  const planned = view.slides[index]!;
  return ctx.llm.run(async () => {
    try {
      const asked = await groundedSlideRequest(collection, view, index, options);
      const { value } = await cachedTask(ctx.cache, ctx.profiler, {
        ref: { id: `content:${index + 2}`, stage: 'content', slide: index + 2, resource: 'llm' },
        inputs: { llm: ctx.llmIdentity, prompt: SLIDE_PROMPT, system: asked.system, text: asked.prompt, imageQueries: planned.imageQueries },
        codec: jsonCodec<Slide>(),
        compute: async () => toSlide(await writeGroundedSlide(ctx.provider, asked, planned, ctx.signal), `slide ${index + 2}`),
      });
      return value;
    } catch (error) {
      throw nameSlide(error, index, options.slides, planned.title);
    }
  }, ctx.signal);
}

function toSlide(slide: SlideInput, where: string): Slide {
  return validateDeck({ version: DECK_VERSION, slides: [slide] }, where).slides[0]!;
}
