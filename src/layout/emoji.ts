import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Colour emoji from Twemoji (`@twemoji/svg`, graphics CC BY 4.0): no font resvg reads draws them
 * in colour, so the frames place each as a small picture where the text reserved 1 em for it;
 * the PPTX keeps the character itself (PowerPoint draws emoji with the system's font).
 */
const require = createRequire(import.meta.url);
let folder: string | null | undefined;

function twemojiFolder(): string | null {
  if (folder === undefined) {
    try {
      folder = path.dirname(require.resolve('@twemoji/svg/package.json'));
    } catch {
      folder = null;
    }
  }
  return folder;
}

/** The Twemoji SVG file for a character (with or without its U+FE0F variation selector), if there is one. */
export function twemojiFile(char: string): string | undefined {
  const dir = twemojiFolder();
  if (!dir) return undefined;
  const points = [...char].map((c) => c.codePointAt(0)!.toString(16));
  const names = [points.join('-'), points.filter((p) => p !== 'fe0f').join('-')];
  for (const name of names) {
    const file = path.join(dir, `${name}.svg`);
    if (name && existsSync(file)) return file;
  }
  return undefined;
}

const uris = new Map<string, string>();

/** The emoji's SVG as a data URI, for the frame's <image>. */
export function twemojiDataUri(file: string): string {
  let uri = uris.get(file);
  if (!uri) {
    uri = `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`;
    uris.set(file, uri);
  }
  return uri;
}

/** An emoji advances by this many em (Twemoji's square, a little apart from its neighbours). */
export const EMOJI_EM = 1.1;
