/**
 * Small, dependency-free keyword extraction shared by image search (queries from slide text),
 * the local provider (file names) and the illustration generator (icon choice). English stop
 * words only: for other languages the words pass through, which still searches reasonably.
 */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have how i if in into is it its ' +
    'just more most much no not of on or other our out over own same so some such than that the their them then there ' +
    'these they this those through to too under up very was we were what when where which while who whom why will with ' +
    'would you your about above after again against all also am any because before below between both down during each ' +
    'few further he her here hers him his itself me my myself nor off once only ours she should theirs themselves until ' +
    'us via vs versus use uses used using make makes made get gets new one two three many way ways key introduction overview ' +
    'summary conclusion example examples part lecture work works basics understanding important types slide image photo picture img jpg jpeg png webp gif svg final copy'
  ).split(' '),
);

/** Lower-case words of a text: camelCase, snake_case and kebab-case split; markup dropped. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[`*_#>[\]()!]/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Content words in order of appearance, without stop words, numbers or repeats. `minLength` 2
 * keeps acronyms such as "ai" (icon choice wants them; search engines do better without).
 */
export function keywordsOf(text: string, minLength = 3): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const word of words(text)) {
    if (word.length < minLength || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    const key = stem(word);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}

/** A crude English stemmer: enough for "cells" to meet "cell" and "rockets" to meet "rocket". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('es') && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}
