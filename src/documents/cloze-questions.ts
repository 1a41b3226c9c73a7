import { createHash } from 'node:crypto';
import type { Deck, Slide } from '../deck/schema.js';
import { inferLayout, slideListItems, slideTexts } from '../deck/slide-content.js';
import { splitSentences } from '../speech/split-sentences.js';
import { isQuizSlide } from './insert-quiz-slides.js';
import type { QuizQuestion } from './quiz-schema.js';
import { TfIdf } from './tf-idf.js';
import { toTerm, words } from './text-terms.js';

const BLANK = '_____';

interface Candidate {
  sentence: string;
  /** The words blanked out, as written. */
  term: string;
  weight: number;
}

/**
 * Offline questions: a key sentence of a slide with its key term blanked out, the term and
 * three key terms of other slides as the options (same order for the same deck: the shuffle is
 * seeded by the question). Key terms are the slide's **bold** phrases first, then its words
 * with the highest TF-IDF over the deck.
 */
export class ClozeMaker {
  private readonly tfidf: TfIdf;
  private readonly keyTerms: string[][];
  private readonly used = new Set<string>();

  constructor(private readonly deck: Deck) {
    this.tfidf = new TfIdf(deck.slides.map(slideText));
    const counts = new Map<string, number>();
    for (const slide of deck.slides) for (const word of words(slideText(slide))) {
      const term = toTerm(word);
      if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    // The title slide and quiz slides teach nothing to ask about or to mislead with.
    this.keyTerms = deck.slides.map((slide, i) =>
      isQuizSlide(slide) || (i === 0 && inferLayout(slide, 0) === 'title') ? [] : keyTermsOf(slide, this.tfidf.weights(i), counts),
    );
  }

  /** Up to `count` questions about the 1-based slides given, spread over them. */
  questions(slideNumbers: number[], count: number, lang = 'en'): QuizQuestion[] {
    const perSlide = slideNumbers.map((n) => ({ number: n, candidates: this.candidates(n - 1, lang) }));
    const questions: QuizQuestion[] = [];
    for (let round = 0; questions.length < count && perSlide.some((s) => s.candidates.length > 0); round++) {
      for (const entry of perSlide) {
        if (questions.length >= count) break;
        const question = this.take(entry.number, entry.candidates);
        if (question) questions.push(question);
      }
    }
    return questions;
  }

  private take(number: number, candidates: Candidate[]): QuizQuestion | undefined {
    while (candidates.length > 0) {
      const candidate = candidates.shift()!;
      const key = normal(candidate.term);
      if (this.used.has(key)) continue;
      const distractors = this.distractors(number - 1, candidate);
      if (distractors.length < 3) continue;
      this.used.add(key);
      const options = seededShuffle([candidate.term, ...distractors.slice(0, 3)], candidate.sentence);
      const slide = this.deck.slides[number - 1]!;
      return {
        question: `Fill in the blank: ${blank(candidate.sentence, candidate.term)}`,
        options,
        answer: options.indexOf(candidate.term),
        explanation: `“${candidate.sentence}” (slide ${number}: ${plain(slide.title)})`,
        slide: number,
      };
    }
    return undefined;
  }

  /** Sentences of the slide holding one of its key terms, best first. */
  private candidates(index: number, lang: string): Candidate[] {
    const slide = this.deck.slides[index];
    if (!slide) return [];
    const weights = this.tfidf.weights(index);
    const title = plain(slide.title).toLowerCase();
    const sentences = [...slideListItems(slide).map((item) => plain(item.text)), ...splitSentences(plain(slide.narration), lang)].filter((s) => {
      const n = s.split(/\s+/).length;
      // A sentence naming the slide's title is a transition ("Next, …"), not a fact.
      return n >= 5 && n <= 40 && !s.endsWith('…') && !(title && s.toLowerCase().includes(title));
    });
    const found: Candidate[] = [];
    for (const sentence of new Set(sentences)) {
      for (const term of this.keyTerms[index] ?? []) {
        if (!containsTerm(sentence, term)) continue;
        found.push({ sentence: withFullStop(sentence), term: surfaceIn(sentence, term), weight: termWeight(term, weights) });
        break;
      }
    }
    return found.sort((a, b) => b.weight - a.weight);
  }

  /** Key terms of the other slides (nearest slides first), none of them in the sentence. */
  private distractors(index: number, candidate: Candidate): string[] {
    const order = this.deck.slides.map((_, i) => i).filter((i) => i !== index).sort((a, b) => Math.abs(a - index) - Math.abs(b - index));
    const pool = [...order.flatMap((i) => this.keyTerms[i] ?? []), ...(this.keyTerms[index] ?? [])];
    const multiword = candidate.term.includes(' ');
    const picked: string[] = [];
    const seen = new Set([normal(candidate.term)]);
    // Same shape first (one word vs a phrase), any shape after.
    for (const pass of [true, false]) {
      for (const term of pool) {
        if (picked.length >= 3) return picked;
        if (pass && term.includes(' ') !== multiword) continue;
        const key = normal(term);
        if (seen.has(key) || containsTerm(candidate.sentence, term)) continue;
        seen.add(key);
        picked.push(matchCase(term, candidate.term));
      }
    }
    return picked;
  }
}

function slideText(slide: Slide): string {
  return [...slideTexts(slide), slide.narration].map(plain).join('\n');
}

/** Bold phrases (up to 3 words), then distinctive single words, best first. */
function keyTermsOf(slide: Slide, weights: Map<string, number>, deckCounts: Map<string, number>): string[] {
  const bold = slideListItems(slide).flatMap((b) => [...b.text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!.trim())).filter((t: string) => t.split(/\s+/).length <= 3 && /\p{L}{3}/u.test(t));
  const surface = new Map<string, string>();
  for (const word of words(slideText(slide))) {
    const term = toTerm(word);
    // Concepts recur across a lecture; one-off words are mostly verbs and colour.
    if (term && term.length >= 5 && !/\d/.test(term) && !surface.has(term) && (deckCounts.get(term) ?? 0) >= 2 && !looksLikeVerb(term)) surface.set(term, word);
  }
  const single = [...surface.entries()].sort((a, b) => (weights.get(b[0]) ?? 0) - (weights.get(a[0]) ?? 0)).slice(0, 8).map(([, word]) => word);
  const all = [...bold, ...single];
  return all.filter((t, i) => all.findIndex((u) => normal(u) === normal(t)) === i);
}

const COMMON_VERBS = new Set(['happen', 'make', 'take', 'become', 'include', 'show', 'work', 'give', 'build', 'start', 'describe', 'explain', 'look', 'think', 'called', 'known', 'means', 'begin', 'cover']);

function looksLikeVerb(term: string): boolean {
  return COMMON_VERBS.has(term) || /(ing|ed|ly)$/.test(term);
}

function termWeight(term: string, weights: Map<string, number>): number {
  return words(term).reduce((sum, w) => sum + (weights.get(toTerm(w) ?? '') ?? 0), 0);
}

function containsTerm(sentence: string, term: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(term)}([^\\p{L}\\p{N}]|$)`, 'iu').test(sentence);
}

/** The term as the sentence spells it (case). */
function surfaceIn(sentence: string, term: string): string {
  return new RegExp(escapeRegExp(term), 'iu').exec(sentence)?.[0] ?? term;
}

function blank(sentence: string, term: string): string {
  return sentence.replace(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(term)}(?=[^\\p{L}\\p{N}]|$)`, 'u'), `$1${BLANK}`);
}

/** Options read alike: a distractor is capitalised like the answer unless it is a name/acronym. */
function matchCase(term: string, like: string): string {
  if (/^\p{Lu}{2,}/u.test(term) || /\p{Lu}/u.test(term.slice(1))) return term;
  const upper = /^\p{Lu}/u.test(like);
  return upper ? term[0]!.toUpperCase() + term.slice(1) : term[0]!.toLowerCase() + term.slice(1);
}

function seededShuffle<T>(items: T[], seed: string): T[] {
  const bytes = createHash('sha256').update(seed).digest();
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = bytes[i]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function plain(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/(^|\s)\*(\S[^*]*\S|\S)\*/g, '$1$2');
}

function withFullStop(sentence: string): string {
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
}

function normal(term: string): string {
  return words(term).map((w) => toTerm(w) ?? w.toLowerCase()).join(' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
