import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MathError } from './math-error.js';
import { loadMathEngine, texToMathml } from './typeset-math.js';

/**
 * What a narrator says for a formula ("E equals m c squared"), from speech-rule-engine (SRE),
 * the engine MathJax's own accessibility uses, in the deck's language when SRE has it. TeX goes
 * to MathML through MathJax, then SRE reads the MathML. (`mathToUnicode`, for subtitles, is in math-to-unicode.ts,
 * which needs neither.)
 */

/** The slice of SRE's API used here (its CommonJS bundle ships no types). */
interface SpeechRuleEngine {
  setupEngine(feature: Record<string, string | boolean>): Promise<string>;
  engineReady(): Promise<unknown>;
  engineSetup(): Record<string, string | boolean>;
  toSpeech(mathml: string): string;
}

/** ClearSpeak reads like a teacher ("x squared"); MathSpeak ("x Superscript 2") only where a locale lacks it. */
type SpeechDomain = 'clearspeak' | 'mathspeak';

interface Sre {
  api: SpeechRuleEngine;
  /** lib/mathmaps inside the package: the locale files, read from disk (never fetched). */
  mathmaps: string;
  /** Locales SRE ships (its mathmaps files, less the shared/braille ones). */
  locales: ReadonlySet<string>;
  /** Loaded locales and the rule set each is spoken with. */
  loaded: Map<string, SpeechDomain>;
}

const FALLBACK_LOCALE = 'en';
/** Deck language codes SRE files under another name. */
const LOCALE_ALIASES: Readonly<Record<string, string>> = { no: 'nb' };
/** Files in mathmaps that are not spoken languages. */
const NOT_LOCALES = new Set(['base', 'euro', 'nemeth']);
const CACHE_LIMIT = 2000;
/** A MathML token element with text in it: something a listener should hear. */
const VISIBLE_TOKEN = /<(?:mi|mn|mo|mtext|ms)\b[^>]*>\s*[^<\s]/;

let sre: Sre | undefined;
let loading: Promise<Sre> | undefined;
/** Locale loads run one after another: SRE is a single engine with one current locale. */
let localeQueue: Promise<unknown> = Promise.resolve();
const cache = new Map<string, string>();

/**
 * Load MathJax, SRE and the speech rules for `lang` (plus English, the fallback). Await once per
 * language before `speakMath(…, lang)`; repeated calls are cheap.
 */
export async function loadSpeechEngine(lang = FALLBACK_LOCALE): Promise<void> {
  await loadMathEngine();
  const engine = await (loading ??= loadSre().catch((err: unknown) => {
    loading = undefined;
    throw err;
  }));
  for (const locale of new Set([FALLBACK_LOCALE, localeFor(engine, lang)])) {
    if (engine.loaded.has(locale)) continue;
    const load = localeQueue.then(() => loadLocale(engine, locale));
    localeQueue = load.catch(() => undefined); // one failed locale must not block the others
    await load;
  }
}

/**
 * The words for TeX `tex` in `lang` (a BCP-47 tag; "de-AT" → German). A language SRE does not
 * have is spoken in English. Synchronous after `await loadSpeechEngine(lang)`. Throws MathError
 * for TeX that does not parse.
 */
export function speakMath(tex: string, lang: string): string {
  const engine = sre;
  if (!engine) throw new Error('speech-rule-engine is not loaded: await loadSpeechEngine(lang) first');
  const locale = localeFor(engine, lang);
  const domain = engine.loaded.get(locale);
  if (!domain) throw new Error(`speech for "${lang}" is not loaded: await loadSpeechEngine('${lang}') first`);
  const key = `${locale}|${tex}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const mathml = texToMathml(tex, false);
  selectLocale(engine, locale, domain);
  const speech = engine.api.toSpeech(mathml).replace(/\s+/g, ' ').trim();
  // Nothing to say is right for a bare \, or \phantom, not for real symbols (SRE failed on them).
  if (!speech && VISIBLE_TOKEN.test(mathml)) throw new MathError(tex, 'speech-rule-engine found nothing to say for it');
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, speech);
  return speech;
}

/** The SRE locale for a deck language: its primary subtag when SRE has it, else English. */
function localeFor(engine: Sre, lang: string): string {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const locale = LOCALE_ALIASES[primary] ?? primary;
  return engine.locales.has(locale) ? locale : FALLBACK_LOCALE;
}

/**
 * SRE's CommonJS bundle, required from MathJax's own folder so it is the version MathJax pins
 * (speech-rule-engine is MathJax's dependency, not ours). The bundle, not SRE's ES modules: those
 * need a global `require` to read locale files and take ≈ 5× longer to import.
 */
async function loadSre(): Promise<Sre> {
  const fromMathJax = createRequire(createRequire(import.meta.url).resolve('@mathjax/src/package.json'));
  const api = fromMathJax('speech-rule-engine') as SpeechRuleEngine;
  const mathmaps = path.join(path.dirname(fromMathJax.resolve('speech-rule-engine/package.json')), 'lib', 'mathmaps');
  const locales = new Set(
    readdirSync(mathmaps)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length))
      .filter((name) => !NOT_LOCALES.has(name)),
  );
  // Importing the bundle starts loading English by itself; wait so our setup does not race it.
  await api.engineReady();
  return (sre = { api, mathmaps, locales, loaded: new Map() });
}

async function loadLocale(engine: Sre, locale: string): Promise<void> {
  if (engine.loaded.has(locale)) return;
  const domain = hasClearSpeak(engine, locale) ? 'clearspeak' : 'mathspeak';
  await engine.api.setupEngine({ locale, domain, modality: 'speech', json: engine.mathmaps });
  await engine.api.engineReady();
  engine.loaded.set(locale, domain);
}

/** SRE 5 has ClearSpeak for most locales but not all (es, ca, da: MathSpeak only). */
function hasClearSpeak(engine: Sre, locale: string): boolean {
  const rules = readFileSync(path.join(engine.mathmaps, `${locale}.json`), 'utf8');
  return rules.includes(`"${locale}/rules/clearspeak_`);
}

/**
 * Switch SRE to a loaded locale, synchronously. setupEngine is async only for loading rules; for
 * a locale already loaded, it applies the settings before its first await. Checked, so an SRE
 * that stopped doing that fails loudly instead of speaking the wrong language.
 */
function selectLocale(engine: Sre, locale: string, domain: SpeechDomain): void {
  const current = engine.api.engineSetup();
  if (current.locale === locale && current.domain === domain) return;
  engine.api.setupEngine({ locale, domain, modality: 'speech' }).catch(() => undefined);
  const now = engine.api.engineSetup();
  if (now.locale !== locale || now.domain !== domain) throw new Error(`speech-rule-engine did not switch to ${locale}/${domain}`);
}
