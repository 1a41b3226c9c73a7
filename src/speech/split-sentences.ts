/**
 * Sentences of a text, via Intl.Segmenter. ICU (as shipped with Node) splits after every
 * abbreviation it does not know ("Dr. | Smith", "M. | Dupont"), so pieces that end in a known
 * abbreviation or an initial, or that are followed by a piece starting in lower case, are
 * merged back. Empty pieces are dropped; line breaks end sentences (bullets have no full stop).
 */

/** Abbreviations that do not end a sentence, lower case, without their final full stop. */
const ABBREVIATIONS: Record<string, readonly string[]> = {
  en: ['dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'sr', 'jr', 'vs', 'fig', 'figs', 'no', 'nos', 'vol', 'approx', 'cf', 'e.g', 'i.e', 'eg', 'ie', 'al', 'ca', 'dept', 'est', 'eq', 'eqs', 'sec', 'ch', 'p', 'pp', 'mt', 'ft', 'gen', 'gov', 'lt', 'col', 'sgt', 'rev'],
  fr: ['m', 'mm', 'mme', 'mmes', 'mlle', 'mlles', 'dr', 'pr', 'me', 'ex', 'p. ex', 'cf', 'env', 'fig', 'n°', 'no', 'vol', 'chap', 'av', 'bd', 'st', 'ste', 'c.-à-d', 'éd'],
};

export function splitSentences(text: string, lang: string): string[] {
  const abbreviations = new Set([...(ABBREVIATIONS[primary(lang)] ?? []), ...ABBREVIATIONS.en]);
  // Pieces keep their trailing whitespace until the end: a line break in it is a boundary.
  const merged: string[] = [];
  for (const piece of segment(text, lang)) {
    const previous = merged.at(-1);
    if (previous !== undefined && (previous.trim() === '' || shouldJoin(previous, piece, abbreviations))) {
      merged[merged.length - 1] = previous + piece;
    } else {
      merged.push(piece);
    }
  }
  return merged.map((sentence) => sentence.trim().replace(/\s+/gu, ' ')).filter((sentence) => sentence !== '');
}

function segment(text: string, lang: string): string[] {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(lang || undefined, { granularity: 'sentence' });
  } catch {
    // An invalid language tag must not stop the narration; the root locale splits fine.
    segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  }
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

function shouldJoin(previous: string, next: string, abbreviations: ReadonlySet<string>): boolean {
  // A line break is a deliberate boundary even before a lower-case word (bullets, lists).
  if (/\n\s*$/u.test(previous)) return false;
  if (/^\s*\p{Ll}/u.test(next)) return true;
  const before = previous.trimEnd();
  if (!before.endsWith('.')) return false;
  const lastWord = (before.slice(0, -1).match(/(?:^|[\s(])([^\s(]+)$/u)?.[1] ?? '').toLowerCase();
  if (/^\p{Lu}$/u.test(before.slice(-2, -1)) && lastWord.length === 1) return true;
  if (abbreviations.has(lastWord)) return true;
  // Two-word abbreviations such as French "p. ex.".
  const lastTwo = before.slice(0, -1).match(/(\S+\s\S+)$/u)?.[1]?.toLowerCase();
  return lastTwo !== undefined && abbreviations.has(lastTwo);
}

function primary(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}
