import { DECK_VERSION, type Deck, type SlideInput } from '../deck/schema.js';
import { blocksFromParts } from '../deck/slide-content.js';
import { validateDeck } from '../deck/validate-deck.js';
import { LectraError } from '../errors.js';
import { splitSentences } from '../speech/split-sentences.js';
import { chunkDocument } from './chunk-document.js';
import { notesWithCitation, sourceRef } from './cite-sources.js';
import type { Chunk, ExtractedDocument } from './document-types.js';
import { KeywordIndex } from './keyword-index.js';
import { TfIdf } from './tf-idf.js';
import { toTerm, words } from './text-terms.js';

export interface ExtractiveDeckOptions {
  /** Content slides wanted (a title slide is added); fewer when the documents are short. */
  slides: number;
  /** Keep only the parts of the documents about this. */
  topic?: string;
  lang?: string;
  /** Words of narration per slide, roughly (default 110). */
  targetWords?: number;
}

interface Sentence {
  text: string;
  chunk: Chunk;
  /** Position in the documents, to restore reading order. */
  order: number;
}

interface Group {
  heading?: string;
  /** Headings of groups merged into this one, after the first. */
  more?: string[];
  continued?: boolean;
  sentences: Sentence[];
}

const MAX_BULLETS = 4;
const MAX_BULLET_WORDS = 16;

/**
 * Documents → Deck without an LLM: the text is cut into as many parts as slides (along its
 * headings), and each slide gets the part's heading as title, its most characteristic sentences
 * (TF-IDF) as bullets, and a narration of its key sentences in reading order — the documents'
 * own words, cited by page or heading in the speaker notes.
 */
export function extractiveDeck(input: ExtractedDocument | ExtractedDocument[], options: ExtractiveDeckOptions): Deck {
  const docs = Array.isArray(input) ? input : [input];
  const lang = options.lang ?? 'en';
  let chunks = docs.flatMap((doc) => chunkDocument(doc, { targetChars: 1000, overlap: 0, lang }));
  if (options.topic?.trim()) chunks = aboutTopic(chunks, options.topic);
  const groups = planGroups(toGroups(chunks, lang), Math.max(1, options.slides));
  const tfidf = new TfIdf(groups.map((g) => g.sentences.map((s) => s.text).join(' ')));
  const slides = groups.map((group, i) => groupSlide(group, i, groups.length, tfidf, options.targetWords ?? 110));
  const title = options.topic?.trim() || (docs.length === 1 ? docs[0]!.title : docs.map((d) => d.title).join(' · '));
  const names = docs.map((d) => d.name);
  const titleSlide: SlideInput = {
    layout: 'title',
    title,
    subtitle: `Based on ${joinList(names)}`,
    narration: `Welcome. This lecture is based on ${joinList(names)}. We will look at ${joinList(slides.map((s) => lowerTitle(s.title ?? '')))}.`,
    notes: `Based on: ${names.join(', ')} (extractive summary, no LLM).`,
  };
  return validateDeck({ version: DECK_VERSION, title, lang, slides: [titleSlide, ...slides] }, 'extractive deck');
}

/** Chunks matching the topic (keyword search), in document order. */
function aboutTopic(chunks: Chunk[], topic: string): Chunk[] {
  const index = KeywordIndex.empty();
  index.add(chunks, () => '');
  const hits = new Set(index.search(topic, Math.max(8, Math.ceil(chunks.length / 3))).map((h) => h.id));
  const kept = chunks.filter((c) => hits.has(c.id));
  if (kept.length === 0) {
    throw new LectraError('bad-input', `Nothing in the documents matches the topic "${topic}" — try other words, or leave the topic out.`, { field: 'topic' });
  }
  return kept;
}

/** Consecutive chunks under the same heading of the same file form one group of sentences. */
function toGroups(chunks: Chunk[], lang: string): Group[] {
  const groups: Group[] = [];
  let key = '';
  let order = 0;
  for (const chunk of chunks) {
    const chunkKey = `${chunk.file}\u0000${chunk.heading ?? ''}`;
    if (chunkKey !== key || groups.length === 0) groups.push({ heading: chunk.heading, sentences: [] });
    key = chunkKey;
    const group = groups[groups.length - 1]!;
    for (const paragraph of chunk.text.split(/\n\s*\n/)) {
      for (const text of splitSentences(paragraph, lang)) if (looksLikeProse(text)) group.sentences.push({ text, chunk, order: order++ });
    }
  }
  return groups.filter((g) => g.sentences.length > 0);
}

/** Exactly `slides` groups when the text allows: neighbours merged, long groups split. */
function planGroups(groups: Group[], slides: number): Group[] {
  let planned = groups;
  while (planned.length > slides) planned = mergeSmallestPair(planned);
  while (planned.length < slides) {
    const longest = planned.reduce((best, g, i) => (g.sentences.length > planned[best]!.sentences.length ? i : best), 0);
    const group = planned[longest]!;
    if (group.sentences.length < 4) break;
    const half = Math.ceil(group.sentences.length / 2);
    planned = [
      ...planned.slice(0, longest),
      { ...group, sentences: group.sentences.slice(0, half) },
      { heading: group.heading, continued: true, sentences: group.sentences.slice(half) },
      ...planned.slice(longest + 1),
    ];
  }
  return planned;
}

