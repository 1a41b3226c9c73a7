import path from 'node:path';
import type { ResolvedOptions } from '../config/options.js';
import { ContentCache, defaultCacheDir } from './content-cache.js';

/** The run's cache: --cache-dir (or the user cache folder), or a disabled one with --no-cache. */
export function openCache(opts: Pick<ResolvedOptions, 'noCache' | 'cacheDir'>): ContentCache {
  return new ContentCache(opts.noCache ? undefined : path.resolve(opts.cacheDir ?? defaultCacheDir()));
}
