/**
 * Makes narration text speakable before it reaches a TTS engine. Table-driven: each rule is a
 * pattern and its replacement, applied in order (markup → abbreviations → money → units →
 * symbols → subscripts → spacing). Rules exist where eSpeak-NG reads the raw text badly; what
 * it reads well is left alone on purpose:
 * - digits stay digits: eSpeak reads integers, "1,234", "2.5", years and "3rd" correctly in
 *   English and French, and neural providers do too, so spelling numbers out would only lose
 *   the engine's own (better) number grammar;
 * - eSpeak says "euros five" for "€5", "dollar three point five zero" for "$3.50",
 *   "K M slash H" for "km/h", "degrees C" for "°C", "right arrow" for "→", "I E" for "i.e.",
 *   "V S" for "vs." and reads Markdown asterisks aloud — those are the rules below.
 * English and French have word tables; other languages get only the language-neutral rules
 * (markup, subscripts, spacing) and the engine's own reading of symbols.
 */

type Replacer = string | ((match: string, ...groups: string[]) => string);
interface Rule {
  pattern: RegExp;
  to: Replacer;
}

interface Words {
  currency: Record<string, [string, string]>;
  units: Array<[string, string, string]>;
  degree: [string, string];
  celsius: string;
  fahrenheit: string;
  symbols: Array<[RegExp, string]>;
  abbreviations: Array<[RegExp, string]>;
  squared: string;
  cubed: string;
  power: string;
  /** Number value below which a unit stays singular (1 in English; 2 in French: "1,5 euro"). */
  pluralFrom: number;
  decimalMark: '.' | ',';
}

/** Word boundaries that understand accented letters (JS `\b` is ASCII-only). */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const NUM = '\\d+(?:[ ,.\\u202f\\u00a0]\\d{3})*(?:[.,]\\d+)?';

const EN: Words = {
  currency: { '€': ['euro', 'euros'], $: ['dollar', 'dollars'], '£': ['pound', 'pounds'], '¥': ['yen', 'yen'] },
  units: [
    ['km/h', 'kilometre per hour', 'kilometres per hour'],
    ['m/s²', 'metre per second squared', 'metres per second squared'],
    ['m/s', 'metre per second', 'metres per second'],
    ['mph', 'mile per hour', 'miles per hour'],
    ['kWh', 'kilowatt hour', 'kilowatt hours'],
    ['km', 'kilometre', 'kilometres'],
    ['cm', 'centimetre', 'centimetres'],
    ['mm', 'millimetre', 'millimetres'],
    ['kg', 'kilogram', 'kilograms'],
    ['mg', 'milligram', 'milligrams'],
    ['mL', 'millilitre', 'millilitres'],
    ['ml', 'millilitre', 'millilitres'],
    ['GHz', 'gigahertz', 'gigahertz'],
    ['MHz', 'megahertz', 'megahertz'],
    ['kHz', 'kilohertz', 'kilohertz'],
    ['Hz', 'hertz', 'hertz'],
    ['TB', 'terabyte', 'terabytes'],
    ['GB', 'gigabyte', 'gigabytes'],
    ['MB', 'megabyte', 'megabytes'],
    ['kB', 'kilobyte', 'kilobytes'],
    ['kW', 'kilowatt', 'kilowatts'],
    ['ms', 'millisecond', 'milliseconds'],
    ['m', 'metre', 'metres'],
    ['g', 'gram', 'grams'],
    ['s', 'second', 'seconds'],
    ['h', 'hour', 'hours'],
    ['W', 'watt', 'watts'],
    ['V', 'volt', 'volts'],
  ],
  degree: ['degree', 'degrees'],
  celsius: 'Celsius',
  fahrenheit: 'Fahrenheit',
  symbols: [
    [/\s*×\s*/gu, ' times '],
    [/\s*÷\s*/gu, ' divided by '],
    [/\s*≈\s*/gu, ' approximately '],
    [/\s*≠\s*/gu, ' is not equal to '],
    [/\s*≤\s*/gu, ' is less than or equal to '],
    [/\s*≥\s*/gu, ' is greater than or equal to '],
    [/\s*±\s*/gu, ' plus or minus '],
    [/\s*(?:→|⟶|->)\s*/gu, ' to '],
    [/\s*(?:⇒|=>)\s*/gu, ' implies '],
    [/\s*←\s*/gu, ' from '],
    [/\s*∞\s*/gu, ' infinity '],
    [/\s*=\s*/gu, ' equals '],
    [/\s+<\s+/gu, ' is less than '],
    [/\s+>\s+/gu, ' is greater than '],
    [/(?<=\d)\s*−\s*(?=\d)/gu, ' minus '],
    [/(?<=\d)\s*\+\s*(?=\d)/gu, ' plus '],
    [/(?<=^|\s)~\s*(?=\d)/gu, 'about '],
    [/\s*%/gu, ' percent'],
    [/\s*&\s*/gu, ' and '],
    [/(?<![\p{L}])and\/or(?![\p{L}])/gu, 'and or'],
    [/(?<=(?<![\p{L}])\p{Ll}{2,})\/(?=\p{Ll}{2,}(?![\p{L}]))/gu, ' or '],
  ],
  abbreviations: [
    [new RegExp(`${B}e\\.\\s?g\\.(?=\\W|$)`, 'giu'), 'for example'],
    [new RegExp(`${B}i\\.\\s?e\\.(?=\\W|$)`, 'giu'), 'that is'],
    [new RegExp(`${B}a\\.k\\.a\\.(?=\\W|$)`, 'giu'), 'also known as'],
    [new RegExp(`${B}etc\\.(?=\\s+\\p{Lu}|\\s*$)`, 'gu'), 'et cetera.'],
    [new RegExp(`${B}etc\\.`, 'gu'), 'et cetera'],
    [new RegExp(`${B}vs\\.?${E}`, 'giu'), 'versus'],
    [new RegExp(`${B}approx\\.`, 'giu'), 'approximately'],
    [new RegExp(`${B}cf\\.`, 'giu'), 'compare'],
    [new RegExp(`${B}w/(?=\\s)`, 'giu'), 'with'],
  ],
  squared: 'squared',
  cubed: 'cubed',
  power: 'to the power of',
  pluralFrom: 1,
  decimalMark: '.',
};

