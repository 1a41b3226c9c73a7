import type { ImageCredit } from '../deck/schema.js';
import { checkImage } from './check-image.js';
import type { FetchedImage, ImageCandidate } from './contract.js';
import { httpGet } from './http-get.js';

export interface DownloadImageOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  label: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Downloads a candidate's bytes (capped, timed), verifies them and attaches the candidate's credit. */
export async function downloadImage(candidate: ImageCandidate, options: DownloadImageOptions): Promise<FetchedImage> {
  const label = `${options.label} image ${candidate.url}`;
  const { bytes, contentType } = await httpGet(candidate.url, { ...options, label });
  const checked = await checkImage(bytes, { declaredType: contentType, maxBytes: options.maxBytes, label });
  return { bytes, mime: checked.mime, width: checked.width, height: checked.height, credit: creditOf(candidate) };
}

/** The credit fields of a candidate, without empty values (credits.json stays tidy). */
export function creditOf(candidate: ImageCandidate): ImageCredit {
  const credit: ImageCredit = {
    title: candidate.title,
    author: candidate.author,
    license: candidate.license,
    licenseUrl: candidate.licenseUrl,
    sourceUrl: candidate.sourceUrl,
    provider: candidate.provider,
  };
  for (const key of Object.keys(credit) as Array<keyof ImageCredit>) {
    if (credit[key] === undefined || credit[key] === '') delete credit[key];
  }
  return credit;
}
