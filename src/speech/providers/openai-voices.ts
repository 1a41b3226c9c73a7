import type { Voice } from '../contract.js';

/** The voices OpenAI documents for /v1/audio/speech (used when a server does not list its own). */
export const OPENAI_DOCUMENTED_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'];

/** Kokoro's voice prefixes: first letter = language, second = gender (af_bella, bm_george…). */
const KOKORO_LANGUAGES: Record<string, string> = { a: 'en-US', b: 'en-GB', e: 'es', f: 'fr', h: 'hi', i: 'it', j: 'ja', p: 'pt-BR', z: 'zh' };

export function documentedOpenAiVoices(): Voice[] {
  // OpenAI's voices speak many languages; `mul` says so, `en` keeps `--lang en` listings useful.
  return OPENAI_DOCUMENTED_VOICES.map((id) => ({ id, name: `${id[0].toUpperCase()}${id.slice(1)} (OpenAI)`, languages: ['en', 'mul'] }));
}

/**
 * A server's voice listing → voices. Accepts the shapes in use: Kokoro-FastAPI's
 * `{voices: [{id, name}]}` and legacy `{voices: ["af_bella"]}`, a bare array, or `{data: […]}`.
 */
export function parseOpenAiVoices(body: unknown): Voice[] | undefined {
  const list = Array.isArray(body) ? body : isObject(body) ? (Array.isArray(body.voices) ? body.voices : Array.isArray(body.data) ? body.data : undefined) : undefined;
  if (!list) return undefined;
  const voices: Voice[] = [];
  const seen = new Set<string>();
  for (const entry of list) {
    const id = typeof entry === 'string' ? entry : isObject(entry) ? String(entry.id ?? entry.voice_id ?? entry.name ?? '') : '';
    if (!id || /\s/.test(id) || seen.has(id)) continue;
    seen.add(id);
    const name = isObject(entry) && typeof entry.name === 'string' && entry.name.trim() ? entry.name : id;
    voices.push({ id, name, ...voiceTraits(id, entry) });
  }
  return voices;
}

function voiceTraits(id: string, entry: unknown): Pick<Voice, 'languages' | 'gender'> {
  const declared = isObject(entry) ? entry.languages ?? entry.language ?? entry.lang : undefined;
  if (Array.isArray(declared)) return { languages: declared.map(String) };
  if (typeof declared === 'string') return { languages: [declared] };
  const kokoro = /^([abefhijpz])([fm])_/.exec(id);
  if (kokoro) return { languages: [KOKORO_LANGUAGES[kokoro[1]]], gender: kokoro[2] === 'f' ? 'female' : 'male' };
  if (OPENAI_DOCUMENTED_VOICES.includes(id)) return { languages: ['en', 'mul'] };
  return { languages: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
