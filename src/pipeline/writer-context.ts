import type { ResolvedOptions } from '../config/options.js';
import type { Deck, Slide } from '../deck/schema.js';
import { LectraError, isLectraError } from '../errors.js';
import type { LlmProvider, LlmProviderSettings } from '../llm/contract.js';
import type { ContentCache } from './content-cache.js';
import { openCache } from './open-cache.js';
import type { Profiler } from './profiler.js';
import { ResourcePool } from './resource-pool.js';

/** What the LLM slide writers (topic and documents) share for one run. */
export interface WriterContext {
  provider: LlmProvider;
  cache: ContentCache;
  /** What an answer depends on besides its prompt: which server and model wrote it. */
  llmIdentity: unknown;
  /** One pool for every call to the LLM (outline included), sized by --llm-concurrency. */
  llm: ResourcePool;
  profiler: Profiler;
  signal?: AbortSignal;
}

/** A lecture being written: the header once the title is known, and one promise per deck slide. */
export interface WrittenLecture {
  header: Promise<Deck>;
  slides: Array<Promise<Slide>>;
}

export function writerContext(provider: LlmProvider, opts: ResolvedOptions, settings: LlmProviderSettings, profiler: Profiler, signal?: AbortSignal): WriterContext {
  return {
    provider,
    cache: openCache(opts),
    llmIdentity: { id: opts.llm, url: settings.url ?? null, model: settings.model ?? null, modelFile: settings.modelFile ?? null },
    llm: new ResourcePool('llm', opts.llmConcurrency),
    profiler,
    signal,
  };
}

/** Says which slide failed, keeping the error's code (so exit status and HTTP status stay right). */
export function nameSlide(error: unknown, index: number, total: number, title: string): unknown {
  if (!isLectraError(error) || error.code === 'aborted') return error;
  return new LectraError(error.code, `Slide ${index + 2} (content slide ${index + 1} of ${total}, "${title}"): ${error.message}`, {
    cause: error,
    slide: index + 2,
    field: error.field,
    details: error.details,
  });
}
