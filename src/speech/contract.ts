/**
 * The speech provider contract. A provider turns one segment of text (a sentence, or a sentence
 * with prosody markup) into mono PCM audio, and reports word timings where the engine gives them.
 * Providers are registered with defineSpeechProvider and looked up by id (see registry.ts);
 * every provider passes the shared contract suite in test/speech/contract-suite.ts.
 */

export interface Voice {
  /** Id passed as `--voice` (e.g. `en-us`, `fr`, `en-US-AriaNeural`). */
  id: string;
  name: string;
  /** BCP-47 language tags the voice speaks. */
  languages: string[];
  gender?: 'male' | 'female' | 'neutral';
}

export interface WordTiming {
  text: string;
  /** Seconds from the start of this segment's audio. */
  start: number;
  end: number;
}

/** A pause or emphasis placed by the prosody rules (see prosody.ts). */
export interface ProsodyMark {
  kind: 'break' | 'emphasis';
  /** Character offset in `text` where the mark applies. */
  at: number;
  /** For emphasis: number of characters emphasised. */
  length?: number;
  /** For breaks: seconds of silence. */
  seconds?: number;
}

export interface SpeechRequest {
  /** Plain text to speak (already normalised: numbers and symbols spelled out). */
  text: string;
  /** The same text as SSML, for providers with `acceptsSsml`. */
  ssml?: string;
  voice: string;
  /** BCP-47 language of the text. */
  lang: string;
  /** Rate multiplier, 1 = the engine's normal speed. */
  rate: number;
  signal?: AbortSignal;
}

export interface SpeechAudio {
  /** Mono 16-bit PCM samples. */
  samples: Int16Array;
  sampleRate: number;
  /** Word timings when the engine reports them. */
  words?: WordTiming[];
}

export interface SpeechProvider {
  readonly id: string;
  /** True when `synthesize` honours `request.ssml` (breaks, emphasis); otherwise the caller inserts silence. */
  readonly acceptsSsml: boolean;
  /** The rate `synthesize` returns, when fixed and known up front (lets callers pick a common rate). */
  readonly sampleRate?: number;
  voices(signal?: AbortSignal): Promise<Voice[]>;
  /** The voice used for a language when none is chosen. */
  defaultVoice(lang: string): string;
  synthesize(request: SpeechRequest): Promise<SpeechAudio>;
  close(): Promise<void>;
}

/** Settings every provider may read; providers ignore what they do not use. */
export interface SpeechProviderSettings {
  /** Base URL of network providers. */
  url?: string;
  apiKey?: string;
  model?: string;
  /** Path of a voice model file (piper). */
  voiceModel?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** FFmpeg binary, for providers that decode compressed audio (edge's MP3). */
  ffmpeg?: string;
}

export interface SpeechProviderDefinition {
  id: string;
  description: string;
  /** Whether it works without a network. */
  offline: boolean;
  setup(settings: SpeechProviderSettings): Promise<SpeechProvider>;
}

export function defineSpeechProvider(definition: SpeechProviderDefinition): SpeechProviderDefinition {
  return definition;
}
