/**
 * How much one document may cost to read, whatever its size on disk: compressed formats can
 * inflate a thousandfold (an 892 KB .docx whose document.xml is 250 MB once took the server to
 * 4.4 GB), so the inflated parts are measured, while inflating and before any parser sees them.
 * Mammoth needs about 50 times a DOCX's XML in memory (16 MB of XML peaked at ~780 MB), which sets
 * the part limit; PDF.js decodes stream by stream, so its cap is per stream, plus pages and text.
 */
export interface DocumentLimits {
  /** One parsed part of a ZIP package (word/document.xml, styles…), inflated. */
  zipPartBytes: number;
  /** All parsed parts of one ZIP package together, inflated. */
  zipTotalBytes: number;
  /** One PDF stream (a page's content, an object stream), inflated. */
  pdfStreamBytes: number;
  /** All of a PDF's Flate streams together, inflated. */
  pdfTotalBytes: number;
  pdfPages: number;
  /** Text extracted from one document (about 2,000 dense pages). */
  textChars: number;
  /** Heap of the worker thread a document is parsed in; past it the worker is stopped. */
  workerHeapMb: number;
}

export const DOCUMENT_LIMITS: DocumentLimits = {
  zipPartBytes: 16 * 1024 * 1024,
  zipTotalBytes: 32 * 1024 * 1024,
  pdfStreamBytes: 64 * 1024 * 1024,
  pdfTotalBytes: 512 * 1024 * 1024,
  pdfPages: 5_000,
  textChars: 5_000_000,
  workerHeapMb: 1024,
};
