import type { ImageCredit, ThemeName } from '../deck/schema.js';

/**
 * The image provider contract. A provider finds candidate images for a search phrase and
 * downloads (or draws) one of them, verified and with its credit. Providers are registered with
 * defineImageProvider and looked up by id (see registry.ts); every provider passes the shared
 * contract suite in test/images/contract-suite.ts.
 */

export interface ImageCandidate {
  /** Stable within the provider (e.g. `openverse:<uuid>`). */
  id: string;
  /** Where the bytes are: an http(s) URL, a file path (local) or a `generated:` recipe. */
  url: string;
  width?: number;
  height?: number;
  title?: string;
  author?: string;
  /** Human-readable license, e.g. "CC BY-SA 4.0". */
  license?: string;
  licenseUrl?: string;
  /** The page a person visits to see the work and its terms. */
  sourceUrl?: string;
  provider: string;
}

export interface FetchedImage {
  bytes: Buffer;
  mime: string;
  width: number;
  height: number;
  credit: ImageCredit;
}

export type ImageOrientation = 'landscape' | 'portrait' | 'square';

/** What the slide is about; providers that draw (generated) use it, search providers ignore it. */
export interface ImageSearchContext {
  title?: string;
  keywords?: string[];
  theme?: ThemeName;
}

export interface ImageSearchOptions {
  count: number;
  orientation?: ImageOrientation;
  signal?: AbortSignal;
  context?: ImageSearchContext;
}

export interface ImageFetchOptions {
  signal?: AbortSignal;
  /** Downloads stop (and fail with reason `too-big`) past this many bytes. */
  maxBytes: number;
}

export interface ImageProvider {
  readonly id: string;
  search(query: string, opts: ImageSearchOptions): Promise<ImageCandidate[]>;
  fetch(candidate: ImageCandidate, opts: ImageFetchOptions): Promise<FetchedImage>;
  close(): Promise<void>;
}

/** Settings every provider may read; providers ignore what they do not use. */
export interface ImageProviderSettings {
  /** Base URL of network providers. */
  url?: string;
  /** Key of keyed providers; when absent they read the environment variable named by `needsKey`. */
  apiKey?: string;
  /** Limit for one request (search or download), in milliseconds. */
  timeoutMs?: number;
  /** Default download cap in bytes when a fetch call does not give one. */
  maxBytes?: number;
  /** Folder of the user's images (local). */
  folder?: string;
  fetch?: typeof fetch;
  /** Sent on every request; Wikimedia's policy asks for a name and a way to contact the operator. */
  userAgent?: string;
  /** Accepted licenses, e.g. ['by', 'by-sa', 'cc0', 'pdm']; providers filter or ask the API. */
  licenses?: string[];
}

export interface ImageProviderDefinition {
  id: string;
  description: string;
  /** Whether it works without a network. */
  offline: boolean;
  /** Environment variable holding the API key, for keyed providers. */
  needsKey?: string;
  setup(settings: ImageProviderSettings): Promise<ImageProvider>;
}

export function defineImageProvider(definition: ImageProviderDefinition): ImageProviderDefinition {
  return definition;
}

/** Defaults shared by the providers; the config layer may override each through settings. */
export const IMAGE_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 10 * 1024 * 1024,
  /** Candidates tried per provider before falling back to the next one. */
  candidatesPerProvider: 3,
  /** Images whose short side is below this look blurry on a 1080p slide. */
  minShortSide: 200,
  /** Above this many pixels decoding costs too much memory for a slide picture. */
  maxPixels: 40_000_000,
  userAgent: 'LECTRA/0.1 (local lecture generator; set a contact with the image provider userAgent setting) node-fetch',
} as const;
