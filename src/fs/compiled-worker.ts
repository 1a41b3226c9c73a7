import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LectraError } from '../errors.js';

/**
 * The compiled module a worker thread runs, by its path under src/ (`documents/extract-worker.js`).
 * From the build it sits next to its caller; from the sources (the tests run src/*.ts, which a
 * worker thread cannot load) the build's copy is used, so those tests need `npx tsc` first, as
 * `npm test` does.
 */
export function compiledWorker(relative: string): URL {
  const here = import.meta.url;
  const url = new URL(here.endsWith('.ts') ? `../../dist/${relative}` : `../${relative}`, here);
  if (!existsSync(fileURLToPath(url))) {
    throw new LectraError('internal', `${fileURLToPath(url)} is missing — build LECTRA first (\`npm run build\`).`);
  }
  return url;
}
