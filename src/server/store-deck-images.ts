import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Deck, Slide } from '../deck/schema.js';
import { LectraError } from '../errors.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { checkImage } from '../images/check-image.js';
import { IMAGE_DEFAULTS } from '../images/contract.js';
import { httpGet } from '../images/http-get.js';
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
/** What the frames and the PPTX can draw (resvg and sharp between them). */
const DRAWABLE: Record<string, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif', svg: 'svg' };
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
    deck.slides.map(async (slide, i): Promise<Slide> => {
      const src = slide.image?.src;
      if (!slide.image || !src || !(REMOTE.test(src) || DATA.test(src))) return slide;
      // The same picture on several slides is fetched and stored once.
      let file = stored.get(src);
      if (!file) {
        file = pool.run(() => storeOne(src, i, options, signal), signal).catch((error: unknown) => {
          failure ??= imageError(error, src, i, options, timeout);
          stop.abort();
          throw failure;
        });
        stored.set(src, file);
      }
      return { ...slide, image: { ...slide.image, src: await file } };
    }),
  );
  if (failure) throw failure;
  return { ...deck, slides: settled.map((s) => (s as PromiseFulfilledResult<Slide>).value) };
}

async function storeOne(src: string, index: number, options: StoreImagesOptions, signal: AbortSignal): Promise<string> {
  const maxBytes = options.maxBytes ?? IMAGE_DEFAULTS.maxBytes;
  const label = `slides[${index}].image.src (slide ${index + 1})`;
  const { bytes, declaredType } = DATA.test(src)
    ? decodeDataUri(src, maxBytes, label)
    : await httpGet(src, { fetch: options.fetch ?? globalThis.fetch, timeoutMs: options.timeoutMs ?? IMAGE_DEFAULTS.timeoutMs, maxBytes, label: `${label}: ${shortSrc(src)}`, signal }).then((r) => ({
        bytes: r.bytes,
        declaredType: r.contentType,
      }));
  // The user's own picture: any size will do (the pool's 200 px minimum is for search results).
  const checked = await checkImage(bytes, { declaredType, maxBytes, minShortSide: 1, allowSvg: DATA.test(src), label: `${label}: ${shortSrc(src)}` });
  const extension = DRAWABLE[checked.format];
  if (!extension) throw new ImageProviderError('not-an-image', `${label}: ${shortSrc(src)} is a ${checked.format.toUpperCase()} image, which slides cannot show.`);
  const name = `images/${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${extension}`;
  await writeFileAtomic(path.join(options.dir, name), bytes);
  return name;
}

/** `data:[<type>][;base64],<data>` → bytes, refusing an oversized one before decoding it. */
function decodeDataUri(src: string, maxBytes: number, label: string): { bytes: Buffer; declaredType: string } {
  const comma = src.indexOf(',');
  if (comma < 0) throw new ImageProviderError('not-an-image', `${label}: the data: URI has no "," before its data.`);
  const meta = src.slice(5, comma).split(';');
  const base64 = meta.slice(1).some((p) => p.trim().toLowerCase() === 'base64');
  const payload = src.slice(comma + 1);
  const estimate = base64 ? Math.floor((payload.length * 3) / 4) : payload.length;
  if (estimate > maxBytes) throw new ImageProviderError('too-big', `${label}: the data: URI holds about ${megabytes(estimate)} MB, over the ${megabytes(maxBytes)} MB limit.`);
  if (base64 && !/^[A-Za-z0-9+/=\s_-]*$/.test(payload)) throw new ImageProviderError('not-an-image', `${label}: the data: URI says base64 but holds other characters.`);
  let bytes: Buffer;
  try {
    bytes = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload));
  } catch (cause) {
    throw new ImageProviderError('not-an-image', `${label}: the data: URI's data is not valid percent-encoding.`, { cause });
  }
  return { bytes, declaredType: meta[0]?.trim().toLowerCase() ?? '' };
}

function imageError(error: unknown, src: string, index: number, options: StoreImagesOptions, timeout: AbortSignal): LectraError {
  const field = `slides[${index}].image.src`;
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

/** A src for messages: a URL up to 200 characters; never a data URI's payload. */
function shortSrc(src: string): string {
  if (DATA.test(src)) return `the data: URI (${src.slice(0, Math.min(src.indexOf(',') < 0 ? 40 : src.indexOf(','), 60))},…)`;
  return src.length > 200 ? `${src.slice(0, 200)}…` : src;
}

function megabytes(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
