import path from 'node:path';
import { throwIfAborted } from '../errors.js';
import { readInputFile } from '../fs/read-input-file.js';
import { decodeText } from './decode-text.js';
import { detectDocumentKind } from './detect-document-kind.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, documentErrors, SUPPORTED_EXTENSIONS } from './document-errors.js';
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

/**
 * A document's bytes: only a regular file (a folder, a device such as /dev/zero or a FIFO is
 * refused at once), refused before reading when it is over the size limit.
 */
export async function readDocumentFile(file: string, options: ExtractOptions = {}): Promise<{ absolute: string; bytes: Uint8Array }> {
  const absolute = path.resolve(file);
  throwIfAborted(options.signal);
  const { bytes } = await readInputFile(file, {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    expected: `a document (${SUPPORTED_EXTENSIONS.join(' ')}), or the files inside a folder`,
    tooLarge: (_name, size, limit) => documentErrors.tooLarge(absolute, size, limit),
    allowStdin: false,
  });
  return { absolute, bytes };
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
