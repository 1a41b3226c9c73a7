import { z } from 'zod';
import { throwIfAborted } from '../../errors.js';
import { defineImageProvider, type ImageCandidate, type ImageOrientation, type ImageProvider, type ImageSearchOptions } from '../contract.js';
import { downloadImage } from '../download-image.js';
import { httpGetJson } from '../http-get.js';
import { ImageProviderError } from '../image-provider-error.js';
import { resolveNetworkSettings, type NetworkSettings } from '../resolve-network-settings.js';

/** The fields of `GET /v1/images/` results we read (https://api.openverse.org/v1/#tag/images). */
const OpenverseResponse = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      title: z.string().nullish(),
      url: z.string().nullish(),
      creator: z.string().nullish(),
      creator_url: z.string().nullish(),
      license: z.string(),
      license_version: z.string().nullish(),
      license_url: z.string().nullish(),
      foreign_landing_url: z.string().nullish(),
      width: z.number().nullish(),
      height: z.number().nullish(),
      filetype: z.string().nullish(),
    }),
  ),
});
type OpenverseImage = z.infer<typeof OpenverseResponse>['results'][number];

const BITMAP_TYPES = new Set(['jpg', 'jpeg', 'png', 'webp']);
const ASPECT: Record<ImageOrientation, string> = { landscape: 'wide', portrait: 'tall', square: 'square' };
const DEFAULT_LICENSES = ['by', 'by-sa', 'cc0', 'pdm'];
/** Anonymous clients may ask for at most 20 results per page. */
const MAX_PAGE_SIZE = 20;

/** Openverse: openly licensed images (Flickr, Wikimedia, museums…), keyless. */
export const openverseProvider = defineImageProvider({
  id: 'openverse',
  description: 'Openverse (openly licensed images; no key)',
  offline: false,
  async setup(settings): Promise<ImageProvider> {
    const net = resolveNetworkSettings(settings, 'https://api.openverse.org', 'openverse');
    const label = `Openverse at ${net.baseUrl}`;
    const headers = { 'User-Agent': net.userAgent, Accept: 'application/json' };
    return {
      id: 'openverse',
      async search(query, opts) {
        throwIfAborted(opts.signal);
        const body = await httpGetJson(searchUrl(net, query, opts), { ...net, label, headers, signal: opts.signal });
        const parsed = OpenverseResponse.safeParse(body);
        if (!parsed.success) throw new ImageProviderError('bad-response', `${label} answered in an unexpected shape.`, { cause: parsed.error });
        return parsed.data.results.filter(usable).slice(0, opts.count).map(toCandidate);
      },
      async fetch(candidate, opts) {
        throwIfAborted(opts.signal);
        return downloadImage(candidate, { ...net, maxBytes: opts.maxBytes, label: 'Openverse', headers: { 'User-Agent': net.userAgent }, signal: opts.signal });
      },
      async close() {},
    };
  },
});

function searchUrl(net: NetworkSettings, query: string, opts: ImageSearchOptions): string {
  const params = new URLSearchParams({ q: query, page_size: String(Math.min(MAX_PAGE_SIZE, Math.max(1, opts.count * 2))) });
  // Slides crop and scale pictures and lectures may be sold, so by default skip NoDerivatives
  // and NonCommercial works; `licenses` (Openverse codes) overrides.
  params.set('license', (net.licenses?.length ? net.licenses : DEFAULT_LICENSES).join(','));
  if (opts.orientation) params.set('aspect_ratio', ASPECT[opts.orientation]);
  params.set('mature', 'false');
  return `${net.baseUrl}/v1/images/?${params.toString()}`;
}

function usable(image: OpenverseImage): boolean {
  return Boolean(image.url) && (!image.filetype || BITMAP_TYPES.has(image.filetype.toLowerCase()));
}

function toCandidate(image: OpenverseImage): ImageCandidate {
  return {
    id: `openverse:${image.id}`,
    url: image.url!,
    width: image.width ?? undefined,
    height: image.height ?? undefined,
    title: image.title ?? undefined,
    author: image.creator ?? undefined,
    license: licenseName(image.license, image.license_version),
    licenseUrl: image.license_url ?? undefined,
    sourceUrl: image.foreign_landing_url ?? undefined,
    provider: 'openverse',
  };
}

/** Openverse's license codes ("by-sa", "cc0", "pdm") as people write them ("CC BY-SA 4.0"). */
export function licenseName(code: string, version?: string | null): string {
  const lower = code.toLowerCase();
  if (lower === 'cc0') return 'CC0 1.0';
  if (lower === 'pdm') return 'Public Domain Mark 1.0';
  return `CC ${lower.toUpperCase()}${version ? ` ${version}` : ''}`;
}
