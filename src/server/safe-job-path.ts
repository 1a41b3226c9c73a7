import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from './http-error.js';

/**
 * Resolves a file name from a URL inside a job's output folder, or refuses it: no absolute paths,
 * no `..`/`.`/empty segments, no hidden files, no backslashes or NUL bytes, and (after following
 * symlinks) still inside the folder. Answers the real path and size of an existing regular file.
 */
export async function safeJobPath(root: string, name: string): Promise<{ file: string; relative: string; size: number }> {
  const segments = name.split('/');
  const bad =
    name.length === 0 ||
    name.length > 300 ||
    name.includes('\0') ||
    name.includes('\\') ||
    path.isAbsolute(name) ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'));
  if (bad) throw new HttpError(400, 'bad-file-name', `File name ${JSON.stringify(name)} is not allowed: use a name inside the job folder such as lecture.mp4 or frames/slide-001.png.`, { field: 'name' });
  const candidate = path.resolve(root, ...segments);
  const notFound = new HttpError(404, 'file-not-found', `The job has no file ${JSON.stringify(name)} (yet); GET /jobs/{id} lists its files.`, { field: 'name' });
  const [realRoot, realFile] = await Promise.all([realpath(root).catch(() => undefined), realpath(candidate).catch(() => undefined)]);
  if (!realRoot || !realFile) throw notFound;
  if (!realFile.startsWith(realRoot + path.sep)) throw new HttpError(400, 'bad-file-name', `File name ${JSON.stringify(name)} leads outside the job folder.`, { field: 'name' });
  const info = await stat(realFile);
  if (!info.isFile()) throw notFound;
  return { file: realFile, relative: path.relative(realRoot, realFile), size: info.size };
}
