import path from 'node:path';

/**
 * An uploaded file's name made safe to store and cite: its base name only, characters outside
 * letters, digits, space, `.`, `_`, `-`, `(`, `)` replaced, no leading dot, at most 120 long.
 */
export function cleanUploadName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const ext = path.extname(base).toLowerCase().replace(/[^a-z0-9.]/g, '');
  const stem = base
    .slice(0, base.length - path.extname(base).length)
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 110);
  return `${stem || 'document'}${ext}`;
}
