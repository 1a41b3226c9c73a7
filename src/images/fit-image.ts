import { loadSharp } from '../heavy-deps.js';
import { LectraError } from '../errors.js';
import { PX_PER_IN } from '../layout/types.js';

export interface FitBox {
  /** Inches on the slide. */
  w: number;
  h: number;
}

export interface FitImageOptions {
  /** cover fills the box and crops the least interesting part; contain shows all of it. */
  mode: 'cover' | 'contain';
}

/**
 * Scales an image to the pixel size of a slide box (144 px per inch, the 1920×1080 frame), so
 * the frame and the PPTX carry no more pixels than they show. `cover` crops with sharp's
 * attention strategy (keeps faces and high-contrast detail); `contain` pads with transparency.
 * Returns PNG when the result has transparency, JPEG otherwise (smaller for photos).
 */
export async function fitImage(bytes: Buffer, box: FitBox, options: FitImageOptions): Promise<Buffer> {
  const width = Math.max(1, Math.round(box.w * PX_PER_IN));
  const height = Math.max(1, Math.round(box.h * PX_PER_IN));
  const sharp = await loadSharp();
  try {
    const meta = await sharp(bytes).metadata();
    const resized = sharp(bytes)
      .rotate()
      .resize(width, height, options.mode === 'cover'
        ? { fit: 'cover', position: sharp.strategy.attention }
        : { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } });
    const transparent = options.mode === 'contain' || meta.hasAlpha === true;
    return transparent ? await resized.png().toBuffer() : await resized.jpeg({ quality: 88, mozjpeg: true }).toBuffer();
  } catch (cause) {
    throw new LectraError('render-failed', `Could not scale an image to ${width}×${height} px — is it a valid PNG, JPEG or WebP file?`, { cause });
  }
}
