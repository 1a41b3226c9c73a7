import type { Deck } from '../deck/schema.js';
import { throwIfAborted } from '../errors.js';
import { readDocumentFile } from './extract-document.js';
import { extractInWorker } from './extract-in-worker.js';
import { extractiveDeck } from './extractive-deck.js';

export interface DeckFromDocumentsOptions {
  topic?: string;
  slides: number;
  lang?: string;
  signal?: AbortSignal;
  maxBytes?: number;
}

/**
 * `lectra generate --from <files…> --llm none`: a lecture made from the files without an LLM
 * (an extractive outline from their headings and key sentences). With an LLM the pipeline
 * indexes the files and writes the slides from retrieved passages (write-grounded.ts).
 */
export async function deckFromDocuments(files: string[], options: DeckFromDocumentsOptions): Promise<Deck> {
  const docs = [];
  for (const file of files) {
    throwIfAborted(options.signal);
    const extractOptions = { signal: options.signal, maxBytes: options.maxBytes };
    const { absolute, bytes } = await readDocumentFile(file, extractOptions);
    // Parsed in a worker with a memory limit, as collections do (a hostile file must not take the run down).
    docs.push(await extractInWorker(absolute, bytes, extractOptions));
  }
  return extractiveDeck(docs, { slides: options.slides, topic: options.topic, lang: options.lang });
}