/** Merges the adjacent pair with the least text; the first heading names the result. */
function mergeSmallestPair(groups: Group[]): Group[] {
  const size = (g: Group) => g.sentences.reduce((sum, s) => sum + s.text.length, 0);
  let best = 0;
  for (let i = 1; i < groups.length - 1; i++) if (size(groups[i]!) + size(groups[i + 1]!) < size(groups[best]!) + size(groups[best + 1]!)) best = i;
  const [a, b] = [groups[best]!, groups[best + 1]!];
  const headings = [a.heading, ...(a.more ?? []), b.heading, ...(b.more ?? [])].filter((h): h is string => Boolean(h));
  const [heading, ...more] = [...new Set(headings)];
  return [...groups.slice(0, best), { heading, more, continued: a.continued, sentences: [...a.sentences, ...b.sentences] }, ...groups.slice(best + 2)];
}

function groupSlide(group: Group, index: number, total: number, tfidf: TfIdf, targetWords: number): SlideInput {
  const weights = tfidf.weights(index);
  const candidates = uniqueSentences(group.sentences).filter((s) => wordCount(s.text) >= 4);
  const pool = candidates.length > 0 ? candidates : group.sentences;
  const ranked = [...pool].sort((a, b) => tfidf.sentenceScore(b.text, weights) - tfidf.sentenceScore(a.text, weights));
  const keyTerms = [...weights.entries()].sort((a, b) => b[1] - a[1]).map(([term]) => term);
  const title = slideTitle(group, keyTerms);
  const bulletSentences = ranked.slice(0, MAX_BULLETS).sort((a, b) => a.order - b.order);
  const spoken = narrationSentences(ranked, targetWords);
  const chosen = uniqueChunks([...bulletSentences, ...spoken].map((s) => s.chunk));
  const sources = chosen.map(sourceRef);
  const lead = index === 0 ? `Let us begin with ${lowerTitle(title)}.` : index === total - 1 ? `Finally, ${lowerTitle(title)}.` : `Next, ${lowerTitle(title)}.`;
  return {
    title,
    blocks: blocksFromParts({ bullets: bulletSentences.map((s) => ({ text: toBullet(s.text, keyTerms) })) }),
    narration: [lead, ...spoken.map((s) => withFullStop(s.text))].join(' '),
    ...(notesWithCitation(undefined, sources) ? { notes: notesWithCitation(undefined, sources) } : {}),
    sources,
  };
}

/** Key sentences until about `targetWords`, read in document order. */
function narrationSentences(ranked: Sentence[], targetWords: number): Sentence[] {
  const picked: Sentence[] = [];
  let count = 0;
  for (const sentence of ranked) {
    if (count >= targetWords) break;
    picked.push(sentence);
    count += wordCount(sentence.text);
  }
  return picked.sort((a, b) => a.order - b.order);
}

function slideTitle(group: Group, keyTerms: string[]): string {
  if (group.heading) {
    const second = group.more?.length === 1 ? group.more[0]! : undefined;
    const joined = second && wordCount(group.heading) + wordCount(second) <= 7 ? `${group.heading} and ${second}` : group.heading;
    return group.continued ? `${joined} (continued)` : joined;
  }
  // No heading: the two most characteristic words, as they are spelled in the text.
  const surface = new Map<string, string>();
  for (const s of group.sentences) for (const word of words(s.text)) {
    const term = toTerm(word);
    if (term && !surface.has(term) && !/^\d+$/.test(term)) surface.set(term, word);
  }
  const picked = keyTerms.filter((t) => surface.has(t)).slice(0, 2).map((t) => capitalise(surface.get(t)!));
  return picked.length > 0 ? picked.join(' and ') : 'Overview';
}

/** A sentence as a bullet: cut at a clause after a few words when long, no final full stop, key term in bold. */
function toBullet(sentence: string, keyTerms: string[]): string {
  let text = sentence.replace(/[.;:]$/, '');
  const list = text.split(/\s+/);
  if (list.length > MAX_BULLET_WORDS) {
    const clause = /^(.{30,}?)[,;:–—]\s/.exec(text);
    text = clause && wordCount(clause[1]!) <= MAX_BULLET_WORDS ? clause[1]! : `${list.slice(0, MAX_BULLET_WORDS).join(' ')}…`;
  }
  // Bold only distinctive words: short ones are mostly verbs and fillers.
  const key = keyTerms.slice(0, 12).find((term) => term.length >= 5 && !/^\d/.test(term) && words(text).slice(1).some((w) => toTerm(w) === term));
  if (!key || text.includes('*')) return text;
  const word = words(text).slice(1).find((w) => toTerm(w) === key)!;
  return text.replace(new RegExp(`(^|[^\\p{L}\\p{N}])(${escapeRegExp(word)})(?![\\p{L}\\p{N}])`, 'u'), '$1**$2**');
}

function uniqueSentences(sentences: Sentence[]): Sentence[] {
  const seen = new Set<string>();
  return sentences.filter((s) => (seen.has(s.text) ? false : (seen.add(s.text), true)));
}

function uniqueChunks(chunks: Chunk[]): Chunk[] {
  const seen = new Set<string>();
  return chunks.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true))).sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** "What a plant needs" reads "what a plant needs" mid-sentence; Title Case and names stay. */
function lowerTitle(title: string): string {
  const bare = title.replace(/[.!?:]+$/, '');
  const laterCapital = bare.split(/\s+/).slice(1).some((w) => /^\p{Lu}/u.test(w));
  return /^\p{Lu}\p{Ll}/u.test(bare) && !laterCapital ? bare[0]!.toLowerCase() + bare.slice(1) : bare;
}

function withFullStop(sentence: string): string {
  return /[.!?…:]["'”’)]*$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Sentences of code, tables of numbers and formulas make poor bullets and worse narration. */
function looksLikeProse(text: string): boolean {
  if (/[{}<>=→+]|\bdef |\breturn\b|\(\)|;\s*$/.test(text)) return false;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters / Math.max(1, text.replace(/\s/g, '').length) >= 0.75;
}

function capitalise(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
