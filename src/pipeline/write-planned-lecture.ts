import { DECK_VERSION, type Deck, type Slide } from '../deck/schema.js';
import { validateDeck } from '../deck/validate-deck.js';
import type { PartialOutlineHeader } from '../llm/stream-outline.js';
import type { WrittenLecture } from './writer-context.js';

/** An outline entry: whatever a plan's `slides[]` holds (topic or grounded). */
interface PlannedSlide {
  title: string;
}

export interface PlannedLectureSpec<P extends PlannedSlide, O extends { title: string; subtitle?: string; slides: P[] }> {
  /** Content slides (a title slide is added in front). */
  slides: number;
  lang: string;
  /** `staged` waits for the whole outline before writing any slide, as the seed does. */
  schedule?: 'per-slide' | 'staged';
  /** Produces the outline (streamed or cached), calling `onSlide` for each entry as it arrives. */
  plan: (onSlide: (index: number, planned: P, partial: PartialOutlineHeader) => void) => Promise<O>;
  /**
   * Writes content slide `index` from the outline known so far: entries 0…index, with `pending`
   * where an earlier entry has not arrived yet (so numbering holds), and the lecture title as
   * streamed so far.
   */
  writeSlide: (index: number, known: P[], title: string | undefined) => Promise<Slide>;
  /** Stands in for an earlier entry that has not arrived yet. */
  pending: P;
  /** The title slide, from the whole outline (it speaks the intro). */
  titleSlide: (outline: O) => Slide;
}

/**
 * The streamed lecture writer both topic mode and `--from` use: the header resolves as soon as
 * the title has streamed, each content slide's writer starts as soon as its outline entry has
 * arrived (a cached outline starts them all at once), and an outline failure rejects the header
 * and every slide with its error. Returns one promise per deck slide for the renderer.
 */
export function writePlannedLecture<P extends PlannedSlide, O extends { title: string; subtitle?: string; slides: P[] }>(spec: PlannedLectureSpec<P, O>): WrittenLecture {
  const header = deferred<Deck>();
  const content = Array.from({ length: spec.slides }, () => deferred<Slide>());
  const known: P[] = [];
  const started = new Set<number>();
  let title: string | undefined;
  const start = (index: number, planned: P) => {
    known[index] = planned;
    if (started.has(index) || index >= spec.slides) return;
    started.add(index);
    const view = Array.from({ length: index + 1 }, (_, i) => known[i] ?? spec.pending);
    spec.writeSlide(index, view, title).then(content[index]!.resolve, content[index]!.reject);
  };
  const outline = spec
    .plan((index, planned, partial) => {
      if (partial.title) {
        title = partial.title;
        header.resolve(deckHeader(partial.title, partial.subtitle, spec.lang));
      }
      if (spec.schedule !== 'staged') start(index, planned);
    })
    .then((value) => {
      title = value.title;
      header.resolve(deckHeader(value.title, value.subtitle, spec.lang));
      value.slides.forEach((planned, index) => start(index, planned));
      return value;
    });
  outline.catch((error: unknown) => {
    header.reject(error);
    for (const c of content) c.reject(error);
  });
  const titleSlide = outline.then(spec.titleSlide);
  titleSlide.catch(() => {}); // the renderer reports failures
  return { header: header.promise, slides: [titleSlide, ...content.map((c) => c.promise)] };
}

function deckHeader(title: string, subtitle: string | undefined, lang: string): Deck {
  return validateDeck({ version: DECK_VERSION, title, ...(subtitle ? { subtitle } : {}), lang, slides: [{ title }] }, 'generated deck');
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A promise settled from outside; its rejection is marked handled (the renderer reports it). */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
