import { endianness } from 'node:os';
import { open, rename, rm } from 'node:fs/promises';
import { tempNameFor } from '../fs/write-file-atomic.js';
import { wavHeader } from './wav.js';

/**
 * Writes many PCM parts as one mono 16-bit WAV, part by part, without concatenating them in
 * memory first (a 50-slide lecture is ~25 MB of samples; joining them twice over cost ~100 MB of
 * peak memory). Written to a temp name and renamed, like every other output.
 */
export async function writeWavFile(file: string, parts: Int16Array[], sampleRate: number): Promise<void> {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const temp = tempNameFor(file);
  const handle = await open(temp, 'w');
  try {
    await handle.write(wavHeader(total, sampleRate));
    for (const part of parts) await handle.write(littleEndianBytes(part));
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/** WAV samples are little-endian; typed arrays use the machine's order. */
function littleEndianBytes(part: Int16Array): Uint8Array {
  const view = new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  if (endianness() === 'LE') return view;
  const swapped = Buffer.from(view);
  swapped.swap16();
  return swapped;
}
