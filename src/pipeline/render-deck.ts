import type { LectraOptions } from '../config/options.js';
import { loadDeck, type LoadedDeck } from '../deck/deck-file.js';
import { sourceFromDeck } from './lecture-source.js';
import { renderLecture, type RenderHooks, type RenderResult } from './render-lecture.js';

export type { RenderHooks, RenderResult } from './render-lecture.js';

/**
 * Renders a notes file, a deck.json, or an already-loaded deck into the output folder:
 * deck.json, frames, narration audio, timings, subtitles, lecture.mp4 and deck.pptx.
 */
export async function renderDeck(input: string | LoadedDeck, options: LectraOptions = {}, hooks: RenderHooks = {}): Promise<RenderResult> {
  const loaded = typeof input === 'string' ? await loadDeck(input) : input;
  return renderLecture(sourceFromDeck(loaded.deck, loaded.file, loaded.warnings), options, hooks);
}
