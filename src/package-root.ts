import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of LECTRA's own package.json, found by walking up from this module: the same
 * answer from dist/… (tsc's output, one file per module) and from the bundled CLI, whose modules
 * all live in one file at another depth.
 */
function findPackageRoot(): { root: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lectra') return { root: dir, version: pkg.version ?? '0.0.0' };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`LECTRA's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

const found = findPackageRoot();

/** LECTRA's install folder (holds package.json, dist/, examples/). */
export const PACKAGE_ROOT = found.root;
/** LECTRA's version, from its package.json. */
export const LECTRA_VERSION = found.version;
