import fs from 'node:fs/promises';
import path from 'node:path';
import type { LectraOptions, ResolvedOptions } from '../config/options.js';
import { llmSettings } from '../config/llm-settings.js';
import { withDefaults } from '../config/with-defaults.js';
import { saveDeck } from '../deck/deck-file.js';
import type { Deck, Slide } from '../deck/schema.js';
import { memoryCollection } from '../documents/collection.js';
import { deckFromDocuments } from '../documents/deck-from-documents.js';
import { LectraError } from '../errors.js';
import type { LlmProvider } from '../llm/contract.js';
import { getLlmProviderDefinition } from '../llm/registry.js';
import { addQuiz } from './add-quiz.js';
import { checkRenderOptions } from './check-render-options.js';
import { sourceFromDeck } from './lecture-source.js';
import { outputPaths, slugify } from './output-paths.js';
import { Profiler } from './profiler.js';
import { renderLecture, type RenderHooks, type RenderResult } from './render-lecture.js';
import { writeGrounded } from './write-grounded.js';
import { writeTopic } from './write-topic.js';
import { writerContext, type WriterContext, type WrittenLecture } from './writer-context.js';

export interface GenerateRequest {
  /** The subject; with --from documents it narrows them and may be empty. */
  topic?: string;
}

/**
 * Topic mode (or documents with --from): outline (LLM) → each slide's content (LLM, bounded by
 * --llm-concurrency) → the same per-slide render chain as notes mode, each slide starting as soon
 * as its text exists. If the LLM fails part-way, deck.json is still written with the slides that
 * were finished.
 */
export async function generateLecture(request: GenerateRequest, options: LectraOptions = {}, hooks: RenderHooks = {}): Promise<RenderResult> {
  const topic = request.topic?.trim() ?? '';
  const opts = withDefaults(options);
  if (!topic && opts.from.length === 0) {
    throw new LectraError('bad-input', 'The topic is empty: pass one, e.g. `lectra generate "AI in Healthcare"`, or documents with --from.', { field: 'topic' });
  }
  checkRenderOptions(opts);
  const profiler = hooks.profiler ?? new Profiler(hooks.onProgress);
  const outDir = path.resolve(opts.out ?? path.join('lectures', slugify(topic || path.basename(opts.from[0]!, path.extname(opts.from[0]!)))));
  // Topic slides ask for pictures (the outline wrote their queries): offline illustrations unless told otherwise.
  const renderOptions: LectraOptions = { ...options, out: outDir, images: options.images ?? 'generated' };
  const renderHooks = (llm?: LlmProvider) => ({ ...hooks, profiler, llm });
  if (opts.from.length > 0 && opts.llm === 'none') {
    // Documents make a lecture even without an LLM: an extractive one.
    const deck = await profiler.task({ id: 'documents', stage: 'documents', resource: 'cpu' }, () =>
      deckFromDocuments(opts.from, { topic: topic || undefined, slides: opts.slides, lang: opts.lang, signal: hooks.signal }),
    );
    return renderWithQuiz(deck, undefined, opts, outDir, renderOptions, renderHooks());
  }
  const settings = llmSettings(opts);
  const provider = await getLlmProviderDefinition(opts.llm).setup(settings);
  try {
    const ctx = writerContext(provider, opts, settings, profiler, hooks.signal);
    const { header, slides } = opts.from.length > 0 ? await writeFromDocuments(topic, opts, ctx) : writeTopic(topic, opts, ctx);
    try {
      if (opts.quizEvery) {
        // Checkpoints need every slide (distractors come from the whole lecture), so this path waits.
        const deck: Deck = { ...(await header), slides: await Promise.all(slides) };
        return await renderWithQuiz(deck, provider, opts, outDir, renderOptions, renderHooks(provider));
      }
      return await renderLecture({ header, slides, warnings: [] }, renderOptions, renderHooks(provider));
    } catch (error) {
      await savePartialDeck(header, slides, outDir);
      throw error;
    }
  } finally {
    await provider.close();
  }
}

/** Indexes the --from files (in memory) and writes the lecture from passages retrieved from them. */
async function writeFromDocuments(topic: string, opts: ResolvedOptions, ctx: WriterContext): Promise<WrittenLecture> {
  const collection = memoryCollection();
  await ctx.profiler.task({ id: 'documents', stage: 'documents', resource: 'cpu' }, () => collection.add(opts.from, { signal: ctx.signal }));
  const documents = opts.from.map((file) => path.resolve(file));
  return writeGrounded(collection, { topic: topic || undefined, slides: opts.slides, lang: opts.lang, audience: opts.audience, minutes: opts.minutes, documents, schedule: opts.schedule }, ctx);
}

async function renderWithQuiz(deck: Deck, provider: LlmProvider | undefined, opts: ResolvedOptions, outDir: string, renderOptions: LectraOptions, hooks: RenderHooks & { profiler: Profiler }): Promise<RenderResult> {
  let withQuiz = deck;
  if (opts.quizEvery) {
    await fs.mkdir(outDir, { recursive: true });
    ({ deck: withQuiz } = await addQuiz(deck, provider, hooks.profiler, { every: opts.quizEvery, questions: opts.quizQuestions, audience: opts.audience, quizFile: outputPaths(outDir).quiz, signal: hooks.signal }));
  }
  return renderLecture(sourceFromDeck(withQuiz), renderOptions, hooks);
}

/** Keeps what the LLM finished (as deck.json) so a failed or cancelled run loses no work. */
async function savePartialDeck(pendingHeader: Promise<Deck>, slides: Array<Promise<Slide>>, outDir: string): Promise<void> {
  const settled = await Promise.allSettled(slides);
  const finished = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const header = await pendingHeader.catch(() => undefined);
  if (finished.length === 0 || !header) return;
  try {
    await saveDeck({ ...header, slides: finished }, outputPaths(outDir).deck);
  } catch {
    // The original error matters more than a failed rescue.
  }
}
