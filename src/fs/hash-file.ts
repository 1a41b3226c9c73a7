import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A file's SHA-256 (hex) and length, in one streaming pass (never the whole file in memory). */
export async function hashFile(file: string): Promise<{ digest: string; length: number }> {
  const hash = createHash('sha256');
  let length = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    length += (chunk as Buffer).byteLength;
  }
  return { digest: hash.digest('hex'), length };
}
