import fs from 'node:fs/promises';
import path from 'node:path';
import { LectraError } from '../errors.js';
import { megabytes } from '../format-megabytes.js';

export interface ReadInputOptions {
  /** Largest input accepted, in bytes. */
  maxBytes: number;
  /** Read for `-` (default: this process's standard input). */
  stdin?: AsyncIterable<Uint8Array>;
  /** What to pass instead, for messages: e.g. "the notes file (.md) or the deck.json inside it". */
  expected: string;
  /** The error for an input over `maxBytes` (default: a generic 'too-large'). */
  tooLarge?: (name: string, size: number, maxBytes: number) => LectraError;
  /** Whether `-` means standard input (default true). */
  allowStdin?: boolean;
}

/**
 * The bytes of a file the user named, or of standard input for `-`. Only a regular file is read:
 * a device (`/dev/zero` never ends), a FIFO (it blocks until a writer comes) or a folder is
 * refused with 'bad-input' before anything is read, and no input is read past `maxBytes` (even
 * one that grows while it is read).
 */
export async function readInputFile(file: string, options: ReadInputOptions): Promise<{ absolute?: string; bytes: Buffer }> {
  const tooBig = options.tooLarge ?? tooLarge;
  if (file === '-' && options.allowStdin !== false) return { bytes: await readBounded(options.stdin ?? process.stdin, 'standard input', options.maxBytes, tooBig) };
  const absolute = path.resolve(file);
  const info = await fs.stat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      throw new LectraError('file-not-found', `${file} was not found (looked for ${absolute}): check the path and the current folder.`, { file, cause: error });
    }
    throw new LectraError('bad-input', `${file} cannot be read (${error.code ?? error.message}): check its permissions.`, { file, cause: error });
  });
  if (info.isDirectory()) throw new LectraError('bad-input', `${file} is a folder, not a file: pass ${options.expected}.`, { file });
  if (!info.isFile()) {
    const stdin = options.allowStdin === false ? '' : ' (or `-` to read standard input)';
    throw new LectraError('bad-input', `${file} is ${kindOf(info)}, not a regular file: pass ${options.expected}${stdin}.`, { file });
  }
  if (info.size > options.maxBytes) throw tooBig(file, info.size, options.maxBytes);
  const handle = await fs.open(absolute, 'r');
  try {
    return { absolute, bytes: await readBounded(handle.createReadStream({ autoClose: false }), file, options.maxBytes, tooBig) };
  } finally {
    await handle.close();
  }
}

async function readBounded(stream: AsyncIterable<Uint8Array>, name: string, maxBytes: number, tooBig: NonNullable<ReadInputOptions['tooLarge']>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooBig(name, size, maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(name: string, size: number, maxBytes: number): LectraError {
  const mb = (bytes: number) => `${megabytes(bytes)} MB`;
  return new LectraError('too-large', `${name} is over ${mb(maxBytes)} (${size >= maxBytes ? 'at least ' : ''}${mb(size)}), more than LECTRA reads as one input: split it into smaller files.`, { file: name });
}

function kindOf(info: import('node:fs').Stats): string {
  if (info.isFIFO()) return 'a pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}
