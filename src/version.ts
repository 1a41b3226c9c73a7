import { readFileSync } from 'node:fs';

/** LECTRA's version, from its package.json (dist/version.js sits one folder below it). */
export const LECTRA_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
