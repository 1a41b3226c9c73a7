import os from 'node:os';
import path from 'node:path';
import type { ImageCredit, ThemeName } from '../deck/schema.js';
import { isLectraError, throwIfAborted } from '../errors.js';
import { storeImage } from './store-image.js';
import { IMAGE_DEFAULTS, type FetchedImage, type ImageCandidate, type ImageProvider } from './contract.js';
import { ImageProviderError, type ImageFailureReason } from './image-provider-error.js';

export { slideImageQueries } from './slide-image-queries.js';

export interface SlideImageRequest {
  /** 0-based index of the slide (for messages and credits). */
  slideIndex: number;
  /** Search phrases, best first (see slideImageQueries). */
  queries: string[];
  title: string;
  keywords: string[];
  theme: ThemeName;
}

export interface FallbackInfo {
  provider: string;
  /** Machine-readable: timeout, rate-limited, server-error, not-an-image, too-big, no-results… */
  reason: ImageFailureReason | 'failed';
  /** One line for a person, with the fix where there is one. */
  message: string;
}

export interface FindSlideImageOptions {
  signal?: AbortSignal;
  /** Where image files are stored, named by content hash (default: the OS temp folder). */
  cacheDir?: string;
  /** Download cap per image (default 10 MB). */
  maxBytes?: number;
  onFallback?: (info: FallbackInfo) => void;
}

export interface SlideImageResult {
  path: string;
  credit: ImageCredit;
  provider: string;
}


/**
 * Finds a picture for one slide: providers in fallback order, each searched with the slide's
 * queries; up to three candidates per provider are downloaded and checked, the first good one
 * wins. A provider that is down, slow or rate-limited is left at once; one whose files are bad
 * (HTML instead of an image, too big, too small) after its candidates. Each fallback is reported
 * through onFallback. The file is stored under cacheDir named by its SHA-256, written atomically.
 * Returns undefined when no provider has a picture (e.g. `none`).
 */
export async function findSlideImage(request: SlideImageRequest, providers: ImageProvider[], options: FindSlideImageOptions = {}): Promise<SlideImageResult | undefined> {
  for (const provider of providers) {
    throwIfAborted(options.signal);
    const outcome = await tryProvider(provider, request, options);
    if ('image' in outcome) {
      const file = await storeImage(outcome.image, options.cacheDir ?? path.join(os.tmpdir(), 'lectra-images'));
      return { path: file, credit: outcome.image.credit, provider: provider.id };
    }
    options.onFallback?.({ provider: provider.id, reason: outcome.reason, message: outcome.message });
  }
  return undefined;
}

type Outcome = { image: FetchedImage } | { reason: FallbackInfo['reason']; message: string };

async function tryProvider(provider: ImageProvider, request: SlideImageRequest, options: FindSlideImageOptions): Promise<Outcome> {
  let last: Outcome = { reason: 'no-results', message: `${provider.id} found no picture for "${request.queries[0] ?? request.title}".` };
  let candidates: ImageCandidate[];
  try {
    candidates = await searchAll(provider, request, options.signal);
  } catch (error) {
    return failure(error);
  }
  for (const candidate of candidates.slice(0, IMAGE_DEFAULTS.candidatesPerProvider)) {
    try {
      return { image: await provider.fetch(candidate, { signal: options.signal, maxBytes: options.maxBytes ?? IMAGE_DEFAULTS.maxBytes }) };
    } catch (error) {
      last = failure(error);
      // A sick provider fails every candidate the same way: do not wait for each in turn.
      if (!(error instanceof ImageProviderError) || !error.candidateOnly) return last;
    }
  }
  return last;
}

/** Queries in order until one returns candidates; unique by id. */
async function searchAll(provider: ImageProvider, request: SlideImageRequest, signal: AbortSignal | undefined): Promise<ImageCandidate[]> {
  const context = { title: request.title, keywords: request.keywords, theme: request.theme };
  const queries = request.queries.length > 0 ? request.queries : [request.title];
  for (const query of queries.filter((q) => q.trim())) {
    const found = await provider.search(query, { count: IMAGE_DEFAULTS.candidatesPerProvider, orientation: 'landscape', signal, context });
    if (found.length > 0) return found;
  }
  return [];
}

/** Abort passes through untouched; everything else becomes a fallback reason. */
function failure(error: unknown): { reason: FallbackInfo['reason']; message: string } {
  if (isLectraError(error) && error.code === 'aborted') throw error;
  if (error instanceof ImageProviderError) return { reason: error.reason, message: error.message };
  return { reason: 'failed', message: error instanceof Error ? error.message : String(error) };
}


