import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LectraError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';

/**
 * The compiled module a worker thread runs, by its path under src/ (`documents/extract-worker.js`):
 * tsc's copy in dist/, whichever way LECTRA runs — from dist/, from the bundled CLI in dist/bin
 * (which holds no worker modules of its own), or from the sources (the tests run src/*.ts, which
 * a worker thread cannot load, so they need `npx tsc` first, as `npm test` does).
 */
export function compiledWorker(relative: string): URL {
  const file = path.join(PACKAGE_ROOT, 'dist', relative);
  if (!existsSync(file)) throw new LectraError('internal', `${file} is missing — build LECTRA first (\`npm run build\`).`);
  return pathToFileURL(file);
}
