/**
 * Microsoft Edge "read aloud" voices over the service's WebSocket protocol (see
 * edge-protocol.ts). One connection per turn, at most `concurrency` turns at once, failed
 * attempts (dropped socket, timeout, 429/5xx) retried with backoff, a refused handshake (403)
 * retried once with the clock corrected from the server's Date header. Audio arrives as MP3
 * and is decoded with FFmpeg; word boundaries become word timings matched to the text's tokens.
 */
import { isLectraError, LectraError, throwIfAborted } from '../../errors.js';
import { ResourcePool } from '../../pipeline/resource-pool.js';
import { defineSpeechProvider, type SpeechAudio, type SpeechProvider, type SpeechProviderSettings, type SpeechRequest, type Voice } from '../contract.js';
import { decodeAudio, decodePcm16, type DecodedSpeech } from '../decode-audio.js';
import { edgeSsml, edgeSsmlContent, edgeTextContent } from '../ssml-edge.js';
import { unknownVoiceError } from '../unknown-voice-error.js';
import { decodeWav } from '../../media/wav.js';
import { EDGE_DEFAULT_URL, EDGE_OUTPUT_FORMAT, edgeEndpoints, type EdgeWordBoundary } from './edge-protocol.js';
import { EdgeTurnError, runEdgeTurn } from './edge-turn.js';
import { fetchEdgeVoices } from './edge-voices.js';
import { edgeWordTimings } from './edge-word-timings.js';
import { abortableSleep } from '../../abortable-sleep.js';

/** Settings the edge provider reads beyond the shared ones. */
export interface EdgeSpeechSettings extends SpeechProviderSettings {
  /** Relative pitch: `+0Hz`, `-5%`, `+20Hz`… */
  pitch?: string;
  /** Relative volume: `+0%`, `-20%`… */
  volume?: string;
  /** Turns in flight at once (default 3). */
  concurrency?: number;
  /** Extra attempts after a failed one (default 3). */
  retries?: number;
  /** First backoff delay in ms, doubled per attempt (default 500). */
  retryDelayMs?: number;
  /** Audio format to request (default the MP3 Edge uses). */
  outputFormat?: string;
  /** FFmpeg binary for decoding MP3. */
  ffmpeg?: string;
  /** Clock (tests). */
  now?: () => number;
}

/** Voices used when none is chosen; otherwise the first listed voice of the language. */
const DEFAULT_VOICES: Record<string, string> = {
  en: 'en-US-AriaNeural',
  'en-us': 'en-US-AriaNeural',
  'en-gb': 'en-GB-SoniaNeural',
  'en-au': 'en-AU-NatashaNeural',
  fr: 'fr-FR-DeniseNeural',
  'fr-ca': 'fr-CA-SylvieNeural',
  de: 'de-DE-KatjaNeural',
  es: 'es-ES-ElviraNeural',
  'es-mx': 'es-MX-DaliaNeural',
  it: 'it-IT-ElsaNeural',
  pt: 'pt-BR-FranciscaNeural',
  'pt-pt': 'pt-PT-RaquelNeural',
  nl: 'nl-NL-ColetteNeural',
  pl: 'pl-PL-ZofiaNeural',
  ru: 'ru-RU-SvetlanaNeural',
  zh: 'zh-CN-XiaoxiaoNeural',
  ja: 'ja-JP-NanamiNeural',
  ko: 'ko-KR-SunHiNeural',
  ar: 'ar-SA-ZariyahNeural',
  hi: 'hi-IN-SwaraNeural',
  tr: 'tr-TR-EmelNeural',
  sv: 'sv-SE-SofieNeural',
};
/** Plain text longer than this (UTF-8 bytes) is sent in several turns; a frame must stay under 64 KiB. */
const MAX_TEXT_BYTES = 4096;
const DEFAULT_TIMEOUT_MS = 30_000;
const PITCH = /^[+-]\d+(\.\d+)?(Hz|%|st)$/;
const VOLUME = /^[+-]\d+(\.\d+)?%$/;

export const edgeProvider = defineSpeechProvider({
  id: 'edge',
  description: 'Microsoft Edge read-aloud neural voices (network; word timings; MP3 decoded with FFmpeg).',
  offline: false,
  async setup(settings) {
    return createEdgeProvider(settings);
  },
});

