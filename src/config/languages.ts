/**
 * The languages LECTRA makes lectures in: those its voices speak, with the ISO 639-2/T code an
 * MP4 language box uses. A deck, `--lang` or an API request naming another language is refused
 * up front, so subtitles are never tagged with a language nobody speaks.
 */
export const LANGUAGES: Readonly<Record<string, string>> = Object.freeze({
  ar: 'ara', bg: 'bul', bn: 'ben', ca: 'cat', cs: 'ces', cy: 'cym', da: 'dan', de: 'deu', el: 'ell',
  en: 'eng', eo: 'epo', es: 'spa', et: 'est', eu: 'eus', fa: 'fas', fi: 'fin', fr: 'fra', ga: 'gle',
  gl: 'glg', gu: 'guj', he: 'heb', hi: 'hin', hr: 'hrv', hu: 'hun', hy: 'hye', id: 'ind', is: 'isl',
  it: 'ita', ja: 'jpn', ka: 'kat', kk: 'kaz', kn: 'kan', ko: 'kor', la: 'lat', lt: 'lit', lv: 'lav',
  mk: 'mkd', ml: 'mal', mr: 'mar', ms: 'msa', mt: 'mlt', nb: 'nob', ne: 'nep', nl: 'nld', nn: 'nno',
  no: 'nor', pa: 'pan', pl: 'pol', pt: 'por', ro: 'ron', ru: 'rus', sk: 'slk', sl: 'slv', sq: 'sqi',
  sr: 'srp', sv: 'swe', sw: 'swa', ta: 'tam', te: 'tel', th: 'tha', tr: 'tur', uk: 'ukr', ur: 'urd',
  vi: 'vie', zh: 'zho',
});

const TAG = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/;

/**
 * The supported language a BCP-47 tag names ("pt-BR" → "pt", "fra" → "fr"), or undefined when it
 * is malformed or names a language LECTRA does not speak.
 */
export function supportedLanguage(tag: string): string | undefined {
  const primary = TAG.exec(tag.trim())?.[1]?.toLowerCase();
  if (!primary) return undefined;
  if (primary.length === 2) return Object.hasOwn(LANGUAGES, primary) ? primary : undefined;
  return Object.keys(LANGUAGES).find((code) => LANGUAGES[code] === primary);
}

/** The fix to show with a refused language tag. */
export function languageHint(): string {
  return `LECTRA speaks ${Object.keys(LANGUAGES).join(', ')} (a region may follow, e.g. pt-BR or en-GB).`;
}
