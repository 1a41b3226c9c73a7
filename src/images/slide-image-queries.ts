import type { Slide } from '../deck/schema.js';
import { slideListItems } from '../deck/slide-content.js';
import { keywordsOf } from './keywords.js';

/** Search engines match short phrases best; longer queries mostly return nothing. */
const MAX_QUERY_WORDS = 4;

/**
 * Search phrases for a slide's picture, best first: the slide's own imageQueries (an LLM or the
 * author wrote them), else the title's content words, then the title with the bullets' leading
 * nouns, then the single most telling word.
 */
export function slideImageQueries(slide: Pick<Slide, 'title' | 'blocks' | 'imageQueries'>): string[] {
  const given = (slide.imageQueries ?? []).map((query) => query.trim()).filter(Boolean);
  if (given.length > 0) return unique(given);
  const titleWords = keywordsOf(plain(slide.title));
  const bulletWords = slideListItems(slide).filter((item) => item.level === 0).flatMap((item) => keywordsOf(plain(item.text)).slice(0, 2));
  const queries = [
    titleWords.slice(0, MAX_QUERY_WORDS).join(' '),
    [...titleWords.slice(0, 2), ...bulletWords.filter((word) => !titleWords.includes(word)).slice(0, 2)].join(' '),
    (titleWords[0] ?? bulletWords[0] ?? ''),
  ];
  return unique(queries.filter(Boolean));
}

/** Slide text is inline Markdown; search engines want the words only. */
function plain(text: string): string {
  return text.replace(/`[^`]*`/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_=$]/g, '');
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
