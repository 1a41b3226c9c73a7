import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Where LECTRA keeps user data: $LECTRA_DATA_DIR, else the platform's data folder
 * ($XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS,
 * %LOCALAPPDATA% on Windows), each + "/lectra".
 */
export function lectraDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LECTRA_DATA_DIR) return path.resolve(env.LECTRA_DATA_DIR);
  const home = env.HOME ?? os.homedir();
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'lectra');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'lectra');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'lectra');
}

/** Collections live side by side under <data dir>/collections/<name>. */
export function collectionsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(lectraDataDir(env), 'collections');
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The folder of a named collection (default "default"); names are plain, never paths. */
export function defaultCollectionDir(name = 'default', env: NodeJS.ProcessEnv = process.env): string {
  if (!NAME.test(name) || name.includes('..')) {
    throw new RangeError(`"${name}" is not a collection name: use letters, digits, ".", "_" or "-" (at most 64).`);
  }
  return path.join(collectionsRoot(env), name);
}

/** Names of the collections under the root (folders holding a collection.json). */
export async function listCollectionNames(root = collectionsRoot()): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(root, entry.name)).catch(() => [] as string[]);
    if (files.includes('collection.json')) names.push(entry.name);
  }
  return names.sort();
}
