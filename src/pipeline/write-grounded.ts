import { DECK_VERSION, type Slide, type SlideInput } from '../deck/schema.js';
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
import { writePlannedLecture } from './write-planned-lecture.js';
import { nameSlide, type WriterContext, type WrittenLecture } from './writer-context.js';

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
  const request = { ...options, signal: ctx.signal };
  return writePlannedLecture({
    slides: options.slides,
    lang: options.lang ?? 'en',
    schedule: options.schedule,
    pending: PENDING,
    titleSlide: (outline: GroundedOutline) => toSlide(groundedTitleSlide(outline, collection, options.documents), 'slide 1'),
    // The lecture's title as the slides see it: streamed before the slides in a well-formed answer.
    writeSlide: (index, known, title) => writeSlide(collection, { title: title ?? options.topic ?? '', slides: known }, index, request, ctx),
    plan: (onSlide) =>
      ctx.llm.run(async () => {
        const asked = await groundedOutlineRequest(collection, request);
        const { value } = await cachedTask(ctx.cache, ctx.profiler, {
          ref: { id: 'outline', stage: 'outline', resource: 'llm' },
          inputs: { llm: ctx.llmIdentity, prompt: OUTLINE_PROMPT, system: asked.system, text: asked.prompt, slides: options.slides },
          codec: jsonCodec<GroundedOutline>(),
          compute: () => streamGroundedOutline(ctx.provider, asked, options.slides, { signal: ctx.signal, onSlide }),
        });
        return value;
      }, ctx.signal),
  });
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
