/**
 * Words → index terms, shared by keyword search, TF-IDF sentence scoring and quiz key terms, so
 * "Leaves" in a question meets "leaf" nowhere but "leaves" and "leave" everywhere alike.
 * Deliberately light: lower case, English stop words dropped, plural -s / -ies folded.
 */

const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why will ' +
    'with would you your yours yourself yourselves also may might must shall us via per etc'
  ).split(' '),
);

/** The index term of one word, or null for a stop word or a single character. */
export function toTerm(word: string): string | null {
  const lower = word.toLowerCase().normalize('NFKC');
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  if (/^\d+$/.test(lower)) return lower;
  if (lower.length > 4 && lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  if (lower.length > 3 && lower.endsWith('s') && !/(ss|us|is)$/.test(lower)) return lower.slice(0, -1);
  return lower;
}

/** Words of a text (letters, digits, inner apostrophes and hyphens). */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Index terms of a text, in order, stop words removed. */
export function terms(text: string): string[] {
  return words(text).flatMap((word) => toTerm(word) ?? []);
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}