const FR: Words = {
  currency: { '€': ['euro', 'euros'], $: ['dollar', 'dollars'], '£': ['livre', 'livres'], '¥': ['yen', 'yens'] },
  units: [
    ['km/h', 'kilomètre par heure', 'kilomètres par heure'],
    ['m/s²', 'mètre par seconde carrée', 'mètres par seconde carrée'],
    ['m/s', 'mètre par seconde', 'mètres par seconde'],
    ['kWh', 'kilowattheure', 'kilowattheures'],
    ['km', 'kilomètre', 'kilomètres'],
    ['cm', 'centimètre', 'centimètres'],
    ['mm', 'millimètre', 'millimètres'],
    ['kg', 'kilogramme', 'kilogrammes'],
    ['mg', 'milligramme', 'milligrammes'],
    ['mL', 'millilitre', 'millilitres'],
    ['ml', 'millilitre', 'millilitres'],
    ['GHz', 'gigahertz', 'gigahertz'],
    ['MHz', 'mégahertz', 'mégahertz'],
    ['kHz', 'kilohertz', 'kilohertz'],
    ['Hz', 'hertz', 'hertz'],
    ['To', 'téraoctet', 'téraoctets'],
    ['Go', 'gigaoctet', 'gigaoctets'],
    ['Mo', 'mégaoctet', 'mégaoctets'],
    ['ko', 'kilooctet', 'kilooctets'],
    ['kW', 'kilowatt', 'kilowatts'],
    ['ms', 'milliseconde', 'millisecondes'],
    ['m', 'mètre', 'mètres'],
    ['g', 'gramme', 'grammes'],
    ['s', 'seconde', 'secondes'],
    ['h', 'heure', 'heures'],
    ['W', 'watt', 'watts'],
    ['V', 'volt', 'volts'],
  ],
  degree: ['degré', 'degrés'],
  celsius: 'Celsius',
  fahrenheit: 'Fahrenheit',
  symbols: [
    [/\s*×\s*/gu, ' fois '],
    [/\s*÷\s*/gu, ' divisé par '],
    [/\s*≈\s*/gu, ' environ '],
    [/\s*≠\s*/gu, ' est différent de '],
    [/\s*≤\s*/gu, ' est inférieur ou égal à '],
    [/\s*≥\s*/gu, ' est supérieur ou égal à '],
    [/\s*±\s*/gu, ' plus ou moins '],
    [/\s*(?:→|⟶|->)\s*/gu, ' vers '],
    [/\s*(?:⇒|=>)\s*/gu, ' implique '],
    [/\s*←\s*/gu, ' depuis '],
    [/\s*∞\s*/gu, ' l’infini '],
    [/\s*=\s*/gu, ' égale '],
    [/\s+<\s+/gu, ' est inférieur à '],
    [/\s+>\s+/gu, ' est supérieur à '],
    [/(?<=\d)\s*−\s*(?=\d)/gu, ' moins '],
    [/(?<=\d)\s*\+\s*(?=\d)/gu, ' plus '],
    [/(?<=^|\s)~\s*(?=\d)/gu, 'environ '],
    [/\s*%/gu, ' pour cent'],
    [/\s*&\s*/gu, ' et '],
    [/(?<![\p{L}])et\/ou(?![\p{L}])/gu, 'et ou'],
    [/(?<=(?<![\p{L}])\p{Ll}{2,})\/(?=\p{Ll}{2,}(?![\p{L}]))/gu, ' ou '],
  ],
  abbreviations: [
    [new RegExp(`${B}(?:p\\.\\s?ex\\.|par ex\\.)`, 'giu'), 'par exemple'],
    [new RegExp(`${B}c\\.?-?à-?d\\.?(?=\\W|$)`, 'giu'), 'c’est-à-dire'],
    [new RegExp(`${B}etc\\.(?=\\s+\\p{Lu}|\\s*$)`, 'gu'), 'et cetera.'],
    [new RegExp(`${B}etc\\.`, 'gu'), 'et cetera'],
    [new RegExp(`${B}env\\.`, 'gu'), 'environ'],
    [new RegExp(`${B}vs\\.?${E}`, 'giu'), 'versus'],
    [new RegExp(`${B}cf\\.`, 'giu'), 'voir'],
  ],
  squared: 'au carré',
  cubed: 'au cube',
  power: 'puissance',
  pluralFrom: 2,
  decimalMark: ',',
};

