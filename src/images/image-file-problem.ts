import fs from 'node:fs/promises';
import { imageHeaderSize, sniffImage } from './sniff-image.js';

/** sharp's own limit (16383 × 16383 pixels): larger pictures are refused rather than decoded. */
export const MAX_IMAGE_PIXELS = 0x3fff * 0x3fff;
/** Enough of a file for its format and, in all but odd JPEGs, its size (EXIF comes before the frame header). */
const HEADER_BYTES = 256 * 1024;

/**
 * Why a picture file cannot go on a slide — not a picture LECTRA reads, or more pixels than it
 * decodes — or undefined when it can. Reads the file's first bytes only, without the image
 * library, so every picture of a deck is checked when the deck is loaded, naming its slide.
 */
export async function imageFileProblem(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, 'r');
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const format = sniffImage(head);
  if (format === 'text' || format === 'unknown') return 'is not a picture LECTRA can read: use a PNG, JPEG, WebP, GIF or SVG file';
  const size = imageHeaderSize(head, format);
  if (size && size.width * size.height > MAX_IMAGE_PIXELS) {
    return `is ${size.width}×${size.height} pixels (${Math.round((size.width * size.height) / 1e6)} megapixels), more than the ${Math.round(MAX_IMAGE_PIXELS / 1e6)} megapixels (16383×16383) LECTRA reads: scale it down (slides are drawn at 1920×1080)`;
  }
  return undefined;
}
