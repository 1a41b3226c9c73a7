import { LectraError, isLectraError } from '../errors.js';
import { DECK_VERSION, type Deck, type SlideInput } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import type { LlmProvider } from './contract.js';
import { generateJson } from './json-output.js';
import { limitConcurrency } from './limit-concurrency.js';
import { buildOutlinePrompt, outlineAnswerSchema, type Outline, type OutlinePromptOptions } from './prompts/outline.js';
import { SlideContentAnswerSchema, buildSlideContentPrompt, narrationTargetWords, type SlideContentPromptOptions } from './prompts/slide-content.js';

/** Planning wants consistency; prose may vary a little more. */
export const OUTLINE_TEMPERATURE = 0.4;
const CONTENT_TEMPERATURE = 0.6;
const DEFAULT_CONCURRENCY = 2;

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
    bullets: answer.bullets,
    narration: answer.narration.trim(),
    ...(answer.notes.trim() ? { notes: answer.notes.trim() } : {}),
    ...(planned.imageQueries.length > 0 ? { imageQueries: planned.imageQueries } : {}),
  };
}

export interface TopicDeckOptions {
  topic: string;
  /** Content slides (a title slide is added in front). */
  slides: number;
  audience?: string;
  lang?: string;
  minutes?: number;
  /** Slide contents written at once (default 2); the outline always comes first. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called as each slide exists; `index` is its place in the deck (0 = the title slide). */
  onSlide?: (index: number, slide: SlideInput) => void;
}

/** What was finished when generateTopicDeck failed; read it with getPartialDeck(error). */
export interface PartialTopicDeck {
  outline?: Outline;
  /** Deck order (0 = title slide); `undefined` where the slide was not written. */
  slides: Array<SlideInput | undefined>;
}

/**
 * The error generateTopicDeck throws. Its code is the failing call's ('llm-failed', 'aborted'…),
 * its cause that call's error, and `partialDeck` holds the slides already written, so a caller
 * can save them rather than lose the work.
 */
export class TopicDeckError extends LectraError {
  readonly partialDeck: PartialTopicDeck;

  constructor(cause: unknown, partialDeck: PartialTopicDeck, deckIndex?: number) {
    const base = isLectraError(cause) ? cause : new LectraError('llm-failed', String(cause), { cause });
    super(base.code, describeFailure(base, partialDeck, deckIndex), {
      cause,
      slide: deckIndex === undefined ? undefined : deckIndex + 1,
      field: base.field,
      details: base.details,
    });
    this.name = 'TopicDeckError';
    this.partialDeck = partialDeck;
  }
}

function describeFailure(cause: LectraError, partial: PartialTopicDeck, deckIndex?: number): string {
  if (deckIndex === undefined) return cause.message;
  const total = partial.slides.length - 1;
  const done = partial.slides.filter(Boolean).length - 1;
  const title = partial.slides[deckIndex]?.title ?? partial.outline?.slides[deckIndex - 1]?.title ?? '';
  return `Slide ${deckIndex} of ${total} ("${title}"): ${cause.message} (${done} of ${total} content slides were finished: error.partialDeck)`;
}

/** The partial deck carried by a TopicDeckError anywhere in an error's cause chain. */
export function getPartialDeck(error: unknown): PartialTopicDeck | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current instanceof TopicDeckError) return current.partialDeck;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Topic → Deck: the outline, then every slide's content with bounded concurrency, each slide
 * starting as soon as a slot frees. After a failure no new slide starts; those already being
 * written finish (their work is kept), then a TopicDeckError is thrown.
 */
export async function generateTopicDeck(provider: LlmProvider, options: TopicDeckOptions): Promise<Deck> {
  const partial: PartialTopicDeck = { slides: new Array<SlideInput | undefined>(options.slides + 1).fill(undefined) };
  let outline: Outline;
  try {
    outline = await generateOutline(provider, options, options.signal);
  } catch (error) {
    throw new TopicDeckError(error, partial);
  }
  partial.outline = outline;
  const title = titleSlide(outline, options.lang);
  partial.slides[0] = title;
  options.onSlide?.(0, title);

  const failure = await writeSlides(provider, outline, options, partial);
  if (failure) throw new TopicDeckError(failure.error, partial, failure.deckIndex);
  return validateDeck(
    {
      version: DECK_VERSION,
      title: outline.title,
      ...(outline.subtitle ? { subtitle: outline.subtitle } : {}),
      lang: options.lang ?? 'en',
      slides: partial.slides,
    },
    'generated deck',
  );
}

async function writeSlides(
  provider: LlmProvider,
  outline: Outline,
  options: TopicDeckOptions,
  partial: PartialTopicDeck,
): Promise<{ error: unknown; deckIndex: number } | undefined> {
  const limit = limitConcurrency(options.concurrency ?? DEFAULT_CONCURRENCY);
  // Stops queued slides after the first failure; running ones keep the caller's signal only.
  const stop = new AbortController();
  const queueSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const targetWords = narrationTargetWords(options.minutes, outline.slides.length);
  let failure: { error: unknown; deckIndex: number } | undefined;

  const fail = (error: unknown, index: number) => {
    if (failure) return;
    failure = { error, deckIndex: index + 1 };
    stop.abort();
  };

  await Promise.all(
    outline.slides.map((_, index) =>
      limit(async () => {
        // The failing slide frees its slot too; the slide it would hand it to must not start.
        if (stop.signal.aborted) return;
        try {
          const slide = await generateSlideContent(
            provider,
            { outline, index, audience: options.audience, lang: options.lang, targetWords },
            options.signal,
          );
          partial.slides[index + 1] = slide;
          options.onSlide?.(index + 1, slide);
        } catch (error) {
          fail(error, index);
        }
      }, queueSignal).catch((error: unknown) => fail(error, index)),
    ),
  );
  return failure;
}

/** The title slide speaks the outline's intro; without one, a neutral line from the title. */
function titleSlide(outline: Outline, lang = 'en'): SlideInput {
  const topics = outline.slides.map((slide) => slide.title);
  const fallback = lang.toLowerCase().startsWith('en')
    ? `Welcome. In this lecture on ${outline.title}, we will look at ${joinList(topics)}.`
    : [outline.title, outline.subtitle].filter(Boolean).join('. ') + '.';
  return {
    layout: 'title',
    title: outline.title,
    ...(outline.subtitle ? { subtitle: outline.subtitle } : {}),
    narration: outline.intro.trim() || fallback,
  };
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
