import type { Deck } from '../../src/deck/schema.js';
import type { LlmProvider } from '../../src/llm/contract.js';
import { ContentCache } from '../../src/pipeline/content-cache.js';
import { Profiler } from '../../src/pipeline/profiler.js';
import { ResourcePool } from '../../src/pipeline/resource-pool.js';
import type { WriterContext, WrittenLecture } from '../../src/pipeline/writer-context.js';

/** A writer context for tests: no cache unless a folder is given, `concurrency` LLM slots. */
export function testWriterContext(provider: LlmProvider, options: { concurrency?: number; cacheDir?: string; signal?: AbortSignal } = {}): WriterContext {
  return {
    provider,
    cache: new ContentCache(options.cacheDir),
    llmIdentity: { id: 'test' },
    llm: new ResourcePool('llm', options.concurrency ?? 2),
    profiler: new Profiler(),
    signal: options.signal,
  };
}

/** Waits for the whole lecture: rejects with the first failure (header, then slides in order). */
export async function wholeDeck(written: WrittenLecture): Promise<Deck> {
  const header = await written.header;
  return { ...header, slides: await Promise.all(written.slides) };
}
