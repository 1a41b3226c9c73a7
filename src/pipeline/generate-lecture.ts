import fs from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedOptions } from '../config/options.js';
import { deckFromDocuments } from '../documents/deck-from-documents.js';
import { addQuiz } from './add-quiz.js';
import { sourceFromDeck } from './lecture-source.js';
import type { LectraOptions } from '../config/options.js';
import { llmSettings } from '../config/llm-settings.js';
import { withDefaults } from '../config/with-defaults.js';
import { saveDeck } from '../deck/deck-file.js';
import { DECK_VERSION, type Deck, type Slide } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import { LectraError, isLectraError } from '../errors.js';
import { generateSlideContent } from '../llm/generate-topic-deck.js';
import { streamOutline } from '../llm/stream-outline.js';
import type { LlmProvider } from '../llm/contract.js';
import { narrationTargetWords } from '../llm/prompts/slide-content.js';
import type { Outline } from '../llm/prompts/outline.js';
import { getLlmProviderDefinition } from '../llm/registry.js';
import { outputPaths, slugify } from './output-paths.js';
import { Profiler } from './profiler.js';
import { renderLecture, type RenderHooks, type RenderResult } from './render-lecture.js';
import { ResourcePool } from './resource-pool.js';
import { cachedTask } from './cached-task.js';
import type { ContentCache } from './content-cache.js';
import { openCache } from './open-cache.js';
import { jsonCodec } from './task-codecs.js';
import { PROMPT_VERSION as OUTLINE_PROMPT } from '../llm/prompts/outline.js';
import { PROMPT_VERSION as CONTENT_PROMPT } from '../llm/prompts/slide-content.js';
import type { LlmProviderSettings } from '../llm/contract.js';

export interface GenerateRequest {
  /** The subject; with --from documents it narrows them and may be empty. */
  topic?: string;
}

/**
 * Topic mode: outline (LLM) → each slide's content (LLM, bounded by --llm-concurrency) → the
 * same per-slide render chain as notes mode, each slide starting as soon as its text exists.
 * If the LLM fails part-way, deck.json is still written with the slides that were finished.
 */
export async function generateLecture(request: GenerateRequest, options: LectraOptions = {}, hooks: RenderHooks = {}): Promise<RenderResult> {
  const topic = request.topic?.trim() ?? '';
  const opts = withDefaults(options);
  if (!topic && opts.from.length === 0) {
    throw new LectraError('bad-input', 'The topic is empty: pass one, e.g. `lectra generate "AI in Healthcare"`, or documents with --from.', { field: 'topic' });
  }
  const profiler = hooks.profiler ?? new Profiler(hooks.onProgress);
  const outDir = path.resolve(opts.out ?? path.join('lectures', slugify(topic || path.basename(opts.from[0]!, path.extname(opts.from[0]!)))));
  const settings = llmSettings(opts);
  // Documents make a lecture even without an LLM (an extractive one); a bare topic needs one.
  const provider = opts.from.length > 0 && opts.llm === 'none' ? undefined : await getLlmProviderDefinition(opts.llm).setup(settings);
  // Topic slides ask for pictures (the outline wrote their queries): offline illustrations unless told otherwise.
  const renderOptions: LectraOptions = { ...options, out: outDir, images: options.images ?? 'generated' };
  try {
    if (opts.from.length > 0) {
      const deck = await profiler.task({ id: 'documents', stage: 'content', resource: provider ? 'llm' : 'cpu' }, () =>
        deckFromDocuments(provider, opts.from, { topic: topic || undefined, slides: opts.slides, lang: opts.lang, audience: opts.audience, minutes: opts.minutes, concurrency: opts.llmConcurrency, signal: hooks.signal }),
      );
      return await renderWithQuiz(deck, provider, opts, outDir, renderOptions, { ...hooks, profiler, llm: provider });
    }
    const { header, slides } = await writeTopic(provider!, topic, opts, settings, profiler, hooks.signal);
    try {
      if (opts.quizEvery) {
        // Checkpoints need every slide (distractors come from the whole lecture), so this path waits.
        const deck: Deck = { ...(await header), slides: await Promise.all(slides) };
        return await renderWithQuiz(deck, provider, opts, outDir, renderOptions, { ...hooks, profiler, llm: provider });
      }
      return await renderLecture({ header, slides, warnings: [] }, renderOptions, { ...hooks, profiler, llm: provider });
    } catch (error) {
      await savePartialDeck(header, slides, outDir);
      throw error;
    }
  } finally {
    await provider?.close();
  }
}

/**
 * The outline, streamed: each slide's content call starts as soon as that slide's entry of the
 * outline has streamed in (a cached outline starts them all at once). Returns the header (known
 * once the title has arrived) and one promise per deck slide; the title slide needs the whole
 * outline (its intro).
 */
