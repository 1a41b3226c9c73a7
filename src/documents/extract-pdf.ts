import type { getDocumentProxy } from 'unpdf';
import { loadUnpdf } from '../heavy-deps.js';
import { throwIfAborted } from '../errors.js';
import { checkPdfStreams } from './check-pdf-streams.js';
import type { DocumentSection } from './document-types.js';
import { documentErrors } from './document-errors.js';
import { DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';

interface PdfLine {
  text: string;
  fontSize: number;
  y: number;
}

interface PdfText {
  title?: string;
  sections: DocumentSection[];
}

/** A line at least this much larger than the body text is read as a heading. */
const HEADING_RATIO = 1.25;
const MAX_HEADING_CHARS = 120;

/**
 * PDF → sections with page numbers, through PDF.js (unpdf's serverless build, no native code).
 * Lines are rebuilt from positioned text items; a line in a clearly larger font starts a new
 * section named by it, and a wide vertical gap starts a new paragraph.
 */
export async function extractPdf(file: string, bytes: Uint8Array, signal?: AbortSignal, limits: DocumentLimits = DOCUMENT_LIMITS): Promise<PdfText> {
  await checkPdfStreams(file, bytes, { streamBytes: limits.pdfStreamBytes, totalBytes: limits.pdfTotalBytes });
  const pdf = await openPdf(file, bytes);
  try {
    if (pdf.numPages > limits.pdfPages) throw documentErrors.tooManyPages(file, pdf.numPages, limits.pdfPages);
    const pages: PdfLine[][] = [];
    let chars = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      throwIfAborted(signal);
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const lines = toLines(content.items as unknown[]);
      page.cleanup();
      // Stop as soon as the text is over the limit, rather than after reading every page.
      chars += lines.reduce((sum, line) => sum + line.text.length, 0);
      if (chars > limits.textChars) throw documentErrors.tooMuchText(file, limits.textChars);
      pages.push(lines);
    }
    if (!pages.some((lines) => lines.some((line) => /\p{L}|\p{N}/u.test(line.text)))) {
      throw documentErrors.noTextLayer(file, pdf.numPages);
    }
    const sections = toSections(pages);
    const title = await metadataTitle(pdf);
    return { title: title ?? sections.find((s) => s.heading)?.heading, sections };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

type PdfProxy = Awaited<ReturnType<typeof getDocumentProxy>>;

async function openPdf(file: string, bytes: Uint8Array): Promise<PdfProxy> {
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: pass a copy.
    const { getDocumentProxy } = await loadUnpdf();
    return await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 } as object);
  } catch (error) {
    // PDF.js error classes are recognised by name, which is part of its API.
    if ((error as { name?: string }).name === 'PasswordException') throw documentErrors.encrypted(file, error);
    throw documentErrors.corrupt(file, 'pdf', error);
  }
}

async function metadataTitle(pdf: PdfProxy): Promise<string | undefined> {
  try {
    const { info } = await pdf.getMetadata();
    const title = (info as { Title?: unknown }).Title;
    return typeof title === 'string' && title.trim() ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}

interface TextItem {
  str: string;
  transform: number[];
  hasEOL?: boolean;
}

/** Text items → lines: a new line at an end-of-line mark or when the baseline moves. */
function toLines(items: unknown[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  for (const raw of items) {
    const item = raw as TextItem;
    if (typeof item.str !== 'string' || !Array.isArray(item.transform)) continue;
    const fontSize = Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || 1;
    const y = item.transform[5] ?? 0;
    if (current && Math.abs(current.y - y) > current.fontSize * 0.5 && current.text.trim()) {
      lines.push(current);
      current = undefined;
    }
    if (!current) current = { text: '', fontSize, y };
    if (item.str) {
      current.text += item.str;
      current.fontSize = Math.max(current.fontSize, item.str.trim() ? fontSize : 0);
    }
    if (item.hasEOL && current.text.trim()) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current?.text.trim()) lines.push(current);
  return lines.map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() }));
}

/** Font size most of the text is set in (weighted by characters). */
function bodyFontSize(pages: PdfLine[][]): number {
  const weights = new Map<number, number>();
  for (const line of pages.flat()) {
    const size = Math.round(line.fontSize * 2) / 2;
    weights.set(size, (weights.get(size) ?? 0) + line.text.length);
  }
  return [...weights.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
}

function toSections(pages: PdfLine[][]): DocumentSection[] {
  const body = bodyFontSize(pages);
  const sections: DocumentSection[] = [];
  let heading: string | undefined;
  pages.forEach((lines, pageIndex) => {
    let paragraphs: string[] = [];
    let paragraph = '';
    let previous: PdfLine | undefined;
    const flushParagraph = () => {
      if (paragraph.trim()) paragraphs.push(paragraph.trim());
      paragraph = '';
    };
    const flushSection = () => {
      flushParagraph();
      if (paragraphs.length > 0) sections.push({ text: paragraphs.join('\n\n'), page: pageIndex + 1, ...(heading ? { heading } : {}) });
      paragraphs = [];
    };
    let headingLines: string[] = [];
    for (const line of lines) {
      const isHeading = line.fontSize >= body * HEADING_RATIO && line.text.length <= MAX_HEADING_CHARS && /\p{L}/u.test(line.text);
      if (isHeading) {
        if (headingLines.length === 0) flushSection();
        headingLines.push(line.text);
        heading = headingLines.join(' ');
        previous = line;
        continue;
      }
      headingLines = [];
      // A gap of more than ~1.6 lines between baselines separates paragraphs.
      if (previous && Math.abs(previous.y - line.y) > line.fontSize * 1.6) flushParagraph();
      paragraph = joinLine(paragraph, line.text);
      previous = line;
    }
    flushSection();
  });
  return sections;
}

/** Appends a line, re-joining a word hyphenated across the line break. */
function joinLine(paragraph: string, line: string): string {
  if (!paragraph) return line;
  if (/\p{L}-$/u.test(paragraph) && /^\p{Ll}/u.test(line)) return paragraph.slice(0, -1) + line;
  return `${paragraph} ${line}`;
}
