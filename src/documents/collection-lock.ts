import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { LectraError, throwIfAborted } from '../errors.js';

const POLL_MS = 100;
/** A lock not refreshed for this long belongs to a crashed writer. */
const STALE_MS = 10 * 60_000;

/** Writers in this process, per folder, queue here before taking the file lock. */
const local = new Map<string, Promise<unknown>>();

/**
 * Runs `task` while holding the collection's write lock: first in this process (a promise
 * queue), then across processes (`.lock` created with O_EXCL, holding our pid; taken over when
 * its process is gone or it is stale). Readers never lock: they see the last committed manifest.
 */
export async function withCollectionLock<T>(dir: string, task: () => Promise<T>, options: { waitMs?: number; signal?: AbortSignal } = {}): Promise<T> {
  const previous = local.get(dir) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => withFileLock(dir, task, options));
  local.set(dir, run.catch(() => undefined));
  return run;
}

async function withFileLock<T>(dir: string, task: () => Promise<T>, options: { waitMs?: number; signal?: AbortSignal }): Promise<T> {
  await mkdir(dir, { recursive: true });
  const lock = path.join(dir, '.lock');
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  for (;;) {
    throwIfAborted(options.signal);
    if (await tryCreate(lock)) break;
    if (await isAbandoned(lock)) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new LectraError('collection-busy', `The collection at ${dir} is being changed by another LECTRA process — try again when it has finished (or delete ${lock} if no other process runs).`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await task();
  } finally {
    await rm(lock, { force: true });
  }
}

async function tryCreate(lock: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function isAbandoned(lock: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lock, 'utf8'), stat(lock)]);
    if (Date.now() - info.mtimeMs > STALE_MS) return true;
    const pid = Number(text);
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - info.mtimeMs > 5_000;
    if (pid === process.pid) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: the owner is gone. ENOENT: released meanwhile (retry at once).
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH' || code === 'ENOENT';
  }
}
