import type { Deck, Slide } from '../deck/schema.js';

/**
 * What the renderer consumes: the deck's own fields, and each slide as a promise that settles
 * when that slide exists. Notes mode passes settled promises; topic mode passes the LLM's
 * per-slide work, so slide 2's frame and speech start while slide 7 is still being written.
 */
export interface LectureSource {
  /** The deck's own fields (title, lang, theme…); topic mode knows them once the title has streamed in. */
  header: Deck | Promise<Deck>;
  slides: Array<Promise<Slide>>;
  /** The file the deck came from (for naming the output folder), if any. */
  file?: string;
  warnings: string[];
}

/** A source from a complete deck. */
export function sourceFromDeck(deck: Deck, file?: string, warnings: string[] = []): LectureSource {
  return { header: deck, slides: deck.slides.map((s) => Promise.resolve(s)), file, warnings };
}
