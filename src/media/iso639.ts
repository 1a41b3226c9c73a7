// ISO 639-2/T codes (what MP4 language boxes use) for the languages LECTRA's voices speak.
const ISO_639_2: Record<string, string> = {
  ar: 'ara', bg: 'bul', bn: 'ben', ca: 'cat', cs: 'ces', cy: 'cym', da: 'dan', de: 'deu', el: 'ell',
  en: 'eng', eo: 'epo', es: 'spa', et: 'est', eu: 'eus', fa: 'fas', fi: 'fin', fr: 'fra', ga: 'gle',
  gl: 'glg', gu: 'guj', he: 'heb', hi: 'hin', hr: 'hrv', hu: 'hun', hy: 'hye', id: 'ind', is: 'isl',
  it: 'ita', ja: 'jpn', ka: 'kat', kk: 'kaz', kn: 'kan', ko: 'kor', la: 'lat', lt: 'lit', lv: 'lav',
  mk: 'mkd', ml: 'mal', mr: 'mar', ms: 'msa', mt: 'mlt', nb: 'nob', ne: 'nep', nl: 'nld', nn: 'nno',
  no: 'nor', pa: 'pan', pl: 'pol', pt: 'por', ro: 'ron', ru: 'rus', sk: 'slk', sl: 'slv', sq: 'sqi',
  sr: 'srp', sv: 'swe', sw: 'swa', ta: 'tam', te: 'tel', th: 'tha', tr: 'tur', uk: 'ukr', ur: 'urd',
  vi: 'vie', zh: 'zho',
};

/** BCP-47 tag ("en-US", "pt-BR", "fra") → ISO 639-2 code for a media track; "und" when unknown. */
export function toIso6392(lang: string | undefined): string {
  const primary = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0];
  if (/^[a-z]{3}$/.test(primary)) return primary;
  return ISO_639_2[primary] ?? 'und';
}
