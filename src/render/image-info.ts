import { access } from 'node:fs/promises';
import type { Metadata } from 'sharp';
import { loadSharp } from '../heavy-deps.js';
import { LectraError } from '../errors.js';

/**
 * Pixel sizes of image files as they will be displayed: an EXIF orientation of 5–8 (a photo
 * taken sideways) swaps width and height, and the frames draw the image auto-rotated.
 */
export async function readImageInfo(paths: string[]): Promise<Map<string, { width: number; height: number }>> {
  const unique = [...new Set(paths)];
  const sizes = await Promise.all(unique.map(async (path) => [path, await imageSize(path)] as const));
  return new Map(sizes);
}

async function imageSize(path: string): Promise<{ width: number; height: number }> {
  await assertExists(path);
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(path).metadata();
  } catch (cause) {
    throw imageError(path, cause);
  }
  if (!meta.width || !meta.height) {
    throw new LectraError('bad-input', `Could not read the size of the image ${path} — is it a PNG, JPEG, WebP, GIF or SVG file?`, { file: path });
  }
  const sideways = (meta.orientation ?? 1) >= 5;
  return sideways ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
}

/**
 * An image as a PNG or JPEG data URI, auto-rotated and scaled to the pixel size it is drawn at,
 * so frames embed no more pixels than they show and resvg never meets WebP, GIF or EXIF.
 */
export async function imageDataUri(path: string, width: number, height: number): Promise<string> {
  await assertExists(path);
  const sharp = await loadSharp();
  try {
    const image = sharp(path).rotate().resize(Math.max(1, Math.round(width)), Math.max(1, Math.round(height)), { fit: 'fill' });
    const meta = await sharp(path).metadata();
    const { data, info } = meta.hasAlpha
      ? await image.png().toBuffer({ resolveWithObject: true })
      : await image.jpeg({ quality: 90 }).toBuffer({ resolveWithObject: true });
    return `data:image/${info.format === 'png' ? 'png' : 'jpeg'};base64,${data.toString('base64')}`;
  } catch (cause) {
    throw imageError(path, cause);
  }
}

async function assertExists(path: string): Promise<void> {
  try {
    await access(path);
  } catch (cause) {
    throw new LectraError('missing-image', `Image not found: ${path} — check the image path in the slide.`, { cause, file: path });
  }
}

function imageError(path: string, cause: unknown): LectraError {
  return new LectraError('bad-input', `Could not read the image ${path} — is it a PNG, JPEG, WebP, GIF or SVG file?`, { cause, file: path });
}
