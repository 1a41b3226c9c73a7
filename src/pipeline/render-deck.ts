import fs from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { LectraOptions } from '../config/options.js';
import { withDefaults } from '../config/with-defaults.js';
import { llmSettings } from '../config/llm-settings.js';
import { getLlmProviderDefinition } from '../llm/registry.js';
import { loadDeck, readImport, type LoadDeckOptions, type LoadedDeck, type ParsedNotesFile } from '../deck/deck-file.js';
import { LECTRA_VERSION } from '../package-root.js';
import { LectraError } from '../errors.js';
import { hashKey, type ContentCache } from './content-cache.js';
import { openCache } from './open-cache.js';
import { jsonCodec } from './task-codecs.js';
import { addQuiz } from './add-quiz.js';
import { isQuizSlide } from '../documents/insert-quiz-slides.js';
import { sourceFromDeck } from './lecture-source.js';
import { outputPaths, resolveOutDir } from './output-paths.js';
import { Profiler } from './profiler.js';
import { renderLecture, type RenderHooks, type RenderResult } from './render-lecture.js';

export type { RenderHooks, RenderResult } from './render-lecture.js';

/**
 * Renders a notes file, a deck.json, or an already-loaded deck into the output folder:
 * deck.json, frames, narration audio, timings, subtitles, lecture.mp4 and deck.pptx.
 * With --quiz-every (or `quizEvery` in the deck), offline checkpoint questions are added first.
 */
export async function renderDeck(input: string | LoadedDeck, options: LectraOptions = {}, hooks: RenderHooks = {}): Promise<RenderResult> {
  const opts = withDefaults(options);
  const loaded = typeof input === 'string' ? await loadDeck(input, { parse: rememberedParse(openCache(opts)), format: opts.format }) : input;
  if (opts.strict) failOnWarnings(loaded.warnings, loaded.file ?? String(input));
  // --prosody llm in notes mode: an LLM just for tagging the narration.
  if (opts.prosody === 'llm' && !hooks.llm) {
    const llm = await getLlmProviderDefinition(opts.llm).setup(llmSettings(opts));
    try {
      return await renderDeck(loaded, options, { ...hooks, llm });
    } finally {
      await llm.close();
    }
  }
  const every = opts.quizEvery ?? loaded.deck.quizEvery;
  // A deck.json from an earlier quiz run already holds its checkpoint slides.
  if (!every || loaded.deck.slides.some(isQuizSlide)) return renderLecture(sourceFromDeck(loaded.deck, loaded.file, loaded.warnings), options, hooks);
  const profiler = hooks.profiler ?? new Profiler(hooks.onProgress);
  const outDir = resolveOutDir(opts.out, loaded.file, loaded.deck.title);
  await fs.mkdir(outDir, { recursive: true });
  const { deck } = await addQuiz(loaded.deck, undefined, profiler, { every, questions: opts.quizQuestions, quizFile: outputPaths(outDir).quiz, signal: hooks.signal });
  return renderLecture(sourceFromDeck(deck, loaded.file, loaded.warnings), { ...options, out: outDir }, { ...hooks, profiler });
}

/**
 * Parsing notes, remembered in the content cache by the text and the name it is reported under:
 * a warm re-render of unchanged notes skips the Markdown and YAML parsers. Bump the version when
 * the notes parser changes what it makes (2: Marp decks break as Marp breaks them; 3: deck
 * model v2 blocks, Slidev decks; 4: over-full slides continued). A Slidev deck's imports are checked by hash on a hit.
 */
const NOTES_PARSER_VERSION = 4;

/** --strict: the input's warnings stop the render before anything is made (exit 2). */
function failOnWarnings(warnings: string[], file: string): void {
  if (warnings.length === 0) return;
  throw new LectraError('strict-warnings', `${warnings[0]}${warnings.length > 1 ? ` (and ${warnings.length - 1} more warning${warnings.length > 2 ? 's' : ''})` : ''} — --strict treats warnings as errors: fix them, or render without --strict.`, { file, details: warnings });
}

function importsUnchanged(parsed: ParsedNotesFile): boolean {
  return (parsed.imports ?? []).every(({ path: file, sha256 }) => {
    const text = readImport(file);
    return text !== undefined && createHash('sha256').update(text).digest('hex') === sha256;
  });
}

function rememberedParse(cache: ContentCache): NonNullable<LoadDeckOptions['parse']> {
  const codec = jsonCodec<ParsedNotesFile>();
  return async (text, file, parse) => {
    const key = hashKey({ parser: NOTES_PARSER_VERSION, lectra: LECTRA_VERSION, file, text });
    const hit = await cache.get('notes', key);
    if (hit) {
      try {
        const found = codec.decode(hit);
        if (importsUnchanged(found)) return found;
      } catch {
        // a damaged entry is a miss
      }
    }
    const parsed = await parse();
    await cache.put('notes', key, codec.encode(parsed));
    return parsed;
  };
}
