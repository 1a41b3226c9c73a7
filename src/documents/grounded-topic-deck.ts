import { DECK_VERSION, type Deck, type SlideInput } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import { LectraError, throwIfAborted } from '../errors.js';
import type { LlmProvider } from '../llm/contract.js';
import { TopicDeckError, type PartialTopicDeck } from '../llm/generate-topic-deck.js';
import { generateJson } from '../llm/json-output.js';
import { limitConcurrency } from '../llm/limit-concurrency.js';
import { buildGroundedOutlinePrompt, groundedOutlineAnswerSchema, type GroundedOutline } from '../llm/prompts/grounded-outline.js';
import { resolveCitations, type Passage } from '../llm/prompts/grounded-passages.js';
import { GroundedSlideAnswerSchema, buildGroundedSlidePrompt } from '../llm/prompts/grounded-slide.js';
import { narrationTargetWords } from '../llm/prompts/slide-content.js';
import { notesWithCitation, sourceRef } from './cite-sources.js';
import type { Collection } from './collection.js';
import type { Chunk } from './document-types.js';
import { retrieveForSlide } from './retrieve-for-slide.js';

const OUTLINE_TEMPERATURE = 0.3;
const CONTENT_TEMPERATURE = 0.5;
const DEFAULT_PASSAGES_PER_SLIDE = 4;
const OUTLINE_PASSAGE_CHARS = 12_000;

type PassageSource = Pick<Collection, 'search' | 'chunks' | 'getChunk' | 'list'>;

export interface GroundedDeckOptions {
  /** Narrows the lecture to part of the documents; without it, the documents as a whole. */
  topic?: string;
  /** Content slides (a title slide is added in front). */
  slides: number;
  lang?: string;
  audience?: string;
  minutes?: number;
  /** Only these documents of the collection (ids, paths or names). */
  documents?: string[];
  /** Passages given to each slide's prompt (default 4). */
  passagesPerSlide?: number;
  /** Slide contents written at once (default 2). */
  concurrency?: number;
  signal?: AbortSignal;
  onSlide?: (index: number, slide: SlideInput) => void;
}

/** The outline plus the passages it was planned from (slides' cited ids point into them). */
export interface GroundedPlan {
  outline: GroundedOutline;
  passages: Passage[];
}

/**
 * Documents → Deck with an LLM: an outline planned from passages of the collection (the
 * `topic`'s best matches, or a spread over the whole documents), then each slide written from
 * the passages retrieved for it. Every content slide lists its sources (file, page/heading,
 * chunk id) and its speaker notes end with "Source: report.pdf, p. 3". Fails like
 * generateTopicDeck: a TopicDeckError carrying the slides already written.
 */
export async function groundedTopicDeck(provider: LlmProvider, collection: PassageSource, options: GroundedDeckOptions): Promise<Deck> {
  const partial: PartialTopicDeck = { slides: new Array<SlideInput | undefined>(options.slides + 1).fill(undefined) };
  let plan: GroundedPlan;
  try {
    plan = await planGroundedLecture(provider, collection, options);
  } catch (error) {
    throw new TopicDeckError(error, partial);
  }
  partial.outline = plan.outline;
  const title = groundedTitleSlide(plan.outline, collection, options.documents);
  partial.slides[0] = title;
  options.onSlide?.(0, title);

  const limit = limitConcurrency(options.concurrency ?? 2);
  const stop = new AbortController();
  const queueSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let failure: { error: unknown; deckIndex: number } | undefined;
  const fail = (error: unknown, index: number) => {
    if (failure) return;
    failure = { error, deckIndex: index + 1 };
    stop.abort();
  };
  await Promise.all(
    plan.outline.slides.map((_, index) =>
      limit(async () => {
        if (stop.signal.aborted) return;
        try {
          const slide = await writeGroundedSlide(provider, collection, plan, index, options);
          partial.slides[index + 1] = slide;
          options.onSlide?.(index + 1, slide);
        } catch (error) {
          fail(error, index);
        }
      }, queueSignal).catch((error: unknown) => fail(error, index)),
    ),
  );
  if (failure) throw new TopicDeckError(failure.error, partial, failure.deckIndex);
  return validateDeck(
    {
      version: DECK_VERSION,
      title: plan.outline.title,
      ...(plan.outline.subtitle ? { subtitle: plan.outline.subtitle } : {}),
      lang: options.lang ?? 'en',
      slides: partial.slides,
    },
    'generated deck',
  );
}

/** Step 1: passages for the outline, and the outline itself. */
export async function planGroundedLecture(
  provider: LlmProvider,
  collection: PassageSource,
  options: Omit<GroundedDeckOptions, 'onSlide' | 'concurrency'>,
): Promise<GroundedPlan> {
  const passages = await outlinePassages(collection, options);
  const titles = documentTitles(collection, options.documents);
  const { system, prompt } = buildGroundedOutlinePrompt({ ...options, passages, documentTitles: titles });
  const outline = await generateJson(provider, {
    system,
    prompt,
    zodSchema: groundedOutlineAnswerSchema(options.slides),
    signal: options.signal,
    temperature: OUTLINE_TEMPERATURE,
  });
  // Keep only citations of passages the model was shown.
  return { outline: { ...outline, slides: outline.slides.map((s) => ({ ...s, sources: resolveCitations(s.sources, passages) })) }, passages };
}

/**
 * Step 2, per slide: the passages the outline cited for it first, then the best retrieved
 * ones, then the slide written from them. Sources are the passages the answer cites; when it
 * cites none it could be matched to, the top passages it was given.
 */
