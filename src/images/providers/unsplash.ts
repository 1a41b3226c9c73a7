import { z } from 'zod';
import { throwIfAborted } from '../../errors.js';
import { defineImageProvider, type ImageCandidate, type ImageOrientation, type ImageProvider, type ImageSearchOptions } from '../contract.js';
import { downloadImage } from '../download-image.js';
import { httpGet, httpGetJson } from '../http-get.js';
import { ImageProviderError } from '../image-provider-error.js';
import { requireApiKey, resolveNetworkSettings, type NetworkSettings } from '../resolve-network-settings.js';

/** The fields of `GET /search/photos` we read (https://unsplash.com/documentation#search-photos). */
const UnsplashResponse = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      width: z.number().optional(),
      height: z.number().optional(),
      description: z.string().nullish(),
      alt_description: z.string().nullish(),
      urls: z.object({ raw: z.string().optional(), full: z.string().optional(), regular: z.string() }),
      links: z.object({ html: z.string(), download_location: z.string().optional() }),
      user: z.object({ name: z.string(), username: z.string().optional(), links: z.object({ html: z.string() }).partial().optional() }),
    }),
  ),
});
type UnsplashPhoto = z.infer<typeof UnsplashResponse>['results'][number];

const ORIENTATION: Record<ImageOrientation, string> = { landscape: 'landscape', portrait: 'portrait', square: 'squarish' };
/** Unsplash asks apps to tag links back to it so photographers see where their work is used. */
const REFERRAL = 'utm_source=lectra&utm_medium=referral';

/**
 * Unsplash: free photos; needs an access key (UNSPLASH_ACCESS_KEY). Its API guidelines require
 * crediting the photographer and Unsplash (creditLine does) and calling the photo's
 * download_location when the app uses a photo (fetch does, after the image passed its checks).
 */
export const unsplashProvider = defineImageProvider({
  id: 'unsplash',
  description: 'Unsplash (free photos; needs UNSPLASH_ACCESS_KEY)',
  offline: false,
  needsKey: 'UNSPLASH_ACCESS_KEY',
  async setup(settings): Promise<ImageProvider> {
    const net = resolveNetworkSettings(settings, 'https://api.unsplash.com', 'unsplash');
    const key = requireApiKey(settings, 'UNSPLASH_ACCESS_KEY', 'Unsplash', 'https://unsplash.com/developers');
    const label = `Unsplash at ${net.baseUrl}`;
    const headers = { Authorization: `Client-ID ${key}`, 'Accept-Version': 'v1', 'User-Agent': net.userAgent, Accept: 'application/json' };
    // Candidate id → download_location, remembered between search and fetch.
    const trackers = new Map<string, string>();
    return {
      id: 'unsplash',
      async search(query, opts) {
        throwIfAborted(opts.signal);
        const body = await httpGetJson(searchUrl(net, query, opts), { ...net, label, headers, signal: opts.signal });
        const parsed = UnsplashResponse.safeParse(body);
        if (!parsed.success) throw new ImageProviderError('bad-response', `${label} answered in an unexpected shape.`, { cause: parsed.error });
        const photos = parsed.data.results.slice(0, opts.count);
        for (const photo of photos) if (photo.links.download_location) trackers.set(`unsplash:${photo.id}`, photo.links.download_location);
        return photos.map(toCandidate);
      },
      async fetch(candidate, opts) {
        throwIfAborted(opts.signal);
        const image = await downloadImage(candidate, { ...net, maxBytes: opts.maxBytes, label: 'Unsplash', headers: { 'User-Agent': net.userAgent }, signal: opts.signal });
        await trackDownload(trackers.get(candidate.id), net, headers, opts.signal);
        return image;
      },
      async close() {
        trackers.clear();
      },
    };
  },
});

function searchUrl(net: NetworkSettings, query: string, opts: ImageSearchOptions): string {
  const params = new URLSearchParams({ query, per_page: String(Math.min(30, Math.max(1, opts.count))), content_filter: 'high' });
  if (opts.orientation) params.set('orientation', ORIENTATION[opts.orientation]);
  return `${net.baseUrl}/search/photos?${params.toString()}`;
}

function toCandidate(photo: UnsplashPhoto): ImageCandidate {
  return {
    id: `unsplash:${photo.id}`,
    // `regular` is 1080 px wide: enough for a slide's image column, and the URL the guidelines want used.
    url: photo.urls.regular,
    width: photo.width,
    height: photo.height,
    title: photo.description ?? photo.alt_description ?? undefined,
    author: photo.user.name,
    license: 'Unsplash License',
    licenseUrl: 'https://unsplash.com/license',
    sourceUrl: withReferral(photo.links.html),
    provider: 'unsplash',
  };
}

function withReferral(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${REFERRAL}`;
}

/** Counting a use is a courtesy to the photographer: a failure here never costs the slide its image. */
async function trackDownload(location: string | undefined, net: NetworkSettings, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
  if (!location) return;
  try {
    await httpGet(location, { ...net, maxBytes: 64 * 1024, label: 'Unsplash download tracking', headers, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
  }
}
