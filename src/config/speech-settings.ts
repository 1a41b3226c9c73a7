import type { SpeechProviderSettings } from '../speech/contract.js';
import type { ResolvedOptions } from './options.js';

/** The environment variables a speech key is read from, first match wins. */
export const SPEECH_KEY_VARIABLES = ['LECTRA_TTS_KEY', 'OPENAI_API_KEY'] as const;

/** Settings for the chosen speech provider; keys come only from the environment. */
export function speechSettings(opts: ResolvedOptions, env: NodeJS.ProcessEnv = process.env): SpeechProviderSettings {
  const apiKey = SPEECH_KEY_VARIABLES.map((name) => env[name]).find((value) => value);
  return { url: opts.ttsUrl, apiKey, model: opts.ttsModel, voiceModel: opts.voiceModel, ffmpeg: opts.ffmpeg };
}

/** Offline engines run one at a time in-process; network voices can overlap a few requests. */
export function speechSlots(tts: string): number {
  return tts === 'espeak' || tts === 'piper' ? 1 : 3;
}