const WORDS: Record<string, Words> = { en: EN, fr: FR };

/** Inline Markdown the deck allows (and a little more), removed so nobody hears "asterisk". */
const MARKUP_RULES: Rule[] = [
  { pattern: /!\[([^\]]*)\]\([^)]*\)/gu, to: '$1' },
  { pattern: /\[([^\]]+)\]\([^)]*\)/gu, to: '$1' },
  { pattern: /^[ \t]{0,3}#{1,6}[ \t]+/gmu, to: '' },
  { pattern: /^[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]+/gmu, to: '' },
  { pattern: /^[ \t]*>[ \t]?/gmu, to: '' },
  { pattern: /\*\*(.+?)\*\*/gsu, to: '$1' },
  { pattern: /(?<![\p{L}\p{N}])__(.+?)__(?![\p{L}\p{N}])/gsu, to: '$1' },
  { pattern: /(?<![\p{L}\p{N}*])\*(?=\S)(.+?)(?<=\S)\*(?![\p{L}\p{N}*])/gsu, to: '$1' },
  { pattern: /(?<![\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gsu, to: '$1' },
  { pattern: /~~(.+?)~~/gsu, to: '$1' },
  { pattern: /`([^`]+)`/gu, to: '$1' },
  { pattern: /\*\*|`/gu, to: '' },
];

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

export function normaliseText(text: string, lang: string): string {
  const words = WORDS[primaryLanguage(lang)];
  let out = applyRules(text, MARKUP_RULES);
  if (words) out = applyRules(out, languageRules(words));
  out = applyRules(out, SUBSCRIPT_RULES);
  return tidySpacing(out);
}

