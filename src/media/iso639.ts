import { LANGUAGES, supportedLanguage } from '../config/languages.js';

/** BCP-47 tag ("en-US", "pt-BR", "fra") → ISO 639-2 code for a media track; "und" when unknown. */
export function toIso6392(lang: string | undefined): string {
  const code = supportedLanguage(lang ?? '');
  return code ? LANGUAGES[code]! : 'und';
}
