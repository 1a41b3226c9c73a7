import { z } from 'zod';
import { throwIfAborted } from '../../errors.js';
import { defineImageProvider, type ImageCandidate, type ImageProvider, type ImageSearchOptions } from '../contract.js';
import { downloadImage } from '../download-image.js';
import { httpGetJson } from '../http-get.js';
import { ImageProviderError } from '../image-provider-error.js';
import { requireApiKey, resolveNetworkSettings, type NetworkSettings } from '../resolve-network-settings.js';

/** The fields of `GET /v1/search` we read (https://www.pexels.com/api/documentation/#photos-search). */
const PexelsResponse = z.object({
  photos: z.array(
    z.object({
      id: z.number(),
      width: z.number().optional(),
      height: z.number().optional(),
      url: z.string(),
      photographer: z.string().optional(),
      photographer_url: z.string().optional(),
      alt: z.string().nullish(),
      src: z.object({ original: z.string(), large2x: z.string().optional(), large: z.string().optional() }),
    }),
  ),
});
type PexelsPhoto = z.infer<typeof PexelsResponse>['photos'][number];

/** Pexels: free stock photos; needs a free API key (PEXELS_API_KEY). */
export const pexelsProvider = defineImageProvider({
  id: 'pexels',
  description: 'Pexels (free stock photos; needs PEXELS_API_KEY)',
  offline: false,
  needsKey: 'PEXELS_API_KEY',
  async setup(settings): Promise<ImageProvider> {
    const net = resolveNetworkSettings(settings, 'https://api.pexels.com', 'pexels');
    const key = requireApiKey(settings, 'PEXELS_API_KEY', 'Pexels', 'https://www.pexels.com/api/');
    const label = `Pexels at ${net.baseUrl}`;
    const headers = { Authorization: key, 'User-Agent': net.userAgent, Accept: 'application/json' };
    return {
      id: 'pexels',
      async search(query, opts) {
        throwIfAborted(opts.signal);
        const body = await httpGetJson(searchUrl(net, query, opts), { ...net, label, headers, signal: opts.signal });
        const parsed = PexelsResponse.safeParse(body);
        if (!parsed.success) throw new ImageProviderError('bad-response', `${label} answered in an unexpected shape.`, { cause: parsed.error });
        return parsed.data.photos.slice(0, opts.count).map(toCandidate);
      },
      async fetch(candidate, opts) {
        throwIfAborted(opts.signal);
        return downloadImage(candidate, { ...net, maxBytes: opts.maxBytes, label: 'Pexels', headers: { 'User-Agent': net.userAgent }, signal: opts.signal });
      },
      async close() {},
    };
  },
});

function searchUrl(net: NetworkSettings, query: string, opts: ImageSearchOptions): string {
  const params = new URLSearchParams({ query, per_page: String(Math.min(80, Math.max(1, opts.count))) });
  if (opts.orientation) params.set('orientation', opts.orientation);
  return `${net.baseUrl}/v1/search?${params.toString()}`;
}

function toCandidate(photo: PexelsPhoto): ImageCandidate {
  return {
    id: `pexels:${photo.id}`,
    // large2x is at most 1880×1300: sharp on a 1080p slide, a fraction of the original's bytes.
    url: photo.src.large2x ?? photo.src.large ?? photo.src.original,
    width: photo.width,
    height: photo.height,
    title: photo.alt || undefined,
    author: photo.photographer,
    license: 'Pexels License',
    licenseUrl: 'https://www.pexels.com/license/',
    sourceUrl: photo.url,
    provider: 'pexels',
  };
}