export function createEdgeProvider(settings: EdgeSpeechSettings = {}): SpeechProvider {
  checkSettings(settings);
  const endpoints = edgeEndpoints(settings.url ?? EDGE_DEFAULT_URL);
  const outputFormat = settings.outputFormat ?? EDGE_OUTPUT_FORMAT;
  const sampleRate = formatSampleRate(outputFormat);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pool = new ResourcePool('edge', settings.concurrency ?? 3);
  const clock = settings.now ?? Date.now;
  let skewMs = 0;
  let voiceList: Promise<Voice[]> | undefined;
  // The last list loaded, so the synchronous defaultVoice can prefer a voice that exists.
  let cachedVoices: Voice[] | undefined;
  let closed = false;

  const listVoices = (signal?: AbortSignal): Promise<Voice[]> => {
    voiceList ??= fetchEdgeVoices({ url: endpoints.voices, nowMs: clock() + skewMs, timeoutMs, fetch: settings.fetch ?? fetch, signal }).then(
      (voices) => (cachedVoices = voices),
      (error: unknown) => {
        voiceList = undefined; // a failed load is tried again next time
        throw error;
      },
    );
    return voiceList;
  };

  /** The chosen voice as the service spells it; unchecked when the list cannot be loaded. */
  const checkVoice = async (voice: string, signal?: AbortSignal): Promise<string> => {
    let ids: string[];
    try {
      ids = (await listVoices(signal)).map((v) => v.id);
    } catch (error) {
      if (isLectraError(error) && error.code === 'aborted') throw error;
      return voice;
    }
    const found = ids.find((id) => id === voice) ?? ids.find((id) => id.toLowerCase() === voice.toLowerCase());
    if (!found) throw unknownVoiceError('edge', voice, ids);
    return found;
  };

  /** One turn with retries; the pool bounds turns in flight. */
  const turn = (ssml: string, signal?: AbortSignal) =>
    pool.run(async () => {
      const retries = settings.retries ?? 3;
      let skewRetried = false;
      for (let attempt = 0; ; attempt++) {
        throwIfAborted(signal);
        try {
          return await runEdgeTurn({ endpoint: endpoints.synthesize, ssml, outputFormat, idleTimeoutMs: timeoutMs, nowMs: clock() + skewMs, signal });
        } catch (error) {
          if (!(error instanceof EdgeTurnError)) throw error;
          if (error.status === 403 && error.serverDate && !skewRetried) {
            // The token is time-based: a refused handshake may only mean our clock is off.
            skewRetried = true;
            skewMs = Date.parse(error.serverDate) - clock();
            if (Number.isFinite(skewMs)) continue;
            skewMs = 0;
          }
          if (!error.retryable || attempt >= retries) throw turnFailure(error, endpoints.synthesize, attempt + 1);
          await abortableSleep((settings.retryDelayMs ?? 500) * 2 ** attempt, signal);
        }
      }
    }, signal);

  const decode = (audio: Buffer, signal?: AbortSignal): Promise<DecodedSpeech> | DecodedSpeech => {
    if (outputFormat.startsWith('riff-')) return decodeWav(audio);
    if (outputFormat.startsWith('raw-') && outputFormat.endsWith('-pcm')) return decodePcm16(audio, sampleRate);
    return decodeAudio(audio, { ffmpeg: settings.ffmpeg, sampleRate, signal });
  };

  return {
    id: 'edge',
    acceptsSsml: true,
    sampleRate,
    async voices(signal) {
      throwIfAborted(signal);
      return (await listVoices(signal)).map((voice) => ({ ...voice, languages: [...voice.languages] }));
    },
    defaultVoice: (lang) => defaultEdgeVoice(lang, cachedVoices),
    async synthesize(request) {
      throwIfAborted(request.signal);
      if (closed) throw new LectraError('speech-failed', 'The edge speech provider was closed.');
      const voice = await checkVoice(request.voice, request.signal);
      if (request.text.trim() === '') return { samples: new Int16Array(0), sampleRate };
      const contents = request.ssml?.trim() ? [edgeSsmlContent(request.ssml)] : splitByBytes(request.text.trim(), MAX_TEXT_BYTES).map(edgeTextContent);
      const ssmlOptions = { voice, rate: request.rate, pitch: settings.pitch, volume: settings.volume };
      const turns = await Promise.all(contents.map((content) => turn(edgeSsml(content, ssmlOptions), request.signal)));
      if (turns.every((t) => t.audio.length === 0)) {
        throw new LectraError('speech-failed', `Edge returned no audio for voice ${voice} — is it a voice \`lectra voices --tts edge\` lists?`, { field: '--voice' });
      }
      return joinTurns(request, await Promise.all(turns.map((t) => decode(t.audio, request.signal))), turns.map((t) => t.words), sampleRate);
    },
    async close() {
      closed = true;
    },
  };
}

