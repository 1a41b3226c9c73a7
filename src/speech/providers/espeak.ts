/**
 * eSpeak-NG, the offline default voice.
 *
 * Why @echogarden/espeak-ng-emscripten and not `espeak-ng`: the `espeak-ng` package is the
 * command-line program compiled to WASM, so every utterance instantiates a fresh module
 * (measured here: 80–100 ms per call, i.e. only ~50–60× real time for a 5 s sentence, and
 * 20–40 MB more resident memory per call until GC), writes a WAV into an in-memory file system
 * and reports no timings. The Echogarden build exposes the library API instead: the module is
 * loaded once (~0.1 s) and its worker reused, its heap stays flat (17 MB after hundreds of
 * sentences), and its synthesis callback streams 16-bit PCM together with word and sentence
 * events carrying audio positions, which gives subtitles word timings for free. Warm, it
 * speaks a sentence in 6–11 ms (450–600× real time on one core here). Each call is one
 * synchronous block (set voice, set rate, synthesise), so calls on the shared instance can
 * never interleave, and long texts are cut into sentence groups so an abort is seen between
 * them. It is compiled with wasm2js (plain JavaScript, no native build) and always parses SSML,
 * so plain text is XML-escaped before it is spoken. Both packages are GPL-3.0.
 */
import { throwIfAborted } from '../../errors.js';
import { defineSpeechProvider, type SpeechAudio, type SpeechProvider, type SpeechRequest, type Voice, type WordTiming } from '../contract.js';
import { unknownVoiceError } from '../unknown-voice-error.js';
import { loadEspeakThread, type EspeakThread } from './espeak-thread.js';
import { espeakWordTimings } from './espeak-word-timings.js';

/** eSpeak's own default speed; rate 1.0 maps to it. */
export const ESPEAK_NORMAL_WPM = 175;
/** Plain text longer than this is spoken in sentence-sized pieces so one call never blocks long. */
const MAX_CHARS_PER_CALL = 600;

/** Preferred voices where eSpeak's own language priorities pick another (its `en` is British). */
const PREFERRED_VOICES: Record<string, string> = { en: 'en-us', 'en-gb': 'en', zh: 'cmn', 'zh-cn': 'cmn', 'zh-tw': 'cmn', pt: 'pt', 'pt-pt': 'pt' };

export const espeakProvider = defineSpeechProvider({
  id: 'espeak',
  description: 'eSpeak-NG, built in and offline (robotic but fast; ~100 languages).',
  offline: true,
  async setup() {
    return createEspeakProvider(await loadEspeakThread());
  },
});

function createEspeakProvider(engine: EspeakThread): SpeechProvider {
  let closed = false;
  const byId = new Map(engine.voices.map((voice) => [voice.id, voice]));
  return {
    id: 'espeak',
    acceptsSsml: true,
    sampleRate: engine.sampleRate,
    async voices(signal) {
      throwIfAborted(signal);
      return engine.voices.map((voice) => ({ ...voice, languages: [...voice.languages] }));
    },
    defaultVoice: (lang) => defaultEspeakVoice(engine.voices, lang),
    async synthesize(request) {
      throwIfAborted(request.signal);
      const voice = byId.get(request.voice.toLowerCase());
      if (!voice) throw unknownVoiceError('espeak', request.voice, [...byId.keys()]);
      const audio = await synthesizeWith(engine, voice.id, request);
      throwIfAborted(request.signal);
      return audio;
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
    },
  };
}

/** Rate multiplier → words per minute, clamped to what eSpeak accepts. */
export function espeakWordsPerMinute(rate: number): number {
  const multiplier = Number.isFinite(rate) && rate > 0 ? rate : 1;
  return Math.min(450, Math.max(80, Math.round(ESPEAK_NORMAL_WPM * multiplier)));
}

async function synthesizeWith(engine: EspeakThread, voiceId: string, request: SpeechRequest): Promise<SpeechAudio> {
  const wpm = espeakWordsPerMinute(request.rate);
  if (request.ssml !== undefined && request.ssml.trim() !== '') {
    const run = await engine.run(request.ssml, voiceId, wpm);
    return { samples: run.samples, sampleRate: run.sampleRate, words: espeakWordTimings(request.ssml, run.events, run.samples, run.sampleRate) };
  }
  const pieces = splitLongText(request.text.trim(), MAX_CHARS_PER_CALL);
  const samples: Int16Array[] = [];
  const words: WordTiming[] = [];
  let offset = 0;
  for (const [i, piece] of pieces.entries()) {
    // Each WASM call is synchronous; between pieces we let the event loop deliver an abort.
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    throwIfAborted(request.signal);
    const source = escapeXml(piece);
    const run = await engine.run(source, voiceId, wpm);
    for (const word of espeakWordTimings(source, run.events, run.samples, run.sampleRate)) {
      words.push({ text: word.text, start: word.start + offset, end: word.end + offset });
    }
    samples.push(run.samples);
    offset += run.samples.length / run.sampleRate;
  }
  return { samples: concat(samples), sampleRate: engine.sampleRate, words };
}

/** The voice for a language: a preference, an exact id, a voice listing the tag, then the primary subtag. */
export function defaultEspeakVoice(voices: readonly Voice[], lang: string): string {
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  const has = (id: string) => voices.some((voice) => voice.id === id);
  const preferred = PREFERRED_VOICES[tag];
  if (preferred && has(preferred)) return preferred;
  if (has(tag)) return tag;
  const listing = voices
    .filter((voice) => voice.languages.includes(tag))
    .sort((a, b) => a.languages.indexOf(tag) - b.languages.indexOf(tag));
  if (listing.length > 0) return listing[0].id;
  const primary = tag.split('-')[0];
  if (primary && primary !== tag) return defaultEspeakVoice(voices, primary);
  return has('en-us') ? 'en-us' : (voices[0]?.id ?? 'en-us');
}

/** eSpeak always parses markup in this build, so `&`, `<` and `>` in plain text must be escaped. */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Splits after sentence punctuation into pieces of at most `max` characters (longer sentences stay whole). */
function splitLongText(text: string, max: number): string[] {
  if (text.length <= max) return text === '' ? [] : [text];
  const sentences = text.match(/[^.!?。！？]+(?:[.!?。！？]+["”’)\]]*\s*|$)/gu) ?? [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current !== '' && current.length + sentence.length > max) {
      pieces.push(current.trim());
      current = '';
    }
    current += sentence;
  }
  if (current.trim() !== '') pieces.push(current.trim());
  return pieces;
}

function concat(parts: Int16Array[]): Int16Array {
  if (parts.length === 1) return parts[0];
  const out = new Int16Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
