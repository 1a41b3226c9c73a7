/**
 * Any OpenAI-compatible `/v1/audio/speech` server: OpenAI itself, Kokoro-FastAPI, LocalAI.
 * Plain fetch rather than the SDK, so the response format, retries and error messages are ours.
 * It asks for WAV (self-describing; streamed WAVs with an unknown data size are read to the
 * end) or raw PCM (24 kHz, OpenAI's rate); other formats are decoded with FFmpeg. Voices come
 * from `GET /audio/voices` when the server has it (Kokoro does), else OpenAI's documented names.
 * No word timings: these servers report none, so subtitles are timed by characters.
 */
import { abortError, isLectraError, LectraError, throwIfAborted } from '../../errors.js';
import { defineSpeechProvider, type SpeechProvider, type SpeechProviderSettings, type Voice } from '../contract.js';
import { decodeAudio, decodePcm16, type DecodedSpeech } from '../decode-audio.js';
import { unknownVoiceError } from '../unknown-voice-error.js';
import { documentedOpenAiVoices, parseOpenAiVoices } from './openai-voices.js';
import { abortableSleep } from '../../abortable-sleep.js';

export const OPENAI_SPEECH_DEFAULT_URL = 'https://api.openai.com/v1';
export const OPENAI_SPEECH_DEFAULT_MODEL = 'tts-1';
export const OPENAI_SPEECH_DEFAULT_VOICE = 'alloy';
/** The env variables a user sets for the key; named in every authentication message. */
export const OPENAI_SPEECH_KEY_VARIABLES = 'LECTRA_TTS_KEY (or OPENAI_API_KEY)';
/** OpenAI's `pcm` format: 24 kHz, 16-bit little-endian, mono, no header. */
const PCM_SAMPLE_RATE = 24_000;
const DEFAULT_TIMEOUT_MS = 60_000;

export type OpenAiResponseFormat = 'wav' | 'pcm' | 'mp3' | 'opus' | 'aac' | 'flac';

/** Settings the openai provider reads beyond the shared ones. */
export interface OpenAiSpeechSettings extends SpeechProviderSettings {
  /** Default `wav`. */
  responseFormat?: OpenAiResponseFormat;
  /** Extra attempts after a 429, 5xx or dropped connection (default 2). */
  retries?: number;
  /** First backoff delay in ms, doubled per attempt (default 500). */
  retryDelayMs?: number;
  /** FFmpeg binary, for compressed formats. */
  ffmpeg?: string;
}

export const openaiSpeechProvider = defineSpeechProvider({
  id: 'openai',
  description: 'Any OpenAI-compatible /v1/audio/speech server: OpenAI, Kokoro-FastAPI, LocalAI (network; key from LECTRA_TTS_KEY or OPENAI_API_KEY).',
  offline: false,
  async setup(settings) {
    return createOpenAiSpeechProvider(settings);
  },
});

interface ServerVoices {
  voices: Voice[];
  /** False when the server has no listing and the documented names stand in. */
  listed: boolean;
}

