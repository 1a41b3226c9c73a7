import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LectraError, throwIfAborted } from '../../errors.js';
import { checkImage } from '../check-image.js';
import { defineImageProvider, type ImageCandidate, type ImageProvider } from '../contract.js';
import { ImageProviderError } from '../image-provider-error.js';
import { keywordsOf, stem, words } from '../keywords.js';
import { megabytes } from '../../format-megabytes.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.avif', '.svg']);
/** Deep enough for "images/biology/cells.png", shallow enough not to crawl a home folder. */
const MAX_DEPTH = 3;

interface LocalFile {
  file: string;
  relative: string;
  /** Stemmed words of the relative path. */
  terms: Set<string>;
}

/** A folder of the user's own images, matched to a slide by the words in their file names. */
export const localProvider = defineImageProvider({
  id: 'local',
  description: 'Your own images: a folder matched by file names (--image-folder)',
  offline: true,
  async setup(settings): Promise<ImageProvider> {
    const folder = await requireFolder(settings.folder);
    let index: Promise<LocalFile[]> | undefined;
    return {
      id: 'local',
      async search(query, opts) {
        throwIfAborted(opts.signal);
        // Listed once per provider: a run asks for many slides' images from the same folder.
        index ??= listImages(folder);
        return rank(await index, query).slice(0, opts.count).map(({ file }) => toCandidate(file));
      },
      async fetch(candidate, opts) {
        throwIfAborted(opts.signal);
        const size = (await stat(candidate.url)).size;
        if (size > opts.maxBytes) throw new ImageProviderError('too-big', `${candidate.url} is larger than ${megabytes(opts.maxBytes)} MB.`);
        const bytes = await readFile(candidate.url);
        const checked = await checkImage(bytes, { maxBytes: opts.maxBytes, allowSvg: true, label: candidate.url });
        return { bytes, mime: checked.mime, width: checked.width, height: checked.height, credit: { title: candidate.title, provider: 'local' } };
      },
      async close() {},
    };
  },
});

async function requireFolder(folder: string | undefined): Promise<string> {
  if (!folder) throw new LectraError('bad-option', 'The local image provider needs a folder: pass --image-folder <dir>.', { field: '--image-folder' });
  const resolved = path.resolve(folder);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new LectraError('file-not-found', `Image folder not found: ${resolved} — check --image-folder.`, { file: resolved, field: '--image-folder' });
  }
  return resolved;
}

async function listImages(root: string, dir = root, depth = 0): Promise<LocalFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found: LocalFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DEPTH) found.push(...(await listImages(root, file, depth + 1)));
    else if (entry.isFile() && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      const relative = path.relative(root, file);
      found.push({ file, relative, terms: new Set(words(relative.replace(/\.[^.]+$/, '')).map(stem)) });
    }
  }
  return found;
}

/** Files sharing words with the query, most shared words first, then the most specific name. */
function rank(files: LocalFile[], query: string): LocalFile[] {
  const wanted = keywordsOf(query).map(stem);
  if (wanted.length === 0) return [];
  return files
    .map((file) => ({ file, hits: wanted.filter((word) => file.terms.has(word)).length }))
    .filter((entry) => entry.hits > 0)
    .sort((a, b) => b.hits - a.hits || b.hits / b.file.terms.size - a.hits / a.file.terms.size || a.file.relative.localeCompare(b.file.relative))
    .map((entry) => entry.file);
}

function toCandidate(file: string): ImageCandidate {
  const title = path.basename(file).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ');
  return { id: `local:${file}`, url: file, title, provider: 'local' };
}
