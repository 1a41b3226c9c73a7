import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { hashFile } from '../fs/hash-file.js';
import { isAbandonedTemp, tempNameFor } from '../fs/write-file-atomic.js';
import { ResourcePool } from './resource-pool.js';

// Version 2 headers name the entry they belong to (`kind/key`): a file copied or renamed under
// another key is refused, not served as that key's output.
const MAGIC = 'LECTRA-CACHE-2';
/** Cache files open at once: hundreds of slides look up their entries together. */
const OPEN_FILES = 32;

/** Stable JSON (sorted keys) so equal inputs always hash alike. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export function hashKey(parts: unknown): string {
  return createHash('sha256').update(stableJson(parts)).digest('hex');
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The user cache folder: $XDG_CACHE_HOME/lectra, else ~/.cache/lectra. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'lectra');
}

export interface CacheInfo {
  dir: string;
  entries: number;
  bytes: number;
  byKind: Record<string, { entries: number; bytes: number }>;
}

/**
 * Content-addressed store: each entry is a task's output under the hash of its inputs.
 * An entry starts with a header line naming its key and holding the payload's SHA-256 and
 * length, so a truncated, corrupted or misplaced file is detected on read, deleted and recomputed.
 * At most OPEN_FILES entries are read or written at once, so a huge deck cannot run out of
 * file descriptors. Writes go to a temp name and
 * are renamed, so a crash never leaves a half-written entry under its final name.
 * A disabled cache (`dir` undefined, i.e. --no-cache) misses every time and stores nothing.
 */
export class ContentCache {
  private readonly files = new ResourcePool('cache-files', OPEN_FILES);

  constructor(readonly dir: string | undefined) {}

  get enabled(): boolean {
    return this.dir !== undefined;
  }

  private file(kind: string, key: string): string {
    return path.join(this.dir!, kind, key.slice(0, 2), `${key}.bin`);
  }

  async get(kind: string, key: string): Promise<Buffer | undefined> {
    if (!this.dir) return undefined;
    return this.files.run(() => this.read(kind, key));
  }

