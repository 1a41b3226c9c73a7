import { statfsSync } from 'node:fs';
import path from 'node:path';
import { LectraError } from '../errors.js';

/**
 * A file-system failure the user can act on, as a LectraError naming the folder and the fix
 * (exit 1, not a bug report): a full disk, missing permission, a read-only folder, too many open
 * files. Undefined for anything else, which stays an unexpected failure.
 */
export function ioError(error: unknown, file?: string, folders: Array<string | undefined> = []): LectraError | undefined {
  const errno = error as NodeJS.ErrnoException | undefined;
  const code = errno?.code;
  const where = file ?? errno?.path ?? (errno as { dest?: string } | undefined)?.dest;
  // Some failures (a write to an open file) carry no path: name the fullest of the folders in use.
  const folder = where ? path.dirname(path.resolve(where)) : (fullest(folders) ?? 'the output or cache folder');
  const writing = where ? ` while writing ${where}` : '';
  const message = (() => {
    switch (code) {
      case 'ENOSPC':
      case 'EDQUOT':
        return `The disk holding ${folder} is full${writing} (${code}): free some space there, or write elsewhere (-o <folder>, --cache-dir <folder>), and run again.`;
      case 'EACCES':
      case 'EPERM':
        return `Permission denied${where ? ` for ${where}` : ''} (${code}): make ${folder} writable for you, or write elsewhere (-o <folder>, --cache-dir <folder>).`;
      case 'EROFS':
        return `${folder} is on a read-only file system${writing} (EROFS): write elsewhere (-o <folder>, --cache-dir <folder>).`;
      case 'EMFILE':
      case 'ENFILE':
        return `Too many files are open (${code}): raise the limit (\`ulimit -n 4096\`) or use fewer --jobs.`;
      default:
        return undefined;
    }
  })();
  return message ? new LectraError('io-failed', message, { file: where, cause: error }) : undefined;
}

/** Of the folders given, the one on the disk with the least free space (undefined if none can be read). */
function fullest(folders: Array<string | undefined>): string | undefined {
  let best: { folder: string; free: number } | undefined;
  for (const folder of folders) {
    if (!folder) continue;
    try {
      const stats = statfsSync(folder);
      const free = stats.bavail * stats.bsize;
      if (!best || free < best.free) best = { folder, free };
    } catch {
      // a folder that does not exist yet
    }
  }
  return best?.folder;
}
