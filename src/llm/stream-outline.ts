/**
 * The outline, streamed (streamPlannedSlides does it for any plan with a `slides[]` array — the
 * grounded outline uses it too): the same call as generateOutline (prompt, JSON Schema, temperature,
 * validation and retry-once-with-the-problems via generateJson), but each planned slide is handed
 * to `onSlide` as soon as its object closes in the model's stream, so per-slide work can start
 * while the rest of the outline is still being written.
 *
 * Early slides versus the final outline
 * - While the answer streams, `onSlide` is called at most once per index, for each element of
 *   `slides[]` that is complete, validates against OutlineSlideSchema and has an index below
 *   `request.slides`. Invalid elements are skipped (the final validation decides). Elements are
 *   met in stream order, so indexes are normally ascending; an index whose early element was
 *   invalid is delivered at the end instead.
 * - When the whole answer has validated (exactly as generateOutline validates it), every index is
 *   settled before the promise resolves:
 *     - emitted early and equal to `outline.slides[i]` → listed in `emitted`, not called again;
 *     - never emitted early → `onSlide(i, outline.slides[i])` now, in ascending index order (a
 *       slide whose streamed element was invalid, or every slide when the provider never calls
 *       onToken). Non-streaming providers call onToken once with the whole text, so their slides
 *       are all delivered in that call, just before validation, and count as early;
 *     - emitted early but different from the final outline (a retry replaced the answer: schema
 *       retry in generateJson or a transient retry inside the provider) → listed in `superseded`
 *       and `onSlide(i, outline.slides[i])` is called a second time. The later call replaces the
 *       earlier one: work started from the first call must be discarded.
 *   So after resolution, the last onSlide call for each index carries `outline.slides[i]`.
 * - On failure (abort, bad output after the retry, network) the promise rejects and slides
 *   already emitted must be treated as not belonging to any outline. No onSlide call happens after
 *   the signal aborts. An exception thrown by `onSlide` cancels the call and is rethrown as is.
 */
import type { z } from 'zod';
import { throwIfAborted } from '../errors.js';
import type { LlmProvider, LlmRequest } from './contract.js';
import { OUTLINE_TEMPERATURE } from './generate-slide-content.js';
import { generateJson } from './json-output.js';
import { IncrementalArrayParser } from './partial-json.js';
import {
  OutlineSlideSchema,
  buildOutlinePrompt,
  outlineAnswerSchema,
  type Outline,
  type OutlinePromptOptions,
  type OutlineSlide,
} from './prompts/outline.js';

/** The top-level fields known when a slide is emitted (from the answer being streamed). */
export interface PartialOutlineHeader {
  title?: string;
  subtitle?: string;
}

export interface StreamPlanOptions<S> {
  signal?: AbortSignal;
  /** See the module comment for when, and how often, each index is delivered. */
  onSlide: (index: number, slide: S, partial: PartialOutlineHeader) => void;
  /** Every streamed chunk, passed through (progress displays). */
  onToken?: (token: string) => void;
}

export type StreamOutlineOptions = StreamPlanOptions<OutlineSlide>;

export interface StreamedPlan<A> {
  outline: A;
  /** Indexes delivered while streaming whose slide equals the final one, in delivery order. */
  emitted: number[];
  /** Indexes delivered while streaming with a slide the final outline replaced (delivered again). */
  superseded: number[];
}

export type StreamedOutline = StreamedPlan<Outline>;

export async function streamOutline(
  provider: LlmProvider,
  request: OutlinePromptOptions,
  options: StreamOutlineOptions,
): Promise<StreamedOutline> {
  const { system, prompt } = buildOutlinePrompt(request);
  return streamPlannedSlides(
    provider,
    { system, prompt, answerSchema: outlineAnswerSchema(request.slides), slideSchema: OutlineSlideSchema, slides: request.slides, temperature: OUTLINE_TEMPERATURE },
    options,
  );
}

/** A plan whose `slides[]` streams in: the topic outline, or the grounded one (with sources). */
export interface PlannedSlidesCall<S, A extends { title: string; subtitle?: string; slides: S[] }> {
  system: string;
  prompt: string;
  /** The whole answer's schema (with exactly `slides` slides). */
  answerSchema: z.ZodType<A>;
  /** One element of `slides[]`, checked as it closes in the stream. */
  slideSchema: z.ZodType<S>;
  slides: number;
  temperature: number;
}

/** streamOutline for any plan with a `slides[]` array: see the module comment for the contract. */
export async function streamPlannedSlides<S, A extends { title: string; subtitle?: string; slides: S[] }>(
  provider: LlmProvider,
  call: PlannedSlidesCall<S, A>,
  options: StreamPlanOptions<S>,
): Promise<StreamedPlan<A>> {
  const early = new Map<number, S>();
  // Cancels the call when onSlide throws, so the error does not surface from inside the provider.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let callbackError: { error: unknown } | undefined;

  const deliver = (index: number, slide: S, partial: PartialOutlineHeader): void => {
    try {
      options.onSlide(index, slide, partial);
    } catch (error) {
      callbackError ??= { error };
      stop.abort(error);
    }
  };

  // Each generate() call (generateJson's retry is a second one) gets a parser of its own.
  const streaming: LlmProvider = {
    id: provider.id,
    check: (checkSignal) => provider.check(checkSignal),
    close: () => provider.close(),
    generate: (request: LlmRequest) => {
      const parser = new IncrementalArrayParser('slides');
      const header: PartialOutlineHeader = {};
      return provider.generate({
        ...request,
        onToken: (token) => {
          options.onToken?.(token);
          for (const event of parser.push(token)) {
            if (signal.aborted) return;
            if (event.type === 'reset') {
              delete header.title;
              delete header.subtitle;
            } else if (event.type === 'field') {
              if (event.key === 'title' || event.key === 'subtitle') header[event.key] = event.value;
            } else if (event.index < call.slides && !early.has(event.index)) {
              const slide = call.slideSchema.safeParse(event.value);
              if (!slide.success) continue;
              early.set(event.index, slide.data);
              deliver(event.index, slide.data, { ...header });
            }
          }
        },
      });
    },
  };

  let outline: A;
  try {
    outline = await generateJson(streaming, { system: call.system, prompt: call.prompt, zodSchema: call.answerSchema, signal, temperature: call.temperature });
  } catch (error) {
    if (callbackError) throw callbackError.error;
    throw error;
  }
  if (callbackError) throw callbackError.error;
  throwIfAborted(options.signal);

  const emitted: number[] = [];
  const superseded: number[] = [];
  for (const [index, slide] of early) {
    if (sameSlide(slide, outline.slides[index]!)) emitted.push(index);
    else superseded.push(index);
  }
  const header: PartialOutlineHeader = { title: outline.title, subtitle: outline.subtitle };
  for (let index = 0; index < outline.slides.length; index++) {
    if (emitted.includes(index)) continue;
    options.onSlide(index, outline.slides[index]!, { ...header });
  }
  return { outline, emitted, superseded };
}

/** Slides are plain JSON data (strings and arrays in schema order), so their JSON compares them. */
function sameSlide<S>(a: S, b: S): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
