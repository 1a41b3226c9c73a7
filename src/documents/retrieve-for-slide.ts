import type { Collection } from './collection.js';
import type { Chunk } from './document-types.js';

export interface RetrieveOptions {
  /** Only these documents (ids, paths or names). */
  documents?: string[];
  signal?: AbortSignal;
}

/** The query a slide is searched with: its title and what it must cover. */
export function slideQuery(slide: { title: string; keyPoints?: string[] }): string {
  return [slide.title, ...(slide.keyPoints ?? [])].join('. ');
}

/** The `k` passages that best support a planned slide, best first. */
export async function retrieveForSlide(
  collection: Pick<Collection, 'search'>,
  slide: { title: string; keyPoints?: string[] },
  k: number,
  options: RetrieveOptions = {},
): Promise<Chunk[]> {
  const hits = await collection.search(slideQuery(slide), { k, documents: options.documents, signal: options.signal });
  return hits.map((hit) => hit.chunk);
}