export function createOpenAiSpeechProvider(settings: OpenAiSpeechSettings = {}): SpeechProvider {
  const base = (settings.url ?? OPENAI_SPEECH_DEFAULT_URL).replace(/\/+$/, '');
  const model = settings.model ?? OPENAI_SPEECH_DEFAULT_MODEL;
  const format = settings.responseFormat ?? 'wav';
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = settings.fetch ?? fetch;
  let voiceList: Promise<ServerVoices> | undefined;
  let cached: ServerVoices | undefined;
  let closed = false;

  /** One HTTP call with the key, a timeout and cancellation; network failures become LectraErrors. */
  const call = async (path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`;
    try {
      return await doFetch(`${base}${path}`, { ...init, headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw abortError(signal.reason);
      const why = timeout.aborted ? `did not answer within ${timeoutMs / 1000}s` : `did not answer (${(error as Error).message})`;
      throw new RetryableError(`The speech server at ${base} ${why} — is it running? (check --tts-url)`, error);
    }
  };

  const loadVoices = (signal?: AbortSignal): Promise<ServerVoices> => {
    voiceList ??= fetchVoices(call, base, signal).then(
      (result) => (cached = result),
      (error: unknown) => {
        voiceList = undefined;
        throw error;
      },
    );
    return voiceList;
  };

  const speak = async (text: string, voice: string, rate: number, signal?: AbortSignal): Promise<Buffer> => {
    const body = JSON.stringify({ model, input: text, voice, response_format: format, speed: clamp(rate, 0.25, 4) });
    const retries = settings.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await call('/audio/speech', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, signal);
        if (response.ok) return Buffer.from(await response.arrayBuffer());
        throw await responseError(response, base, voice, model, cached?.listed ? cached.voices.map((v) => v.id) : []);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        if (attempt >= retries) throw new LectraError('speech-failed', attempt > 0 ? `${error.message} (after ${attempt + 1} attempts)` : error.message, { cause: error.cause, field: '--tts-url' });
        await abortableSleep((settings.retryDelayMs ?? 500) * 2 ** attempt, signal);
      }
    }
  };

  const decode = (bytes: Buffer, signal?: AbortSignal): DecodedSpeech | Promise<DecodedSpeech> => {
    if (format === 'pcm') return decodePcm16(bytes, PCM_SAMPLE_RATE);
    // WAV is read directly (no FFmpeg); other formats are decoded by FFmpeg.
    return decodeAudio(bytes, { ffmpeg: settings.ffmpeg, signal });
  };

  return {
    id: 'openai',
    acceptsSsml: false,
    sampleRate: format === 'pcm' ? PCM_SAMPLE_RATE : undefined,
    async voices(signal) {
      throwIfAborted(signal);
      return (await loadVoices(signal)).voices.map((v) => ({ ...v, languages: [...v.languages] }));
    },
    defaultVoice: (lang) => defaultOpenAiVoice(lang, cached?.listed ? cached.voices : undefined),
    async synthesize(request) {
      throwIfAborted(request.signal);
      if (closed) throw new LectraError('speech-failed', 'The openai speech provider was closed.');
      const listing = await loadVoices(request.signal).catch((error: unknown) => {
        // Only a cancellation or a refused key stops here; synthesis reports anything else itself.
        if (isLectraError(error) && (error.code === 'aborted' || /API key/.test(error.message))) throw error;
        return undefined;
      });
      const voice = listing?.listed ? matchVoice(request.voice, listing.voices) : request.voice;
      const text = request.text.trim();
      if (text === '') return { samples: new Int16Array(0), sampleRate: PCM_SAMPLE_RATE };
      const audio = await decode(await speak(text, voice, request.rate, request.signal), request.signal);
      throwIfAborted(request.signal);
      return audio;
    },
    async close() {
      closed = true;
    },
  };
}

/** GET /audio/voices: the server's list, or the documented names when it has no such endpoint. */
async function fetchVoices(call: (path: string, init: RequestInit, signal?: AbortSignal) => Promise<Response>, base: string, signal?: AbortSignal): Promise<ServerVoices> {
  let response: Response;
  try {
    response = await call('/audio/voices', { method: 'GET' }, signal);
  } catch (error) {
    if (error instanceof RetryableError) throw new LectraError('speech-failed', error.message, { cause: error.cause, field: '--tts-url' });
    throw error;
  }
  if (response.status === 401 || response.status === 403) throw authError(response.status, base);
  if (response.ok) {
    const voices = parseOpenAiVoices(await response.json().catch(() => undefined));
    if (voices && voices.length > 0) return { voices, listed: true };
  }
  if (response.status >= 500) throw new LectraError('speech-failed', `The speech server at ${base} failed to list voices (HTTP ${response.status}).`, { field: '--tts-url' });
  return { voices: documentedOpenAiVoices(), listed: false };
}

/** A listed voice, matched case-insensitively, or the unknown-voice error with close matches. */
function matchVoice(voice: string, voices: Voice[]): string {
  const ids = voices.map((v) => v.id);
  const found = ids.find((id) => id === voice) ?? ids.find((id) => id.toLowerCase() === voice.toLowerCase());
  if (!found) throw unknownVoiceError('openai', voice, ids);
  return found;
}

export function defaultOpenAiVoice(lang: string, listed?: readonly Voice[]): string {
  if (!listed || listed.length === 0 || listed.some((v) => v.id === OPENAI_SPEECH_DEFAULT_VOICE)) return OPENAI_SPEECH_DEFAULT_VOICE;
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  const primary = tag.split('-')[0];
  const speaks = (prefix: string) => listed.find((v) => v.languages.some((l) => l.toLowerCase() === prefix || l.toLowerCase().startsWith(`${prefix}-`)));
  return (speaks(tag) ?? speaks(primary) ?? listed[0]).id;
}

async function responseError(response: Response, base: string, voice: string, model: string, voiceIds: string[]): Promise<Error> {
  const message = await serverMessage(response);
  const status = response.status;
  if (status === 401 || status === 403) return authError(status, base);
  if (status === 429 || status >= 500) return new RetryableError(`The speech server at ${base} answered HTTP ${status}${message ? `: ${message}` : ''}.`);
  if (/voice/i.test(message) && !/model/i.test(message)) return unknownVoiceError('openai', voice, voiceIds);
  if (status === 404) {
    return new LectraError('speech-failed', `${base}/audio/speech was not found (HTTP 404)${message ? `: ${message}` : ''} — --tts-url must be the /v1 base of an OpenAI-compatible speech server.`, { field: '--tts-url' });
  }
  const hint = /model/i.test(message) ? ` (model ${model})` : '';
  return new LectraError('speech-failed', `The speech server at ${base} rejected the request (HTTP ${status})${hint}${message ? `: ${message}` : ''}.`);
}

function authError(status: number, base: string): LectraError {
  return new LectraError('speech-failed', `The speech server at ${base} refused the API key (HTTP ${status}) — set ${OPENAI_SPEECH_KEY_VARIABLES} to a valid key.`, { field: 'LECTRA_TTS_KEY' });
}

/** The error text from `{error: {message}}`, `{detail: {message}}`, `{detail: "…"}` or plain text. */
async function serverMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; detail?: { message?: string } | string; message?: string };
    const pick = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'object' && v && 'message' in v ? String((v as { message: unknown }).message) : undefined);
    return (pick(body.error) ?? pick(body.detail) ?? body.message ?? '').slice(0, 300);
  } catch {
    return text.trim().slice(0, 300);
  }
}

/** A failure another attempt may fix (network, timeout, 429, 5xx). */
class RetryableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RetryableError';
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : 1;
}

