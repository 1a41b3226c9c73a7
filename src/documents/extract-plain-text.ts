import type { DocumentSection } from './document-types.js';

/**
 * Plain text → one section of paragraphs (blank-line separated). A short first line followed by
 * a blank line is taken as the title, as in most hand-written notes.
 */
export function extractPlainText(text: string): { title?: string; sections: DocumentSection[] } {
  const normalised = text.replace(/\r\n?/g, '\n');
  const paragraphs = normalised
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t]+/g, ' ').replace(/ *\n */g, ' ').trim())
    .filter(Boolean);
  const first = paragraphs[0];
  const title = first && first.length <= 80 && !/[.!?]$/.test(first) && paragraphs.length > 1 ? first : undefined;
  const rest = title ? paragraphs.slice(1) : paragraphs;
  return { title, sections: rest.length > 0 ? [{ text: rest.join('\n\n'), ...(title ? { heading: title } : {}) }] : [] };
}
