import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Deck, Slide } from '../deck/schema.js';
import { imageFields, mapSlideImages } from '../deck/slide-content.js';
import { LectraError } from '../errors.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { IMAGE_DEFAULTS } from '../images/contract.js';
import { fetchUserImage } from '../images/fetch-user-image.js';
import { megabytes } from '../format-megabytes.js';
import { ImageProviderError } from '../images/image-provider-error.js';
import { ResourcePool } from '../pipeline/resource-pool.js';

export interface StoreImagesOptions {
  /** The folder the deck file is saved in; pictures go to its `images/`. */
  dir: string;
  /** Fetches http(s) images (the server's; tests point it at a loopback server). */
  fetch?: typeof fetch;
  /** Largest picture, in bytes (decoded, for data: URIs). Default the image pool's 10 MB. */
  maxBytes?: number;
  /** Per download. Default the image pool's 15 s. */
  timeoutMs?: number;
  /** All of one request's downloads together. Default 60 s. */
  totalTimeoutMs?: number;
}

const REMOTE = /^https?:\/\//i;
const DATA = /^data:/i;
const DOWNLOADS_AT_ONCE = 4;

/**
 * Takes a submitted deck's http(s) and data: images into the job: each is fetched (with the image
 * pool's size cap, timeout and content check) or decoded, checked to really be a PNG, JPEG, WebP,
 * GIF or SVG, written once under `images/<content hash>.<ext>` next to the deck, and its `src`
 * rewritten to that relative path — before the deck is saved, so job.json, the event log and
 * error messages never carry a data URI, and the render needs no network. A picture that cannot
 * be had is a 400 naming `slides[i].image.src` and what to do.
 */
export async function storeDeckImages(deck: Deck, options: StoreImagesOptions): Promise<Deck> {
  const pool = new ResourcePool('api-images', DOWNLOADS_AT_ONCE);
  const timeout = AbortSignal.timeout(options.totalTimeoutMs ?? 60_000);
  // The first failure stops the other downloads, and nothing is written after this returns.
  const stop = new AbortController();
  const signal = AbortSignal.any([timeout, stop.signal]);
  let failure: LectraError | undefined;
  const stored = new Map<string, Promise<string>>();
  const settled = await Promise.allSettled(
    deck.slides.map((slide, i): Promise<Slide> => {
      const fields = imageFields(slide, i);
      return mapSlideImages(slide, async (image, k) => {
        const src = image.src;
        if (!(REMOTE.test(src) || DATA.test(src))) return image;
        // The same picture on several slides is fetched and stored once.
        let file = stored.get(src);
        if (!file) {
          file = pool.run(() => storeOne(src, fields[k]!, i, options, signal), signal).catch((error: unknown) => {
            failure ??= imageError(error, src, fields[k]!, i, options, timeout);
            stop.abort();
            throw failure;
          });
          stored.set(src, file);
        }
        return { ...image, src: await file };
      });
    }),
  );
  if (failure) throw failure;
  return { ...deck, slides: settled.map((s) => (s as PromiseFulfilledResult<Slide>).value) };
}

async function storeOne(src: string, field: string, index: number, options: StoreImagesOptions, signal: AbortSignal): Promise<string> {
  const label = `${field} (slide ${index + 1})`;
  const { bytes, extension } = await fetchUserImage(src, { fetch: options.fetch, maxBytes: options.maxBytes, timeoutMs: options.timeoutMs, label, signal });
  const name = `images/${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${extension}`;
  await writeFileAtomic(path.join(options.dir, name), bytes);
  return name;
}

function imageError(error: unknown, src: string, field: string, index: number, options: StoreImagesOptions, timeout: AbortSignal): LectraError {
  const fix = DATA.test(src) ? 'send a PNG, JPEG, WebP, GIF or SVG picture' : 'use a URL that serves a PNG, JPEG, WebP or GIF picture, or send the picture itself as a data: URI';
  if (timeout.aborted && !(error instanceof ImageProviderError)) {
    return new LectraError('bad-image', `${field} (slide ${index + 1}): the deck's images took over ${((options.totalTimeoutMs ?? 60_000) / 1000).toFixed(0)} s to fetch — send fewer or smaller images, or send them as data: URIs.`, { field, slide: index + 1, cause: error });
  }
  if (error instanceof ImageProviderError) {
    const message = (error.message.startsWith(field) ? error.message : `${field} (slide ${index + 1}): ${error.message}`).replace(/; skipped it\.?$/, '');
    const todo = error.reason === 'too-big' ? `send a smaller picture (at most ${megabytes(options.maxBytes ?? IMAGE_DEFAULTS.maxBytes)} MB)` : fix;
    return new LectraError('bad-image', `${message.replace(/\.$/, '')} — ${todo}.`, { field, slide: index + 1, cause: error });
  }
  if (error instanceof LectraError) return error;
  return new LectraError('internal', `${field} (slide ${index + 1}): the picture could not be stored (${error instanceof Error ? error.message : String(error)}).`, { field, slide: index + 1, cause: error });
}
