/**
 * The shapes shared by extraction, chunking, the collection and grounded generation. A document
 * is a list of sections in reading order, each knowing where it sits (page, heading), so every
 * chunk, passage and slide source can be cited back to its place in the file.
 */

export const DOCUMENT_KINDS = ['pdf', 'docx', 'md', 'html', 'txt'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentSection {
  text: string;
  /** 1-based page (PDF only). */
  page?: number;
  /** The heading the text sits under (the nearest one before it). */
  heading?: string;
}

export interface ExtractedDocument {
  /** Absolute path of the file read. */
  file: string;
  /** File name as cited in slides and notes (`report.pdf`). */
  name: string;
  title: string;
  kind: DocumentKind;
  sections: DocumentSection[];
}

export interface Chunk {
  /** Stable: a hash of the document's path and the chunk's position in it. */
  id: string;
  /** File name as cited (the document's `name`). */
  file: string;
  page?: number;
  heading?: string;
  text: string;
}

/** A chunk found by a search, best first. */
export interface ScoredChunk {
  chunk: Chunk;
  /** Higher is better; BM25 score, cosine similarity, or fused reciprocal-rank score. */
  score: number;
  /** 1-based ranks in each list the chunk appeared in. */
  keywordRank?: number;
  vectorRank?: number;
}
