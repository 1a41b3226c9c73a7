import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { LectraError } from '../errors.js';
import { ioError } from './io-error.js';

/** A unique sibling name for writing `file` before it is complete (same folder: rename is atomic). */
export function tempNameFor(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

const TEMP_NAME = /\.tmp-(\d+)-[0-9a-f]+$/;

/**
 * Whether a file name is one tempNameFor made for a process that no longer runs: what a killed
 * run leaves behind, safe to delete. A live process's temp files (another render) are kept.
 */
export function isAbandonedTemp(name: string): boolean {
  const pid = TEMP_NAME.exec(name)?.[1];
  if (!pid) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/**
 * Writes `data` to `file` so readers only ever see the old content or the complete new one: the
 * bytes go to a temp file next to it (same folder, so rename is atomic), are flushed, then
 * renamed over the target. A failure removes the temp file and never touches `file`.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = tempNameFor(file);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const known = ioError(error, file);
    if (known) throw known;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new LectraError(
      'internal',
      `Could not write ${file} (${reason}): check that the folder exists, you can write to it and the disk is not full.`,
      { file, cause: error },
    );
  }
}
