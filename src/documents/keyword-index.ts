import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Chunk } from './document-types.js';
import { toTerm, words } from './text-terms.js';

/** What the keyword index stores per chunk (the text itself stays in the collection). */
export interface IndexedChunk {
  id: string;
  text: string;
  heading: string;
  title: string;
}

/** One place for the options: an index must be loaded with the ones it was built with. */
const OPTIONS: Options<IndexedChunk> = {
  idField: 'id',
  fields: ['text', 'heading', 'title'],
  storeFields: [],
  tokenize: (text) => words(text),
  processTerm: (term) => toTerm(term) ?? null,
  searchOptions: {
    boost: { heading: 1.5, title: 0.5 },
    combineWith: 'OR',
    // Prefix and typo tolerance only on longer words, where they rarely add noise.
    prefix: (term) => term.length > 4,
    fuzzy: (term) => (term.length > 6 ? 0.15 : false),
  },
};

/** BM25 keyword search over chunks through minisearch, persisted as its JSON. */
export class KeywordIndex {
  private constructor(private readonly index: MiniSearch<IndexedChunk>) {}

  static empty(): KeywordIndex {
    return new KeywordIndex(new MiniSearch(OPTIONS));
  }

  static fromJson(json: string): KeywordIndex {
    return new KeywordIndex(MiniSearch.loadJSON(json, OPTIONS));
  }

  add(chunks: Chunk[], titleOf: (chunk: Chunk) => string): void {
    this.index.addAll(chunks.map((chunk) => ({ id: chunk.id, text: chunk.text, heading: chunk.heading ?? '', title: titleOf(chunk) })));
  }

  remove(ids: string[]): void {
    for (const id of ids) if (this.index.has(id)) this.index.discard(id);
  }

  /** Chunk ids with BM25 scores, best first. */
  search(query: string, limit: number): Array<{ id: string; score: number }> {
    const results: SearchResult[] = this.index.search(query);
    return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score }));
  }

  toJson(): string {
    return JSON.stringify(this.index);
  }
}
