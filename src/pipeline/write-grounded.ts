import { DECK_VERSION, type Deck, type Slide, type SlideInput } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import type { Collection } from '../documents/collection.js';
import {
  groundedOutlineRequest,
  groundedSlideRequest,
  groundedTitleSlide,
  writeGroundedOutline,
  writeGroundedSlide,
  type GroundedLectureOptions,
} from '../documents/grounded-lecture.js';
import { PROMPT_VERSION as OUTLINE_PROMPT, type GroundedOutline } from '../llm/prompts/grounded-outline.js';
import { PROMPT_VERSION as SLIDE_PROMPT } from '../llm/prompts/grounded-slide.js';
import { cachedTask } from './cached-task.js';
import { jsonCodec } from './task-codecs.js';
import { deckHeader, deferred, nameSlide, type WriterContext, type WrittenLecture } from './writer-context.js';

type GroundedSource = Pick<Collection, 'search' | 'chunks' | 'getChunk' | 'list'>;

/**
 * A lecture written from the user's documents, slide by slide: the outline is planned from
 * passages of the collection, then each slide's passages are retrieved and its content written
 * (bounded by the context's LLM pool), and each slide is handed to the renderer the moment it
 * exists. Both LLM calls go through the cache, keyed by their prompts — which carry the passages,
 * so edited documents make new answers.
 */
export function writeGrounded(collection: GroundedSource, options: GroundedLectureOptions, ctx: WriterContext): WrittenLecture {
  const lang = options.lang ?? 'en';
  const request = { ...options, signal: ctx.signal };
  const outline = ctx.llm.run(async () => {
    const asked = await groundedOutlineRequest(collection, request);
    const { value } = await cachedTask(ctx.cache, ctx.profiler, {
      ref: { id: 'outline', stage: 'outline', resource: 'llm' },
      inputs: { llm: ctx.llmIdentity, prompt: OUTLINE_PROMPT, system: asked.system, text: asked.prompt, slides: options.slides },
      codec: jsonCodec<GroundedOutline>(),
      compute: () => writeGroundedOutline(ctx.provider, asked, options.slides, ctx.signal),
    });
    return value;
  }, ctx.signal);
  const header = outline.then((value): Deck => deckHeader(value.title, value.subtitle || undefined, lang));
  const title = outline.then((value) => toSlide(groundedTitleSlide(value, collection, options.documents), 'slide 1'));
  const content = Array.from({ length: options.slides }, (_, index) => {
    const slide = deferred<Slide>();
    outline.then((value) => writeSlide(collection, value, index, request, ctx)).then(slide.resolve, slide.reject);
    return slide.promise;
  });
  header.catch(() => {});
  title.catch(() => {}); // the renderer reports failures
  return { header, slides: [title, ...content] };
}

function writeSlide(collection: GroundedSource, outline: GroundedOutline, index: number, options: GroundedLectureOptions, ctx: WriterContext): Promise<Slide> {
  const planned = outline.slides[index]!;
  return ctx.llm.run(async () => {
    try {
      const asked = await groundedSlideRequest(collection, outline, index, options);
      const { value } = await cachedTask(ctx.cache, ctx.profiler, {
        ref: { id: `content:${index + 2}`, stage: 'content', slide: index + 2, resource: 'llm' },
        inputs: { llm: ctx.llmIdentity, prompt: SLIDE_PROMPT, system: asked.system, text: asked.prompt, imageQueries: planned.imageQueries },
        codec: jsonCodec<Slide>(),
        compute: async () => toSlide(await writeGroundedSlide(ctx.provider, asked, planned, ctx.signal), `slide ${index + 2}`),
      });
      return value;
    } catch (error) {
      throw nameSlide(error, index, outline.slides.length, planned.title);
    }
  }, ctx.signal);
}

function toSlide(slide: SlideInput, where: string): Slide {
  return validateDeck({ version: DECK_VERSION, slides: [slide] }, where).slides[0]!;
}
