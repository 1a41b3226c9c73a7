import path from 'node:path';
import { hashFile } from '../fs/hash-file.js';

/**
 * Whether a picture in the image store (`<sha256>.<ext>`, see findSlideImage) still holds the
 * bytes its name promises. A damaged or truncated file must count as missing: served as a hit it
 * would fail every later render, and the error would blame the user's deck.
 */
export async function verifyStoredImage(file: string): Promise<boolean> {
  const expected = path.basename(file).split('.')[0] ?? '';
  if (!/^[0-9a-f]{64}$/.test(expected)) return false;
  try {
    return (await hashFile(file)).digest === expected;
  } catch {
    return false;
  }
}
