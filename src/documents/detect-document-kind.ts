import path from 'node:path';
import type { DocumentKind } from './document-types.js';
import { documentErrors } from './document-errors.js';

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

const BY_EXTENSION: Record<string, DocumentKind> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'txt',
  '.text': 'txt',
};

/**
 * The kind of a document from its extension, checked against its first bytes: a renamed file
 * (a .pdf that is really HTML, random bytes called .docx) gets a clear error here rather than a
 * parser's stack trace later.
 */
export function detectDocumentKind(file: string, bytes: Uint8Array): DocumentKind {
  const kind = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!kind) throw documentErrors.unsupported(file);
  const head = Buffer.from(bytes.subarray(0, 1024));
  if (kind === 'pdf' && !head.subarray(0, 1024).includes('%PDF-')) {
    throw documentErrors.corrupt(file, kind, new Error('it does not start with a PDF header'));
  }
  // Word saves a password-protected .docx as an OLE compound file instead of a ZIP package.
  if (kind === 'docx' && head.subarray(0, 4).equals(OLE_MAGIC)) throw documentErrors.encrypted(file);
  if (kind === 'docx' && !(head[0] === 0x50 && head[1] === 0x4b)) {
    throw documentErrors.corrupt(file, kind, new Error('it is not a ZIP package, as every .docx is'));
  }
  if ((kind === 'md' || kind === 'txt' || kind === 'html') && looksBinary(head)) {
    throw documentErrors.unsupported(file, 'this is a binary file, not text');
  }
  return kind;
}

/** NUL bytes do not occur in UTF-8/Latin text; UTF-16 files (BOM) are decoded instead. */
function looksBinary(head: Buffer): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  return head.includes(0);
}
