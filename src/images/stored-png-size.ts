import { open } from 'node:fs/promises';
import { imageHeaderSize } from './sniff-image.js';

/**
 * The size of a PNG already in the image store, from its header, or undefined when it is not
 * there (or is not a whole PNG header): the one check every drawn-once picture makes first.
 */
export async function storedPngSize(file: string): Promise<{ width: number; height: number } | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const head = Buffer.alloc(24);
    const { bytesRead } = await handle.read(head, 0, 24, 0);
    return imageHeaderSize(head.subarray(0, bytesRead), 'png');
  } finally {
    await handle.close();
  }
}
