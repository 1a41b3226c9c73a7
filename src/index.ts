/** LECTRA's library API. The CLI and the HTTP server are thin shells over these functions. */
export { renderDeck, type RenderResult, type RenderHooks } from './pipeline/render-deck.js';
export { loadDeck, saveDeck, type LoadedDeck } from './deck/deck-file.js';
export { parseNotes } from './deck/parse-notes.js';
export { validateDeck } from './deck/validate-deck.js';
export { DeckSchema, SlideSchema, deckJsonSchema, DECK_VERSION, type Deck, type Slide, type DeckInput } from './deck/schema.js';
export { layoutDeck, layoutSlide } from './layout/layout-slide.js';
export { resolveOptions } from './config/resolve-options.js';
export { OPTION_SPECS, type LectraOptions, type ResolvedOptions } from './config/options.js';
export { LectraError, isLectraError, type ErrorCode } from './errors.js';
export type { ProgressEvent, ProgressListener } from './pipeline/progress.js';
export type { Profile } from './pipeline/profiler.js';
