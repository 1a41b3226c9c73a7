import fs from 'node:fs/promises';
import path from 'node:path';
import { isAbandonedTemp, writeFileAtomic } from '../fs/write-file-atomic.js';

/** The manifest of a run's files, in the output folder. */
export const MANIFEST_NAME = 'lecture.json';
const WORK_DIR = '.work';

interface Manifest {
  generator: string;
  createdAt: string;
  /** Every file this run made, relative to the output folder, `/`-separated. */
  files: string[];
  /** For files made from a cache entry: that entry's key and the file's size:mtime when listed. */
  sources?: Record<string, { key: string; stat: string }>;
}

type Snapshot = Map<string, string>;

/**
 * An output folder holds one run's files and nothing else. Before a run it is snapshotted and
 * swept of what killed runs left (temp files of processes that are gone, the work folder); after
 * it, a manifest (`lecture.json`) lists the files this run made, and files an earlier run of
 * LECTRA listed that this run did not make are removed — files LECTRA never listed are never
 * touched. A failed run removes nothing and adds what it wrote to the manifest, so the next
 * successful run can clean it up.
 */
export class OutputFolder {
  private readonly sources = new Map<string, string>();

  private constructor(
    readonly dir: string,
    private readonly before: Snapshot,
    private readonly previous: Manifest | undefined,
    private readonly generator: string,
  ) {}

  /** Snapshots `dir` (which may not exist yet) and sweeps what killed runs left in it. */
  static async open(dir: string, generator: string): Promise<OutputFolder> {
    await sweepLeftovers(dir);
    return new OutputFolder(dir, await snapshot(dir), await readManifestFile(dir), generator);
  }

  /**
   * Whether `file` already holds the output of cache entry `key`: the last manifest says it was
   * made from that entry and the file has not changed since. Such a file need not be written
   * again (a warm re-render then copies no frames and no video); call `made` for it all the same.
   */
  upToDate(file: string, key: string): boolean {
    const relative = toRelative(this.dir, file);
    const source = relative ? this.previous?.sources?.[relative] : undefined;
    return source !== undefined && source.key === key && this.before.get(relative!) === source.stat;
  }

  /** Records that `file` is this run's output of cache entry `key` (written now, or up to date). */
  made(file: string, key: string): void {
    const relative = toRelative(this.dir, file);
    if (relative) this.sources.set(relative, key);
  }

  /**
   * Writes the manifest. On success `keep` (absolute paths this run's result names) plus every
   * file written since open() are this run's files, and what the previous manifest listed beyond
   * them is removed. Answers the manifest's path.
   */
  async finish(succeeded: boolean, keep: string[] = []): Promise<string> {
    const previous = filesOf(this.dir, this.previous);
    const now = await snapshot(this.dir);
    const written = [...now.keys()].filter((file) => this.before.get(file) !== now.get(file));
    const manifestFile = path.join(this.dir, MANIFEST_NAME);
    let files: string[];
    if (succeeded) {
      const kept = [...keep.map((file) => toRelative(this.dir, file)), ...this.sources.keys()].filter((file): file is string => file !== undefined && now.has(file));
      files = [...new Set([...written, ...kept])];
      await removeStale(this.dir, previous.filter((file) => !files.includes(file) && file !== MANIFEST_NAME));
    } else {
      files = [...new Set([...previous, ...written])];
    }
    files = files.filter((file) => file !== MANIFEST_NAME).sort();
    const sources = Object.fromEntries(
      [...this.sources].flatMap(([file, key]) => (succeeded && now.has(file) ? [[file, { key, stat: now.get(file)! }]] : [])),
    );
    const manifest: Manifest = { generator: this.generator, createdAt: new Date().toISOString(), files, sources };
    await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifestFile;
  }
}

async function readManifestFile(dir: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_NAME), 'utf8')) as Manifest;
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The files a manifest lists that lie inside `dir` (a tampered entry such as `../x` is ignored). */
function filesOf(dir: string, manifest: Manifest | undefined): string[] {
  const files = Array.isArray(manifest?.files) ? manifest.files : [];
  return files.filter((file): file is string => typeof file === 'string' && toRelative(dir, path.join(dir, file)) === file);
}

/** `relative/path` of a file inside `dir`, or undefined for anything outside it. */
function toRelative(dir: string, file: string): string | undefined {
  const relative = path.relative(dir, path.resolve(dir, file));
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** Every regular file under `dir` (but the work folder) → its size and modification time. */
async function snapshot(dir: string): Promise<Snapshot> {
  const files: Snapshot = new Map();
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map(async (entry) => {
      if (!entry.isFile()) return;
      const file = path.join(entry.parentPath, entry.name);
      const relative = toRelative(dir, file);
      if (!relative || relative === WORK_DIR || relative.startsWith(`${WORK_DIR}/`)) return;
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat) files.set(relative, `${stat.size}:${stat.mtimeMs}`);
    }),
  );
  return files;
}

/** Removes listed files that are still regular files, then the folders this leaves empty. */
async function removeStale(dir: string, files: string[]): Promise<void> {
  const folders = new Set<string>();
  for (const relative of files) {
    const file = path.join(dir, relative);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    await fs.rm(file, { force: true });
    for (let folder = path.dirname(file); folder !== dir && folder.startsWith(dir); folder = path.dirname(folder)) folders.add(folder);
  }
  // Deepest first; rmdir refuses a folder that still holds anything (the user's files).
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) await fs.rmdir(folder).catch(() => undefined);
}

/** The work folder and temp files of runs that are no longer alive (a kill leaves them behind). */
async function sweepLeftovers(dir: string): Promise<void> {
  await fs.rm(path.join(dir, WORK_DIR), { recursive: true, force: true });
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && isAbandonedTemp(entry.name)) await fs.rm(path.join(entry.parentPath, entry.name), { force: true });
  }
}