async function writeTopic(provider: LlmProvider, topic: string, opts: ResolvedOptions, settings: LlmProviderSettings, profiler: Profiler, signal?: AbortSignal) {
  const lang = opts.lang ?? 'en';
  const cache = openCache(opts);
  const llmIdentity = llmKey(opts.llm, settings);
  const request = { topic, slides: opts.slides, audience: opts.audience, lang, minutes: opts.minutes };
  const header = deferred<Deck>();
  const content = Array.from({ length: opts.slides }, () => deferred<Slide>());
  const known: Outline['slides'] = [];
  const started = new Set<number>();
  // One pool for every call to the LLM server: the streaming outline holds a slot too.
  const llm = new ResourcePool('llm', opts.llmConcurrency);
  const writer = slideWriter(provider, topic, opts, profiler, { cache, llmIdentity, llm }, signal);
  const start = (index: number, planned: Outline['slides'][number]) => {
    known[index] = planned;
    if (started.has(index) || index >= opts.slides) return;
    started.add(index);
    writer(index, known).then(content[index]!.resolve, content[index]!.reject);
  };
  const outline = cachedTask(cache, profiler, {
    ref: { id: 'outline', stage: 'outline', resource: 'llm' },
    inputs: { llm: llmIdentity, prompt: OUTLINE_PROMPT, request },
    codec: jsonCodec<Outline>(),
    compute: () =>
      llm.run(
        async () =>
          (
            await streamOutline(provider, request, {
              signal,
              onSlide: (index, planned, partial) => {
                if (partial.title) header.resolve(deckHeader(partial.title, partial.subtitle, lang));
                // The seed's order (--schedule staged) waits for the whole outline.
                if (opts.schedule !== 'staged') start(index, planned);
              },
            })
          ).outline,
        signal,
      ),
  }).then(({ value }) => {
    header.resolve(deckHeader(value.title, value.subtitle, lang));
    value.slides.forEach((planned, index) => start(index, planned));
    return value;
  });
  outline.catch((error) => {
    header.reject(error);
    for (const c of content) c.reject(error);
  });
  const title = outline.then((value) => titleSlide(value));
  const slides = [title, ...content.map((c) => c.promise)];
  for (const p of slides) p.catch(() => {}); // the renderer reports failures
  return { header: header.promise, slides };
}

function deckHeader(title: string, subtitle: string | undefined, lang: string): Deck {
  return validateDeck({ version: DECK_VERSION, title, ...(subtitle ? { subtitle } : {}), lang, slides: [{ title }] }, 'generated deck');
}

function titleSlide(outline: Outline): Slide {
  const narration = outline.intro || `${outline.title}. ${outline.subtitle ?? ''}`.trim();
  return validateDeck({ version: DECK_VERSION, slides: [{ title: outline.title, ...(outline.subtitle ? { subtitle: outline.subtitle } : {}), narration }] }).slides[0]!;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

async function renderWithQuiz(deck: Deck, provider: LlmProvider | undefined, opts: ResolvedOptions, outDir: string, renderOptions: LectraOptions, hooks: RenderHooks & { profiler: Profiler }): Promise<RenderResult> {
  let withQuiz = deck;
  if (opts.quizEvery) {
    await fs.mkdir(outDir, { recursive: true });
    ({ deck: withQuiz } = await addQuiz(deck, provider, hooks.profiler, { every: opts.quizEvery, questions: opts.quizQuestions, audience: opts.audience, quizFile: outputPaths(outDir).quiz, signal: hooks.signal }));
  }
  return renderLecture(sourceFromDeck(withQuiz), renderOptions, hooks);
}

/** What an LLM answer depends on besides the prompt: which server and model wrote it. */
function llmKey(id: string, settings: LlmProviderSettings): unknown {
  return { id, url: settings.url ?? null, model: settings.model ?? null, modelFile: settings.modelFile ?? null };
}

/**
 * Writes one content slide when called (bounded by --llm-concurrency). The prompt sees the lecture
 * topic, the slides up to this one and the total count — all known when the slide streams in —
 * so the prompt, and so the cache key, do not depend on how far the outline had got.
 */
function slideWriter(
  provider: LlmProvider,
  topic: string,
  opts: ResolvedOptions,
  profiler: Profiler,
  cacheCtx: { cache: ContentCache; llmIdentity: unknown; llm: ResourcePool },
  signal?: AbortSignal,
): (index: number, known: Outline['slides']) => Promise<Slide> {
  const { llm } = cacheCtx;
  const lang = opts.lang ?? 'en';
  const targetWords = narrationTargetWords(opts.minutes, opts.slides);
  return (index, known) => {
    const view: Outline = { title: topic, subtitle: '', intro: '', slides: known.slice(0, index + 1).filter(Boolean) };
    const at = view.slides.length - 1;
    const input = { outline: view, index: at, audience: opts.audience, lang, targetWords, totalSlides: opts.slides };
    return llm.run(
      async () =>
        (
          await cachedTask(cacheCtx.cache, profiler, {
            ref: { id: `content:${index + 2}`, stage: 'content', slide: index + 2, resource: 'llm' },
            inputs: { llm: cacheCtx.llmIdentity, prompt: CONTENT_PROMPT, ...input },
            codec: jsonCodec<Slide>(),
            compute: async () => {
              try {
                const slide = await generateSlideContent(provider, input, signal);
                return validateDeck({ version: DECK_VERSION, slides: [slide] }, `slide ${index + 2}`).slides[0]!;
              } catch (error) {
                throw nameSlide(error, index, opts.slides, known[index]?.title ?? '');
              }
            },
          })
        ).value,
      signal,
    );
  };
}

/** Says which slide failed, keeping the error's code (so exit status and HTTP status stay right). */
function nameSlide(error: unknown, index: number, total: number, title: string): unknown {
  if (!isLectraError(error) || error.code === 'aborted') return error;
  return new LectraError(error.code, `Slide ${index + 2} (content slide ${index + 1} of ${total}, "${title}"): ${error.message}`, {
    cause: error,
    slide: index + 2,
    field: error.field,
    details: error.details,
  });
}

/** Keeps what the LLM finished (as deck.json) so a failed or cancelled run loses no work. */
async function savePartialDeck(pendingHeader: Promise<Deck>, slides: Array<Promise<Slide>>, outDir: string): Promise<void> {
  const settled = await Promise.allSettled(slides);
  const finished = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const header = await pendingHeader.catch(() => undefined);
  if (finished.length === 0 || !header) return;
  try {
    await saveDeck({ ...header, slides: finished }, outputPaths(outDir).deck);
  } catch {
    // The original error matters more than a failed rescue.
  }
}
