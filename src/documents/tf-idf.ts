import { terms } from './text-terms.js';

/**
 * TF-IDF over a small set of texts (the sections or slides of one lecture): a term is key to a
 * text when it is frequent there and rare in the others. Used to pick key sentences for the
 * extractive deck and key terms for cloze questions.
 */
export class TfIdf {
  private readonly idf = new Map<string, number>();
  private readonly termsOf: string[][];

  constructor(texts: string[]) {
    this.termsOf = texts.map((text) => terms(text));
    const documentFrequency = new Map<string, number>();
    for (const list of this.termsOf) for (const term of new Set(list)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    const n = texts.length;
    for (const [term, df] of documentFrequency) this.idf.set(term, Math.log(1 + n / df));
  }

  /** Weight of each term in text `index` (term frequency × inverse document frequency). */
  weights(index: number): Map<string, number> {
    const counts = new Map<string, number>();
    for (const term of this.termsOf[index] ?? []) counts.set(term, (counts.get(term) ?? 0) + 1);
    const weights = new Map<string, number>();
    for (const [term, count] of counts) weights.set(term, count * (this.idf.get(term) ?? 0));
    return weights;
  }

  /** How much a sentence says of what is key to text `index`: mean weight of its distinct terms. */
  sentenceScore(sentence: string, weights: Map<string, number>): number {
    const distinct = [...new Set(terms(sentence))];
    if (distinct.length === 0) return 0;
    const total = distinct.reduce((sum, term) => sum + (weights.get(term) ?? 0), 0);
    // Dividing by √n rather than n keeps informative long sentences ahead of two-word ones.
    return total / Math.sqrt(distinct.length);
  }
}