function primaryLanguage(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

function applyRules(text: string, rules: readonly Rule[]): string {
  return rules.reduce((out, rule) => out.replace(rule.pattern, rule.to as never), text);
}

function languageRules(words: Words): Rule[] {
  return [
    ...words.abbreviations.map(([pattern, to]) => ({ pattern, to: keepCapital(to) })),
    ...currencyRules(words),
    ...temperatureRules(words),
    ...unitRules(words),
    ...powerRules(words),
    ...words.symbols.map(([pattern, to]) => ({ pattern, to })),
  ];
}

/** "E.g." at a sentence start becomes "For example". */
function keepCapital(to: string): Replacer {
  return (match) => (/^\p{Lu}/u.test(match) && !/^\p{Lu}{2}/u.test(match) ? to[0].toUpperCase() + to.slice(1) : to);
}

/** "€5" → "5 euros", "$3.50" → "3 dollars 50", "3,50 €" → "3 euros 50" (fr), "$2 million" → "2 million dollars". */
function currencyRules(words: Words): Rule[] {
  const symbols = Object.keys(words.currency).join('');
  const say = (symbol: string, amount: string, scale?: string): string => {
    const [singular, plural] = words.currency[symbol];
    if (scale) return `${amount} ${scale} ${plural}`;
    const { whole, fraction } = splitAmount(amount, words.decimalMark);
    if (fraction === undefined || fraction.length !== 2) return `${amount} ${unitName(amount, singular, plural, words)}`;
    const name = unitName(whole, singular, plural, words);
    return fraction === '00' ? `${whole} ${name}` : `${whole} ${name} ${fraction}`;
  };
  const scale = '(?:\\s(million|billion|trillion|thousand|milliards?|millions?))?';
  return [
    { pattern: new RegExp(`([${symbols}])\\s?(${NUM})${scale}`, 'gu'), to: (_m, s, n, k) => say(s, n, k) },
    { pattern: new RegExp(`(${NUM})${scale}\\s?([${symbols}])`, 'gu'), to: (_m, n, k, s) => say(s, n, k) },
  ];
}

/** Splits at the language's decimal mark ("3.50" in English, "3,50" in French). */
function splitAmount(amount: string, decimalMark: string): { whole: string; fraction?: string } {
  const at = amount.lastIndexOf(decimalMark);
  if (at < 0) return { whole: amount };
  return { whole: amount.slice(0, at), fraction: amount.slice(at + 1) };
}

/** English: singular only for 1. French: singular below 2 ("1,5 euro"). */
function unitName(amount: string, singular: string, plural: string, words: Words): string {
  const value = numberValue(amount, words);
  const isSingular = words.pluralFrom === 2 ? Math.abs(value) < 2 : value === 1;
  return isSingular ? singular : plural;
}

function numberValue(amount: string, words: Words): number {
  const digits = words.decimalMark === ',' ? amount.replace(/[\s.\u202f\u00a0]/gu, '').replace(',', '.') : amount.replace(/[\s,\u202f\u00a0]/gu, '');
  return Number.parseFloat(digits);
}

/** "25 °C" → "25 degrees Celsius"; a bare "°" after a number → "degrees". */
function temperatureRules(words: Words): Rule[] {
  const degrees = (n: string | undefined) => (n ? unitName(n, words.degree[0], words.degree[1], words) : words.degree[1]);
  return [
    { pattern: new RegExp(`(${NUM})?\\s?°\\s?C${E}`, 'gu'), to: (_m, n) => `${n ? `${n} ` : ''}${degrees(n)} ${words.celsius}` },
    { pattern: new RegExp(`(${NUM})?\\s?°\\s?F${E}`, 'gu'), to: (_m, n) => `${n ? `${n} ` : ''}${degrees(n)} ${words.fahrenheit}` },
    { pattern: new RegExp(`(${NUM})\\s?°`, 'gu'), to: (_m, n) => `${n} ${degrees(n)}` },
  ];
}

/**
 * Units after a number ("10 km" → "10 kilometres"); compound units ("km/h") anywhere.
 * Single-letter units only after a number, where they cannot be a word.
 */
function unitRules(words: Words): Rule[] {
  return words.units.flatMap(([unit, singular, plural]) => {
    const escaped = unit.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&');
    const afterNumber: Rule = {
      pattern: new RegExp(`(${NUM})\\s?${escaped}(?![\\p{L}\\p{N}/²])`, 'gu'),
      to: (_m, n) => `${n} ${unitName(n, singular, plural, words)}`,
    };
    if (!unit.includes('/')) return [afterNumber];
    return [afterNumber, { pattern: new RegExp(`${B}${escaped}(?![\\p{L}\\p{N}²])`, 'gu'), to: plural }];
  });
}

/** "x²" → "x squared", "10⁶" → "10 to the power of 6". */
function powerRules(words: Words): Rule[] {
  return [
    { pattern: /(?<=[\p{L}\p{N})])²(?![⁰-⁹¹²³])/gu, to: ` ${words.squared}` },
    { pattern: /(?<=[\p{L}\p{N})])³(?![⁰-⁹¹²³])/gu, to: ` ${words.cubed}` },
    { pattern: /(?<=[\p{L}\p{N})])([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/gu, to: (_m, p) => ` ${words.power} ${toDigits(p, SUPERSCRIPTS)}` },
  ];
}

/** "CO₂" → "C O 2", "H₂SO₄" → "H 2 S O 4", "x₁" → "x 1": letters spelled, subscripts as digits. */
const SUBSCRIPT_RULES: Rule[] = [
  {
    pattern: /(?<![\p{L}\p{N}])(?:[A-Z][a-z]?[₀-₉]*)+(?=[₀-₉\s\p{P}]|$)/gu,
    to: (formula) => (/[₀-₉]/u.test(formula) ? spellFormula(formula) : formula),
  },
  { pattern: /([\p{L}\p{N}])([₀-₉]+)/gu, to: (_m, base, digits) => `${base} ${toDigits(digits, SUBSCRIPTS)}` },
  { pattern: /[⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu, to: (digits) => ` ${toDigits(digits, SUPERSCRIPTS)}` },
];

function spellFormula(formula: string): string {
  const parts = formula.match(/[A-Z][a-z]?|[₀-₉]+/gu) ?? [];
  return parts.map((part) => (/[₀-₉]/u.test(part) ? toDigits(part, SUBSCRIPTS) : part)).join(' ');
}

function toDigits(text: string, alphabet: string): string {
  return Array.from(text, (ch) => String(alphabet.indexOf(ch))).join('');
}

function tidySpacing(text: string): string {
  return text
    .replace(/\s+/gu, ' ')
    .replace(/\s+([,.;:!?…)\]])/gu, '$1')
    .replace(/([(\[])\s+/gu, '$1')
    .trim();
}