/** Decoded turns → one audio with word timings shifted by the audio before them. */
function joinTurns(request: SpeechRequest, decoded: DecodedSpeech[], words: EdgeWordBoundary[][], sampleRate: number): SpeechAudio {
  const total = decoded.reduce((n, d) => n + d.samples.length, 0);
  const samples = new Int16Array(total);
  const boundaries: EdgeWordBoundary[] = [];
  let at = 0;
  decoded.forEach((d, i) => {
    samples.set(d.samples, at);
    const offset = at / sampleRate;
    for (const w of words[i]) boundaries.push({ text: w.text, start: w.start + offset, end: w.end + offset });
    at += d.samples.length;
  });
  const duration = total / sampleRate;
  const timings = edgeWordTimings(request.text, boundaries).map((w) => ({ text: w.text, start: Math.min(w.start, duration), end: Math.min(w.end, duration) }));
  return { samples, sampleRate, words: timings };
}

export function defaultEdgeVoice(lang: string, voices?: readonly Voice[]): string {
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  const primary = tag.split('-')[0];
  const preferred = DEFAULT_VOICES[tag] ?? DEFAULT_VOICES[primary];
  if (!voices || voices.length === 0) return preferred ?? DEFAULT_VOICES.en;
  if (preferred && voices.some((v) => v.id === preferred)) return preferred;
  const matching = (prefix: string) => voices.find((v) => v.languages.some((l) => l.toLowerCase() === prefix || l.toLowerCase().startsWith(`${prefix}-`)));
  return (matching(tag) ?? matching(primary) ?? voices.find((v) => v.id === DEFAULT_VOICES.en) ?? voices[0]).id;
}

function turnFailure(error: EdgeTurnError, endpoint: string, attempts: number): LectraError {
  if (error.status === 401 || error.status === 403) {
    return new LectraError(
      'speech-failed',
      `Edge refused the connection at ${endpoint} (HTTP ${error.status}). The service checks a time-based token: check the system clock, or update LECTRA (the token version may be outdated).`,
      { cause: error, field: '--tts-url' },
    );
  }
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new LectraError('speech-failed', `Edge speech failed${tries}: ${error.message} (${endpoint}) — check the network or --tts-url.`, { cause: error, field: '--tts-url' });
}

function checkSettings(settings: EdgeSpeechSettings): void {
  if (settings.pitch !== undefined && !PITCH.test(settings.pitch)) {
    throw new LectraError('bad-option', `edge pitch '${settings.pitch}' is not a relative pitch like +0Hz, -5% or +2st.`);
  }
  if (settings.volume !== undefined && !VOLUME.test(settings.volume)) {
    throw new LectraError('bad-option', `edge volume '${settings.volume}' is not a relative volume like +0% or -20%.`);
  }
  if (settings.concurrency !== undefined && (!Number.isInteger(settings.concurrency) || settings.concurrency < 1)) {
    throw new LectraError('bad-option', `edge concurrency must be a positive integer (got ${settings.concurrency}).`);
  }
}

/** `audio-24khz-48kbitrate-mono-mp3` → 24000; `riff-22050hz-16bit-mono-pcm` → 22050. */
export function formatSampleRate(format: string): number {
  const khz = /(\d+)khz/i.exec(format);
  if (khz) return Number(khz[1]) * 1000;
  const hz = /(\d+)hz/i.exec(format);
  return hz ? Number(hz[1]) : 24000;
}

/** Splits at spaces into pieces of at most `max` UTF-8 bytes (a longer single word stays whole). */
function splitByBytes(text: string, max: number): string[] {
  if (Buffer.byteLength(text) <= max) return [text];
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/u)) {
    const joined = current ? `${current} ${word}` : word;
    if (current && Buffer.byteLength(joined) > max) {
      pieces.push(current);
      current = word;
    } else current = joined;
  }
  if (current) pieces.push(current);
  return pieces;
}

