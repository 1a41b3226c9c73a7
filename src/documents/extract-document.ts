import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LectraError, throwIfAborted } from '../errors.js';
import { decodeText } from './decode-text.js';
import { detectDocumentKind } from './detect-document-kind.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, documentErrors } from './document-errors.js';
import { DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';
import type { DocumentKind, DocumentSection, ExtractedDocument } from './document-types.js';
import { extractDocx } from './extract-docx.js';
import { extractMarkdown } from './extract-markdown.js';
import { extractPdf } from './extract-pdf.js';
import { extractPlainText } from './extract-plain-text.js';
import { htmlToSections } from './html-to-sections.js';

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Largest file accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** What reading it may cost (inflated sizes, pages, text); default DOCUMENT_LIMITS. */
  limits?: Partial<DocumentLimits>;
}

/**
 * Reads a PDF, DOCX, Markdown, HTML or plain-text file into sections that know their page
 * and heading. Every failure is a LectraError naming the file and the fix: 'file-not-found',
 * 'too-large', 'unsupported-document', 'corrupt-document', 'encrypted-document',
 * 'no-text-layer', 'empty-input'.
 */
export async function extractDocument(file: string, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const { absolute, bytes } = await readDocumentFile(file, options);
  return extractDocumentBytes(absolute, bytes, options);
}

/** A document's bytes, refused before reading when the file is over the size limit. */
export async function readDocumentFile(file: string, options: ExtractOptions = {}): Promise<{ absolute: string; bytes: Uint8Array }> {
  const absolute = path.resolve(file);
  const size = await fileSize(absolute, file);
  const limit = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (size > limit) throw documentErrors.tooLarge(absolute, size, limit);
  throwIfAborted(options.signal);
  return { absolute, bytes: await readFile(absolute) };
}

/** The same from bytes already in memory (an upload); `file` names it and decides its type. */
export async function extractDocumentBytes(file: string, bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const limit = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (bytes.byteLength > limit) throw documentErrors.tooLarge(file, bytes.byteLength, limit);
  const kind = detectDocumentKind(file, bytes);
  const limits = { ...DOCUMENT_LIMITS, ...options.limits };
  const { title, sections } = await extractByKind(kind, file, bytes, limits, options.signal);
  throwIfAborted(options.signal);
  const kept = sections.map((s) => ({ ...s, text: s.text.trim() })).filter((s) => s.text !== '');
  if (kept.length === 0) throw documentErrors.empty(file);
  // Chunking and indexing the text run on the caller's thread: their cost is bounded here.
  if (kept.reduce((sum, s) => sum + s.text.length, 0) > limits.textChars) throw documentErrors.tooMuchText(file, limits.textChars);
  const name = path.basename(file);
  return { file, name, title: title?.trim() || path.basename(file, path.extname(file)), kind, sections: kept };
}

function extractByKind(kind: DocumentKind, file: string, bytes: Uint8Array, limits: DocumentLimits, signal?: AbortSignal): Promise<{ title?: string; sections: DocumentSection[] }> {
  switch (kind) {
    case 'pdf':
      return extractPdf(file, bytes, signal, limits);
    case 'docx':
      return extractDocx(file, bytes, limits);
    case 'md':
      return Promise.resolve(extractMarkdown(decodeText(bytes)));
    case 'html':
      return Promise.resolve(htmlToSections(decodeText(bytes)));
    case 'txt':
      return Promise.resolve(extractPlainText(decodeText(bytes)));
  }
}

async function fileSize(absolute: string, given: string): Promise<number> {
  try {
    const info = await stat(absolute);
    if (!info.isFile()) throw new LectraError('bad-input', `${given} is a folder, not a document — pass the files inside it.`, { file: absolute });
    return info.size;
  } catch (error) {
    if (error instanceof LectraError) throw error;
    throw new LectraError('file-not-found', `Document not found: ${given} — check the path.`, { file: absolute, cause: error });
  }
}
