import path from 'node:path';
import { LectraError } from '../errors.js';
import { DOCUMENT_KINDS } from './document-types.js';

/** Extensions LECTRA reads, for messages. */
export const SUPPORTED_EXTENSIONS = ['.pdf', '.docx', '.md', '.markdown', '.html', '.htm', '.txt', '.text'];

/** Default size cap of one document for the library (the server may set a lower one). */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** The errors a document can cause, each naming the file and what to do about it. */
export const documentErrors = {
  unsupported(file: string, why?: string): LectraError {
    const ext = path.extname(file).toLowerCase() || '(no extension)';
    const hint = OLD_FORMAT_HINTS[ext] ?? `convert it to one of ${DOCUMENT_KINDS.map((k) => k.toUpperCase()).join(', ')} first`;
    return new LectraError(
      'unsupported-document',
      `${path.basename(file)}: ${why ?? `"${ext}" files are not supported`} — LECTRA reads ${SUPPORTED_EXTENSIONS.join(' ')}; ${hint}.`,
      { file },
    );
  },
  corrupt(file: string, kind: string, cause: unknown): LectraError {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new LectraError(
      'corrupt-document',
      `${path.basename(file)} is not a readable ${kind.toUpperCase()} file (${why.slice(0, 160)}) — open it in its program and save it again, or export it as PDF.`,
      { file, cause },
    );
  },
  encrypted(file: string, cause?: unknown): LectraError {
    return new LectraError(
      'encrypted-document',
      `${path.basename(file)} is password-protected — remove the password (e.g. \`qpdf --decrypt --password=… in.pdf out.pdf\`, or "Print to PDF") and add the copy.`,
      { file, cause },
    );
  },
  noTextLayer(file: string, pages: number): LectraError {
    return new LectraError(
      'no-text-layer',
      `${path.basename(file)}: this PDF has no text layer (${pages} page${pages === 1 ? '' : 's'} of images only); run OCR first (e.g. \`ocrmypdf in.pdf out.pdf\`) and add the result.`,
      { file },
    );
  },
  empty(file: string): LectraError {
    return new LectraError('empty-input', `${path.basename(file)} contains no text to build a lecture from — check that it is the right file.`, { file });
  },
  tooLarge(file: string, bytes: number, limit: number): LectraError {
    return new LectraError(
      'too-large',
      `${path.basename(file)} is ${megabytes(bytes)} MB, over the ${megabytes(limit)} MB limit — split it into smaller files (e.g. by chapter) or raise the limit.`,
      { file },
    );
  },
  /** A compressed part (a DOCX's document.xml, a PDF stream) that inflates past its limit: a decompression bomb, or a document too big to read. */
  inflatesTooLarge(file: string, part: string, limit: number): LectraError {
    return new LectraError(
      'too-large',
      `${path.basename(file)}: ${part} inflates to more than ${megabytes(limit)} MB, the limit for a document's compressed parts — this is not a normal document (a decompression bomb?); if it is real, split it into smaller files.`,
      { file },
    );
  },
  tooManyPages(file: string, pages: number, limit: number): LectraError {
    return new LectraError('too-large', `${path.basename(file)} has ${pages} pages, over the ${limit}-page limit for one document — split it into smaller files (e.g. by chapter).`, { file });
  },
  tooMuchText(file: string, limit: number): LectraError {
    return new LectraError(
      'too-large',
      `${path.basename(file)} holds more than ${limit.toLocaleString('en')} characters of text, the limit for one document — split it into smaller files (e.g. by chapter).`,
      { file },
    );
  },
  /** The parser ran out of the memory it is given (the worker's heap limit). */
  outOfMemory(file: string, limitMb: number): LectraError {
    return new LectraError(
      'too-large',
      `${path.basename(file)} needs more than ${limitMb} MB of memory to read, the limit for one document — split it into smaller files, or save it again (a damaged or unusual file can need far more than its size).`,
      { file },
    );
  },
};

const OLD_FORMAT_HINTS: Record<string, string> = {
  '.doc': 'save it as .docx (Word: File → Save As → Word Document)',
  '.rtf': 'save it as .docx',
  '.odt': 'save it as .docx (LibreOffice: File → Save As → Word 2007-365)',
  '.pptx': 'export it as PDF first',
  '.ppt': 'export it as PDF first',
};

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}
