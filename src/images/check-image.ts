import { loadSharp } from '../heavy-deps.js';
import { IMAGE_DEFAULTS } from './contract.js';
import { ImageProviderError } from './image-provider-error.js';
import { sniffImage, type SniffedImage } from './sniff-image.js';
import { megabytes } from '../format-megabytes.js';

export interface CheckImageOptions {
  /** The Content-Type the server claimed ('' or undefined when none). */
  declaredType?: string;
  maxBytes?: number;
  minShortSide?: number;
  maxPixels?: number;
  /** Accept SVG (the user's own files); never for downloads, which must be bitmaps. */
  allowSvg?: boolean;
  /** Names the image in messages, e.g. its URL. */
  label?: string;
}

export interface CheckedImage {
  /** Pixel size as displayed (EXIF rotation applied). */
  width: number;
  height: number;
  /** sharp's format name: jpeg, png, webp, gif, avif, tiff, svg. */
  format: string;
  mime: string;
}

type Sniffed = SniffedImage;

const MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
  heif: 'image/avif',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** Server labels that say nothing about the content, so they cannot contradict it. */
const NEUTRAL_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * Verifies that bytes are a usable picture before they reach a slide: the magic number says
 * what the file is (an HTML error page sent as image/jpeg is caught here), the server's claim
 * must agree, the header gives the size, and a full decode catches truncated or corrupt data.
 */
export async function checkImage(bytes: Buffer, options: CheckImageOptions = {}): Promise<CheckedImage> {
  const label = options.label ?? 'The image';
  const sniffed = sniffImage(bytes);
  if (sniffed === 'text' || sniffed === 'unknown' || (sniffed === 'svg' && !options.allowSvg)) {
    throw new ImageProviderError('not-an-image', `${label} is not an image (looks like ${describe(bytes, sniffed)}).`);
  }
  checkDeclaredType(options.declaredType, sniffed, label);
  const maxBytes = options.maxBytes ?? IMAGE_DEFAULTS.maxBytes;
  if (bytes.length > maxBytes) throw new ImageProviderError('too-big', `${label} is ${megabytes(bytes.length)} MB, over the ${megabytes(maxBytes)} MB limit.`);
  const size = await readSize(bytes, label);
  checkDimensions(size, options, label);
  await decodeFully(bytes, label);
  return size;
}

function describe(bytes: Buffer, sniffed: Sniffed): string {
  if (bytes.length === 0) return 'an empty file';
  if (sniffed === 'svg') return 'an SVG drawing';
  const head = bytes.subarray(0, 200).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'an HTML page — probably an error page';
  if (sniffed === 'text') return 'text';
  return 'an unknown format';
}

function checkDeclaredType(declared: string | undefined, sniffed: Sniffed, label: string): void {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (NEUTRAL_TYPES.has(type)) return;
  const expected = MIME[sniffed]!;
  const aliases = type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type === 'image/heic' || type === 'image/heif' ? 'image/avif' : type;
  if (aliases !== expected) {
    throw new ImageProviderError('type-mismatch', `${label} was sent as ${type} but its bytes are ${expected}; skipped it.`);
  }
}

async function readSize(bytes: Buffer, label: string): Promise<CheckedImage> {
  const sharp = await loadSharp();
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    const sideways = (meta.orientation ?? 1) >= 5;
    const format = meta.format === 'heif' ? 'avif' : meta.format;
    return {
      width: sideways ? meta.height : meta.width,
      height: sideways ? meta.width : meta.height,
      format,
      mime: MIME[format] ?? `image/${format}`,
    };
  } catch (cause) {
    throw new ImageProviderError('corrupt', `${label} is damaged: its header cannot be read.`, { cause });
  }
}

function checkDimensions(size: CheckedImage, options: CheckImageOptions, label: string): void {
  const minSide = options.minShortSide ?? IMAGE_DEFAULTS.minShortSide;
  const maxPixels = options.maxPixels ?? IMAGE_DEFAULTS.maxPixels;
  const shortSide = Math.min(size.width, size.height);
  if (size.format !== 'svg' && shortSide < minSide) {
    throw new ImageProviderError('too-small', `${label} is only ${size.width}×${size.height} px; a slide needs at least ${minSide} px on the short side.`);
  }
  if (size.width * size.height > maxPixels) {
    const mp = ((size.width * size.height) / 1e6).toFixed(0);
    throw new ImageProviderError('too-big', `${label} has ${mp} megapixels, over the ${(maxPixels / 1e6).toFixed(0)} MP limit.`);
  }
}

/** Headers can be intact while the data is cut short; only decoding every pixel tells. */
async function decodeFully(bytes: Buffer, label: string): Promise<void> {
  const sharp = await loadSharp();
  try {
    await sharp(bytes, { failOn: 'truncated', limitInputPixels: false }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch (cause) {
    throw new ImageProviderError('corrupt', `${label} is damaged: it cannot be decoded to the end.`, { cause });
  }
}