export async function writeGroundedSlide(
  provider: LlmProvider,
  collection: PassageSource,
  plan: GroundedPlan,
  index: number,
  options: Pick<GroundedDeckOptions, 'lang' | 'audience' | 'minutes' | 'documents' | 'passagesPerSlide' | 'signal'>,
): Promise<SlideInput> {
  const planned = plan.outline.slides[index];
  if (!planned) throw new RangeError(`Slide index ${index} is outside the outline (${plan.outline.slides.length} slides).`);
  const k = options.passagesPerSlide ?? DEFAULT_PASSAGES_PER_SLIDE;
  const cited = planned.sources.flatMap((id) => collection.getChunk(id) ?? []);
  const retrieved = await retrieveForSlide(collection, planned, k, { documents: options.documents, signal: options.signal });
  const passages = unique([...cited, ...retrieved]).slice(0, Math.max(k, cited.length));
  throwIfAborted(options.signal);
  const { system, prompt } = buildGroundedSlidePrompt({
    outline: plan.outline,
    index,
    passages,
    audience: options.audience,
    lang: options.lang,
    targetWords: narrationTargetWords(options.minutes, plan.outline.slides.length),
  });
  const answer = await generateJson(provider, { system, prompt, zodSchema: GroundedSlideAnswerSchema, signal: options.signal, temperature: CONTENT_TEMPERATURE });
  const used = resolveCitations(answer.sources, passages);
  const chosen = used.length > 0 ? passages.filter((p) => used.includes(p.id)) : passages.slice(0, 2);
  const sources = chosen.map(sourceRef);
  const notes = notesWithCitation(answer.notes, sources);
  return {
    title: planned.title,
    bullets: answer.bullets,
    narration: answer.narration.trim(),
    ...(notes ? { notes } : {}),
    ...(planned.imageQueries.length > 0 ? { imageQueries: planned.imageQueries } : {}),
    ...(sources.length > 0 ? { sources } : {}),
  };
}

/** The title slide speaks the outline's intro; its notes name the documents. */
export function groundedTitleSlide(outline: GroundedOutline, collection: Pick<Collection, 'list'>, documents?: string[]): SlideInput {
  const names = collection
    .list()
    .filter((d) => !documents || documents.some((t) => t === d.id || t === d.name || t === d.file))
    .map((d) => d.name);
  const fallback = `Welcome. This lecture on ${outline.title} is based on ${names.join(', ') || 'your documents'}.`;
  return {
    layout: 'title',
    title: outline.title,
    ...(outline.subtitle ? { subtitle: outline.subtitle } : {}),
    narration: outline.intro.trim() || fallback,
    ...(names.length > 0 ? { notes: `Based on: ${names.join(', ')}` } : {}),
  };
}

/**
 * What the outline is planned from: with a topic, its best matches in document order; without
 * one, a spread over the documents (the start of every heading's text first), up to the budget.
 */
async function outlinePassages(collection: PassageSource, options: Pick<GroundedDeckOptions, 'topic' | 'documents' | 'signal'>): Promise<Passage[]> {
  const all = options.documents ? options.documents.flatMap((d) => collection.chunks(d)) : collection.chunks();
  if (all.length === 0) {
    throw new LectraError('bad-input', 'There are no documents to build the lecture from — add some first (e.g. `lectra docs add report.pdf`).', { field: 'documents' });
  }
  const order = new Map(all.map((c, i) => [c.id, i]));
  if (options.topic?.trim()) {
    const hits = await collection.search(options.topic, { k: 16, documents: options.documents, signal: options.signal });
    if (hits.length === 0) {
      throw new LectraError('bad-input', `Nothing in the documents matches the topic "${options.topic}" — try other words, or leave the topic out.`, { field: 'topic' });
    }
    return hits.map((h) => h.chunk).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }
  return spread(all, OUTLINE_PASSAGE_CHARS);
}

/** Heads of sections first (one per file+heading), then evenly spaced others, in document order. */
function spread(chunks: Chunk[], budget: number): Chunk[] {
  const seen = new Set<string>();
  const heads: Chunk[] = [];
  for (const chunk of chunks) {
    const key = `${chunk.file}\u0000${chunk.heading ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      heads.push(chunk);
    }
  }
  const picked = new Set(sample(heads, budget).map((c) => c.id));
  let used = chunks.filter((c) => picked.has(c.id)).reduce((sum, c) => sum + c.text.length, 0);
  for (const chunk of sample(chunks.filter((c) => !picked.has(c.id)), Math.max(0, budget - used))) {
    picked.add(chunk.id);
    used += chunk.text.length;
  }
  return chunks.filter((c) => picked.has(c.id));
}

/** Evenly spaced items whose texts fit in `budget` characters. */
function sample(chunks: Chunk[], budget: number): Chunk[] {
  const average = chunks.reduce((sum, c) => sum + c.text.length, 0) / Math.max(1, chunks.length);
  const count = Math.min(chunks.length, Math.floor(budget / Math.max(1, average)));
  if (count <= 0) return [];
  const step = chunks.length / count;
  return Array.from({ length: count }, (_, i) => chunks[Math.floor(i * step)]!);
}

function documentTitles(collection: PassageSource, documents?: string[]): string[] {
  return collection
    .list()
    .filter((d) => !documents || documents.some((t) => t === d.id || t === d.name || t === d.file))
    .map((d) => d.title);
}

function unique(chunks: Chunk[]): Chunk[] {
  const seen = new Set<string>();
  return chunks.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}
