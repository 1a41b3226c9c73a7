import type { ContentCache } from './content-cache.js';
import { hashKey } from './content-cache.js';
import type { Profiler } from './profiler.js';
import type { TaskRef } from './progress.js';
import type { Codec } from './task-codecs.js';

/**
 * Bump a stage's version when its code changes what it produces: old cache entries then stop
 * matching. LLM stages add their prompt version to the key as well.
 */
export const TASK_VERSIONS: Record<TaskRef['stage'], number> = {
  documents: 1,
  load: 1,
  outline: 1,
  content: 1,
  layout: 1,
  images: 1,
  frames: 1,
  pptx: 1,
  narration: 1,
  prosody: 1,
  speech: 1,
  timings: 1,
  audio: 2,
  video: 1,
};

export interface CachedTaskSpec<T> {
  ref: TaskRef;
  /** Everything the output depends on (inputs, provider settings, upstream keys). */
  inputs: unknown;
  codec: Codec<T>;
  compute: () => Promise<T>;
  /** Optional check that a decoded hit is still usable (e.g. a referenced file exists). */
  valid?: (value: T) => Promise<boolean>;
}

/** A task's cache key: its stage, the stage's version, and its inputs. */
export function taskKey(ref: TaskRef, inputs: unknown): string {
  return hashKey({ stage: ref.stage, version: TASK_VERSIONS[ref.stage], inputs });
}

/**
 * Runs a task through the cache: a hit is decoded and returned (and recorded as cached in the
 * profile); a miss, or an entry that fails to decode, is computed and stored.
 * Returns the value and its key, so downstream tasks can chain keys instead of re-hashing data,
 * and whether it came from the cache.
 */
export async function cachedTask<T>(cache: ContentCache, profiler: Profiler, spec: CachedTaskSpec<T>): Promise<{ value: T; key: string; cached: boolean }> {
  const key = taskKey(spec.ref, spec.inputs);
  let cached = false;
  const value = await profiler.task(spec.ref, async (control) => {
    const hit = await cache.get(spec.ref.stage, key);
    if (hit) {
      try {
        const decoded = spec.codec.decode(hit);
        if (!spec.valid || (await spec.valid(decoded))) {
          control.markCached();
          cached = true;
          return decoded;
        }
      } catch {
        // A corrupt entry is just a miss: fall through and recompute.
      }
    }
    const computed = await spec.compute();
    await cache.put(spec.ref.stage, key, spec.codec.encode(computed));
    return computed;
  });
  return { value, key, cached };
}

export interface CachedFileTaskSpec {
  ref: TaskRef;
  inputs: unknown;
  /** Where the output file goes (a hit is copied there; `compute` writes it there). */
  out: string;
  compute: (out: string) => Promise<void>;
}

/**
 * cachedTask for outputs too big to hold in memory (the video, the deck, the lecture's AAC
 * track): the result is the file `out`, copied from or into the cache by streaming.
 */
export async function cachedFileTask(cache: ContentCache, profiler: Profiler, spec: CachedFileTaskSpec): Promise<{ key: string }> {
  const key = taskKey(spec.ref, spec.inputs);
  await profiler.task(spec.ref, async (control) => {
    if (await cache.getFile(spec.ref.stage, key, spec.out)) {
      control.markCached();
      return;
    }
    await spec.compute(spec.out);
    await cache.putFile(spec.ref.stage, key, spec.out);
  });
  return { key };
}