  private async read(kind: string, key: string): Promise<Buffer | undefined> {
    const file = this.file(kind, key);
    let raw: Buffer;
    try {
      raw = await fs.readFile(file);
    } catch {
      return undefined;
    }
    const payload = parseEntry(raw, `${kind}/${key}`);
    if (!payload) {
      await fs.rm(file, { force: true });
      return undefined;
    }
    // Touch for least-recently-used pruning.
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => {});
    return payload;
  }

  async put(kind: string, key: string, data: Uint8Array): Promise<void> {
    if (!this.dir) return;
    await this.files.run(() => this.write(kind, key, data));
  }

  private async write(kind: string, key: string, data: Uint8Array): Promise<void> {
    const file = this.file(kind, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = tempNameFor(file);
    const header = Buffer.from(headerLine(kind, key, sha256(data), data.byteLength));
    try {
      // Header and payload written separately: no concatenated copy of a 10 MB video in memory.
      const handle = await fs.open(temp, 'w');
      try {
        await handle.write(header);
        await handle.write(data);
      } finally {
        await handle.close();
      }
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * Stores the file at `source` as an entry without reading it into memory (a video or deck of
   * tens of MB): hashed in one streaming pass, copied after the header in a second.
   */
  async putFile(kind: string, key: string, source: string): Promise<void> {
    if (!this.dir) return;
    await this.files.run(() => this.writeFile(kind, key, source));
  }

  private async writeFile(kind: string, key: string, source: string): Promise<void> {
    const file = this.file(kind, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const { digest, length } = await hashFile(source);
    const temp = tempNameFor(file);
    try {
      await fs.writeFile(temp, headerLine(kind, key, digest, length));
      await pipeline(createReadStream(source), createWriteStream(temp, { flags: 'a' }));
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * Copies an entry's payload to `dest` (atomically: a temp name, then rename) without holding it
   * in memory, checking its length and SHA-256 on the way. False on a miss; a corrupt entry is
   * deleted and is a miss.
   */
  async getFile(kind: string, key: string, dest: string): Promise<boolean> {
    if (!this.dir) return false;
    return this.files.run(() => this.readFile(kind, key, dest));
  }

  private async readFile(kind: string, key: string, dest: string): Promise<boolean> {
    const file = this.file(kind, key);
    const header = await readHeader(file, `${kind}/${key}`);
    if (!header) {
      if (header === null) await fs.rm(file, { force: true });
      return false;
    }
    const temp = tempNameFor(dest);
    try {
      // Hashed on the way through, so the payload is read once.
      const hash = createHash('sha256');
      let length = 0;
      await pipeline(
        createReadStream(file, { start: header.offset }),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            length += chunk.byteLength;
            yield chunk;
          }
        },
        createWriteStream(temp),
      );
      if (hash.digest('hex') !== header.digest || length !== header.length) {
        await fs.rm(file, { force: true });
        return false;
      }
      await fs.rename(temp, dest);
    } finally {
      await fs.rm(temp, { force: true });
    }
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => {});
    return true;
  }

  async info(): Promise<CacheInfo> {
    const entries = await this.entries();
    const byKind: CacheInfo['byKind'] = {};
    for (const entry of entries) {
      const kind = (byKind[entry.kind] ??= { entries: 0, bytes: 0 });
      kind.entries += 1;
      kind.bytes += entry.size;
    }
    return { dir: this.dir ?? '(disabled)', entries: entries.length, bytes: entries.reduce((s, e) => s + e.size, 0), byKind };
  }

  /**
   * Removes what killed runs left in the cache (their temp files), at most once a day: a walk of
   * the whole cache, so not on every run.
   */
  async sweepDaily(now = Date.now()): Promise<void> {
    if (!this.dir) return;
    const marker = path.join(this.dir, '.swept');
    const last = await fs.stat(marker).then((s) => s.mtimeMs, () => 0);
    if (now - last < 24 * 3600 * 1000) return;
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(marker, '');
    await this.entries();
  }

  /** Deletes least recently used entries until the cache is at most `maxBytes`; also sweeps abandoned temp files. */
  async prune(maxBytes: number): Promise<{ removed: number; freedBytes: number }> {
    const entries = (await this.entries()).sort((a, b) => a.mtimeMs - b.mtimeMs);
    let total = entries.reduce((s, e) => s + e.size, 0);
    let removed = 0;
    let freedBytes = 0;
    for (const entry of entries) {
      if (total <= maxBytes) break;
      await fs.rm(entry.file, { force: true });
      total -= entry.size;
      freedBytes += entry.size;
      removed += 1;
    }
    return { removed, freedBytes };
  }

  private async entries(): Promise<Array<{ file: string; kind: string; size: number; mtimeMs: number }>> {
    if (!this.dir) return [];
    const out: Array<{ file: string; kind: string; size: number; mtimeMs: number }> = [];
    for (const kind of await readdirSafe(this.dir)) {
      for (const shard of await readdirSafe(path.join(this.dir, kind))) {
        for (const name of await readdirSafe(path.join(this.dir, kind, shard))) {
          const file = path.join(this.dir, kind, shard, name);
          // What a killed run was writing: never an entry, and nobody will finish it.
          if (isAbandonedTemp(name)) await fs.rm(file, { force: true });
          if (!name.endsWith('.bin')) continue;
          const stat = await fs.stat(file).catch(() => undefined);
          if (stat?.isFile()) out.push({ file, kind, size: stat.size, mtimeMs: stat.mtimeMs });
        }
      }
    }
    return out;
  }
}

const HEADER_MAX = 300;

/**
 * An entry's first line, padded with spaces to a multiple of 8 bytes so the payload starts
 * 8-byte aligned in the file (and in a buffer read from it): typed-array views need no copy.
 */
function headerLine(kind: string, key: string, digest: string, length: number): string {
  const line = `${MAGIC} ${kind}/${key} ${digest} ${length}`;
  return `${line.padEnd(Math.ceil((line.length + 1) / 8) * 8 - 1)}\n`;
}

function parseEntry(raw: Buffer, id: string): Buffer | undefined {
  const newline = raw.indexOf(10);
  if (newline < 0 || newline > HEADER_MAX) return undefined;
  const [magic, owner, digest, length] = raw.subarray(0, newline).toString('latin1').trimEnd().split(' ');
  if (magic !== MAGIC || owner !== id || !digest || !length) return undefined;
  const payload = raw.subarray(newline + 1);
  if (payload.byteLength !== Number(length) || sha256(payload) !== digest) return undefined;
  return payload;
}

/** An entry's header: undefined when there is no entry, null when it is not a valid header of entry `id`. */
async function readHeader(file: string, id: string): Promise<{ digest: string; length: number; offset: number } | null | undefined> {
  let head: Buffer;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEADER_MAX), 0, HEADER_MAX, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  const newline = head.indexOf(10);
  if (newline < 0) return null;
  const [magic, owner, digest, length] = head.subarray(0, newline).toString('latin1').trimEnd().split(' ');
  if (magic !== MAGIC || owner !== id || !digest || !length) return null;
  return { digest, length: Number(length), offset: newline + 1 };
}

async function readdirSafe(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}
