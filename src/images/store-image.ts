import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { loadSharp } from '../heavy-deps.js';
import { verifyStoredImage } from './verify-stored-image.js';

/** A checked picture: its bytes, type and pixel size. */
export interface PictureToStore {
  bytes: Buffer;
  mime: string;
  width: number;
  height: number;
}

/** Formats every slide renderer and PowerPoint read; anything else is re-encoded. */
const KEEP_FORMATS = new Set(['image/jpeg', 'image/png']);
/** Long side kept for slides: sharp on 1080p even full-screen, and keeps the PPTX small. */
const MAX_LONG_SIDE = 2400;

/**
 * Puts a picture in the image store: normalised (see normalise), named by the SHA-256 of its
 * bytes, written atomically; an intact copy already there is kept. Answers its path.
 */
export async function storeImage(image: PictureToStore, cacheDir: string): Promise<string> {
  const { bytes, extension } = await normalise(image);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(cacheDir, `${hash}.${extension}`);
  await mkdir(cacheDir, { recursive: true });
  // Same hash, same bytes: an intact existing file is already complete (it was renamed into
  // place); a damaged one is replaced.
  if (!(await verifyStoredImage(file))) await writeFileAtomic(file, bytes);
  return file;
}

/** WebP/GIF/AVIF become PNG or JPEG and oversized pictures are scaled down, so every renderer reads them. */
async function normalise(image: PictureToStore): Promise<{ bytes: Buffer; extension: string }> {
  const oversized = Math.max(image.width, image.height) > MAX_LONG_SIDE;
  if (KEEP_FORMATS.has(image.mime) && !oversized) return { bytes: image.bytes, extension: image.mime === 'image/png' ? 'png' : 'jpg' };
  const sharp = await loadSharp();
  const meta = await sharp(image.bytes).metadata();
  const pipeline = sharp(image.bytes).rotate().resize(MAX_LONG_SIDE, MAX_LONG_SIDE, { fit: 'inside', withoutEnlargement: true });
  if (meta.hasAlpha || image.mime === 'image/png' || image.mime === 'image/svg+xml') return { bytes: await pipeline.png().toBuffer(), extension: 'png' };
  return { bytes: await pipeline.jpeg({ quality: 88, mozjpeg: true }).toBuffer(), extension: 'jpg' };
}
