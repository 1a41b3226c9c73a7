import type { Chunk } from './document-types.js';

/** A slide's source, as deck.json stores it (SourceRefSchema). */
export interface SourceRef {
  file: string;
  page?: number;
  heading?: string;
  chunkId?: string;
}

export function sourceRef(chunk: Pick<Chunk, 'id' | 'file' | 'page' | 'heading'>): SourceRef {
  return {
    file: chunk.file,
    ...(chunk.page !== undefined ? { page: chunk.page } : {}),
    ...(chunk.heading ? { heading: chunk.heading } : {}),
    chunkId: chunk.id,
  };
}

/**
 * The line the speaker notes end with: "Source: report.pdf, p. 3" or
 * "Sources: report.pdf, pp. 3, 5; handbook.docx, “Handling Acids”". Pages are preferred to
 * headings (they are what a reader can turn to); each place is named once.
 */
export function citationLine(sources: SourceRef[]): string {
  const byFile = new Map<string, { pages: number[]; headings: string[] }>();
  for (const source of sources) {
    const entry = byFile.get(source.file) ?? { pages: [], headings: [] };
    if (source.page !== undefined) {
      if (!entry.pages.includes(source.page)) entry.pages.push(source.page);
    } else if (source.heading && !entry.headings.includes(source.heading)) {
      entry.headings.push(source.heading);
    }
    byFile.set(source.file, entry);
  }
  const places = [...byFile.entries()].map(([file, { pages, headings }]) => {
    const sorted = [...pages].sort((a, b) => a - b);
    const where = sorted.length > 0 ? `${sorted.length === 1 ? 'p.' : 'pp.'} ${sorted.join(', ')}` : headings.map((h) => `“${h}”`).join(', ');
    return where ? `${file}, ${where}` : file;
  });
  if (places.length === 0) return '';
  const many = places.length > 1 || (byFile.size === 1 && [...byFile.values()][0]!.pages.length + [...byFile.values()][0]!.headings.length > 1);
  return `${many ? 'Sources' : 'Source'}: ${places.join('; ')}`;
}

/** Speaker notes with the citation line after whatever the notes already say. */
export function notesWithCitation(notes: string | undefined, sources: SourceRef[]): string | undefined {
  const line = citationLine(sources);
  const text = [notes?.trim(), line].filter(Boolean).join('\n\n');
  return text || undefined;
}
