import { z } from 'zod';
import { throwIfAborted } from '../../errors.js';
import { defineImageProvider, type ImageCandidate, type ImageProvider, type ImageSearchOptions } from '../contract.js';
import { downloadImage } from '../download-image.js';
import { httpGetJson } from '../http-get.js';
import { ImageProviderError } from '../image-provider-error.js';
import { resolveNetworkSettings, type NetworkSettings } from '../resolve-network-settings.js';
import { stripHtml } from '../strip-html.js';

const MetaValue = z.object({ value: z.union([z.string(), z.number()]).nullish() }).nullish();

/** The fields of an `action=query&prop=imageinfo&iiprop=url|size|mime|extmetadata` page we read. */
const CommonsPage = z.object({
  pageid: z.number().optional(),
  title: z.string(),
  index: z.number().optional(),
  imageinfo: z
    .array(
      z.object({
        url: z.string(),
        descriptionurl: z.string().optional(),
        thumburl: z.string().optional(),
        thumbwidth: z.number().optional(),
        thumbheight: z.number().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        size: z.number().optional(),
        mime: z.string().optional(),
        extmetadata: z
          .object({
            LicenseShortName: MetaValue,
            LicenseUrl: MetaValue,
            Artist: MetaValue,
            ImageDescription: MetaValue,
            ObjectName: MetaValue,
          })
          .optional(),
      }),
    )
    .optional(),
});
type CommonsPage = z.infer<typeof CommonsPage>;

/** formatversion=1 keys pages by id; formatversion=2 lists them. No `query` means no hits. */
const CommonsResponse = z.object({
  query: z.object({ pages: z.union([z.record(z.string(), CommonsPage), z.array(CommonsPage)]) }).optional(),
});

const BITMAP_MIMES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Ask Commons for a scaled copy this wide: originals are often 20+ megapixels. */
const THUMB_WIDTH = 1600;

/** Wikimedia Commons: the free media repository behind Wikipedia, keyless. */
export const wikimediaProvider = defineImageProvider({
  id: 'wikimedia',
  description: 'Wikimedia Commons (free media repository; no key)',
  offline: false,
  async setup(settings): Promise<ImageProvider> {
    const net = resolveNetworkSettings(settings, 'https://commons.wikimedia.org/w/api.php', 'wikimedia');
    const label = `Wikimedia Commons at ${net.baseUrl}`;
    // Wikimedia's User-Agent policy: name the tool and how to reach its operator, or be blocked.
    const headers = { 'User-Agent': net.userAgent, 'Api-User-Agent': net.userAgent, Accept: 'application/json' };
    return {
      id: 'wikimedia',
      async search(query, opts) {
        throwIfAborted(opts.signal);
        const body = await httpGetJson(searchUrl(net, query, opts), { ...net, label, headers, signal: opts.signal });
        const parsed = CommonsResponse.safeParse(body);
        if (!parsed.success) throw new ImageProviderError('bad-response', `${label} answered in an unexpected shape.`, { cause: parsed.error });
        const pages = parsed.data.query ? Object.values(parsed.data.query.pages) : [];
        return pages
          .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
          .map(toCandidate)
          .filter((candidate): candidate is ImageCandidate => candidate !== undefined && licenseAllowed(candidate.license, net.licenses))
          .slice(0, opts.count);
      },
      async fetch(candidate, opts) {
        throwIfAborted(opts.signal);
        return downloadImage(candidate, { ...net, maxBytes: opts.maxBytes, label: 'Wikimedia Commons', headers: { 'User-Agent': net.userAgent }, signal: opts.signal });
      },
      async close() {},
    };
  },
});

function searchUrl(net: NetworkSettings, query: string, opts: ImageSearchOptions): string {
  const params = new URLSearchParams({
    action: 'query',
    format: 'json',
    generator: 'search',
    gsrnamespace: '6',
    // filetype:bitmap keeps out PDFs, SVG drawings, audio and video files.
    gsrsearch: `${query} filetype:bitmap`,
    gsrlimit: String(Math.min(20, Math.max(1, opts.count * 3))),
    prop: 'imageinfo',
    iiprop: 'url|size|mime|extmetadata',
    iiurlwidth: String(THUMB_WIDTH),
    iiextmetadatafilter: 'LicenseShortName|LicenseUrl|Artist|ImageDescription|ObjectName',
  });
  return `${net.baseUrl}?${params.toString()}`;
}

function toCandidate(page: CommonsPage): ImageCandidate | undefined {
  const info = page.imageinfo?.[0];
  if (!info || (info.mime && !BITMAP_MIMES.has(info.mime))) return undefined;
  const meta = info.extmetadata ?? {};
  const text = (field: z.infer<typeof MetaValue>): string | undefined => {
    const value = field?.value;
    const plain = value === undefined || value === null ? '' : stripHtml(String(value));
    return plain || undefined;
  };
  const useThumb = Boolean(info.thumburl) && (info.width ?? 0) > THUMB_WIDTH;
  return {
    id: `wikimedia:${page.pageid ?? page.title}`,
    url: useThumb ? info.thumburl! : info.url,
    width: useThumb ? info.thumbwidth : info.width,
    height: useThumb ? info.thumbheight : info.height,
    title: text(meta.ObjectName) ?? page.title.replace(/^File:/, '').replace(/\.[a-z0-9]+$/i, ''),
    author: text(meta.Artist),
    license: text(meta.LicenseShortName),
    licenseUrl: text(meta.LicenseUrl),
    sourceUrl: info.descriptionurl,
    provider: 'wikimedia',
  };
}

/** With an allow-list (Openverse-style codes: by, by-sa, cc0, pdm), keep only matching licenses. */
function licenseAllowed(license: string | undefined, allowed: string[] | undefined): boolean {
  if (!allowed?.length) return true;
  const code = licenseCode(license);
  return code !== undefined && allowed.map((item) => item.toLowerCase()).includes(code);
}

function licenseCode(license: string | undefined): string | undefined {
  if (!license) return undefined;
  const lower = license.toLowerCase();
  if (lower.includes('cc0')) return 'cc0';
  if (lower.includes('public domain') || lower === 'pd' || lower.startsWith('pd-')) return 'pdm';
  const match = /cc[\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)/.exec(lower);
  return match?.[1];
}
