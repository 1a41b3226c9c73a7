import path from 'node:path';
import type { Deck, SlideInput } from '../deck/schema.js';
import { throwIfAborted } from '../errors.js';
import type { LlmProvider } from '../llm/contract.js';
import { memoryCollection, type Collection } from './collection.js';
import { extractDocument } from './extract-document.js';
import { extractiveDeck } from './extractive-deck.js';
import { groundedTopicDeck } from './grounded-topic-deck.js';

export interface DeckFromDocumentsOptions {
  topic?: string;
  slides: number;
  lang?: string;
  audience?: string;
  minutes?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** Index into this collection (e.g. the user's default one); otherwise an in-memory one. */
  collection?: Collection;
  maxBytes?: number;
  onSlide?: (index: number, slide: SlideInput) => void;
}

/**
 * `lectra generate --from <files…>` in one call: with an LLM, the files are indexed (into the
 * given collection, or one in memory) and the lecture is written from passages retrieved from
 * them alone; without one (`--llm none`), an extractive lecture is made from the files.
 */
export async function deckFromDocuments(provider: LlmProvider | undefined, files: string[], options: DeckFromDocumentsOptions): Promise<Deck> {
  if (!provider) {
    const docs = [];
    for (const file of files) {
      throwIfAborted(options.signal);
      docs.push(await extractDocument(file, { signal: options.signal, maxBytes: options.maxBytes }));
    }
    return extractiveDeck(docs, { slides: options.slides, topic: options.topic, lang: options.lang });
  }
  const collection = options.collection ?? memoryCollection({ maxBytes: options.maxBytes });
  await collection.add(files, { signal: options.signal });
  return groundedTopicDeck(provider, collection, { ...options, documents: files.map((f) => path.resolve(f)) });
}
