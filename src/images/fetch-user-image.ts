import { checkImage } from './check-image.js';
import { IMAGE_DEFAULTS } from './contract.js';
import { httpGet } from './http-get.js';
import { ImageProviderError } from './image-provider-error.js';
import { megabytes } from '../format-megabytes.js';

export interface FetchUserImageOptions {
  fetch?: typeof fetch;
  /** Largest picture, in bytes (decoded, for data: URIs). Default the image pool's 10 MB. */
  maxBytes?: number;
  /** Per download. Default the image pool's 15 s. */
  timeoutMs?: number;
  /** Names the picture in messages, e.g. `slides[2].image.src (slide 3)`. */
  label: string;
  signal?: AbortSignal;
}

const DATA = /^data:/i;
/** What the frames and the PPTX can draw (resvg and sharp between them). */
const DRAWABLE: Record<string, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif', svg: 'svg' };

/**
 * A picture the author linked (an http(s) URL or a data: URI), fetched with the image pool's
 * limits (size cap, timeout) or decoded, and checked to really be a PNG, JPEG, WebP or GIF (SVG
 * only from a data: URI, never from the network). Throws an ImageProviderError saying why not.
 */
export async function fetchUserImage(src: string, options: FetchUserImageOptions): Promise<{ bytes: Buffer; format: string; extension: string; mime: string; width: number; height: number }> {
  const maxBytes = options.maxBytes ?? IMAGE_DEFAULTS.maxBytes;
  const label = `${options.label}: ${shortSrc(src)}`;
  const { bytes, declaredType } = DATA.test(src)
    ? decodeDataUri(src, maxBytes, options.label)
    : await httpGet(src, { fetch: options.fetch ?? globalThis.fetch, timeoutMs: options.timeoutMs ?? IMAGE_DEFAULTS.timeoutMs, maxBytes, label, signal: options.signal }).then((r) => ({
        bytes: r.bytes,
        declaredType: r.contentType,
      }));
  // The user's own picture: any size will do (the pool's 200 px minimum is for search results).
  const checked = await checkImage(bytes, { declaredType, maxBytes, minShortSide: 1, allowSvg: DATA.test(src), label });
  const extension = DRAWABLE[checked.format];
  if (!extension) throw new ImageProviderError('not-an-image', `${label} is a ${checked.format.toUpperCase()} image, which slides cannot show.`);
  return { bytes, extension, ...checked };
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

/** A src for messages: a URL up to 200 characters; never a data URI's payload. */
export function shortSrc(src: string): string {
  if (DATA.test(src)) return `the data: URI (${src.slice(0, Math.min(src.indexOf(',') < 0 ? 40 : src.indexOf(','), 60))},…)`;
  return src.length > 200 ? `${src.slice(0, 200)}…` : src;
}

