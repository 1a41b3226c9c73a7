import type { SlideInput } from '../deck/schema.js';
import { blocksFromParts } from '../deck/slide-content.js';
import { LectraError, throwIfAborted } from '../errors.js';
import type { LlmProvider } from '../llm/contract.js';
import { generateJson } from '../llm/json-output.js';
import { buildGroundedOutlinePrompt, GroundedOutlineSlideSchema, groundedOutlineAnswerSchema, type GroundedOutline, type GroundedOutlineSlide } from '../llm/prompts/grounded-outline.js';
import { resolveCitations, type Passage } from '../llm/prompts/grounded-passages.js';
import { GroundedSlideAnswerSchema, buildGroundedSlidePrompt } from '../llm/prompts/grounded-slide.js';
import { narrationTargetWords } from '../llm/prompts/slide-content.js';
import { notesWithCitation, sourceRef } from './cite-sources.js';
import type { Collection } from './collection.js';
import type { Chunk } from './document-types.js';
import { retrieveForSlide } from './retrieve-for-slide.js';
import { streamPlannedSlides, type PartialOutlineHeader } from '../llm/stream-outline.js';

/**
 * Lectures written from the user's documents, in halves the pipeline can cache: each step's
 * request (passages retrieved, prompt built) is made first, then the LLM call that answers it.
 * The pipeline (src/pipeline/write-grounded.ts) streams the slides into the renderer.
 */
const OUTLINE_TEMPERATURE = 0.3;
const CONTENT_TEMPERATURE = 0.5;
const DEFAULT_PASSAGES_PER_SLIDE = 4;
const OUTLINE_PASSAGE_CHARS = 12_000;

type PassageSource = Pick<Collection, 'search' | 'chunks' | 'getChunk' | 'list'>;

export interface GroundedLectureOptions {
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
  signal?: AbortSignal;
}

/** What one LLM call is asked: the prompt pair, and the passages it shows (to resolve citations). */
export interface GroundedRequest {
  system: string;
  prompt: string;
  passages: Passage[];
}

/** Step 1: the passages the outline is planned from, and the outline prompt built from them. */
export async function groundedOutlineRequest(collection: PassageSource, options: GroundedLectureOptions): Promise<GroundedRequest> {
  const passages = await outlinePassages(collection, options);
  const titles = documentTitles(collection, options.documents);
  return { ...buildGroundedOutlinePrompt({ ...options, passages, documentTitles: titles }), passages };
}

/**
 * Asks for the outline, streamed: `onSlide` gets each planned slide as soon as it closes in the
 * answer (the streamOutline contract, src/llm/stream-outline.ts). Slides keep only citations of
 * passages the model was shown.
 */
export async function streamGroundedOutline(
  provider: LlmProvider,
  request: GroundedRequest,
  slides: number,
  options: { signal?: AbortSignal; onSlide?: (index: number, slide: GroundedOutlineSlide, partial: PartialOutlineHeader) => void },
): Promise<GroundedOutline> {
  const { system, prompt, passages } = request;
  const resolve = (slide: GroundedOutlineSlide): GroundedOutlineSlide => ({ ...slide, sources: resolveCitations(slide.sources, passages) });
  const { outline } = await streamPlannedSlides(
    provider,
    { system, prompt, answerSchema: groundedOutlineAnswerSchema(slides), slideSchema: GroundedOutlineSlideSchema, slides, temperature: OUTLINE_TEMPERATURE },
    { signal: options.signal, onSlide: (index, slide, partial) => options.onSlide?.(index, resolve(slide), partial) },
  );
  return { ...outline, slides: outline.slides.map(resolve) };
}

/**
 * Step 2, per slide: the passages the outline cited for it first, then the best retrieved
 * ones, and the slide prompt built from them.
 */
export async function groundedSlideRequest(
  collection: PassageSource,
  outline: Pick<GroundedOutline, 'title' | 'slides'>,
  index: number,
  options: GroundedLectureOptions,
): Promise<GroundedRequest> {
  const planned = outline.slides[index];
  if (!planned) throw new RangeError(`Slide index ${index} is outside the outline (${outline.slides.length} slides).`);
  const k = options.passagesPerSlide ?? DEFAULT_PASSAGES_PER_SLIDE;
  const cited = planned.sources.flatMap((id) => collection.getChunk(id) ?? []);
  const retrieved = await retrieveForSlide(collection, planned, k, { documents: options.documents, signal: options.signal });
  const passages = unique([...cited, ...retrieved]).slice(0, Math.max(k, cited.length));
  throwIfAborted(options.signal);
  const { system, prompt } = buildGroundedSlidePrompt({
    outline,
    index,
    passages,
    audience: options.audience,
    lang: options.lang,
    targetWords: narrationTargetWords(options.minutes, options.slides),
    totalSlides: options.slides,
  });
  return { system, prompt, passages };
}

/**
 * Writes the slide. Its sources are the passages the answer cites; when it cites none it could
 * be matched to, the top passages it was given. The speaker notes end with the citation line.
 */
export async function writeGroundedSlide(provider: LlmProvider, request: GroundedRequest, planned: GroundedOutlineSlide, signal?: AbortSignal): Promise<SlideInput> {
  const { system, prompt, passages } = request;
  const answer = await generateJson(provider, { system, prompt, zodSchema: GroundedSlideAnswerSchema, signal, temperature: CONTENT_TEMPERATURE });
  const used = resolveCitations(answer.sources, passages);
  const chosen = used.length > 0 ? passages.filter((p) => used.includes(p.id)) : passages.slice(0, 2);
  const sources = chosen.map(sourceRef);
  const notes = notesWithCitation(answer.notes, sources);
  return {
    title: planned.title,
    blocks: blocksFromParts({ bullets: answer.bullets }),
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
async function outlinePassages(collection: PassageSource, options: Pick<GroundedLectureOptions, 'topic' | 'documents' | 'signal'>): Promise<Passage[]> {
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
