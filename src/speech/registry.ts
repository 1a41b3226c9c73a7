import { LectraError } from '../errors.js';
import type { SpeechProvider, SpeechProviderDefinition } from './contract.js';
import { edgeProvider } from './providers/edge.js';
import { espeakProvider } from './providers/espeak.js';
import { openaiSpeechProvider } from './providers/openai.js';
import { piperProvider } from './providers/piper.js';
import { unknownVoiceError } from './unknown-voice-error.js';

/**
 * The fixed registry of speech providers, selected by `--tts <id>`. Adding one is one import
 * and one line here; each must pass test/speech/contract-suite.ts.
 */
export const speechProviders: Readonly<Record<string, SpeechProviderDefinition>> = Object.freeze({
  [espeakProvider.id]: espeakProvider,
  [edgeProvider.id]: edgeProvider,
  [openaiSpeechProvider.id]: openaiSpeechProvider,
  [piperProvider.id]: piperProvider,
});

export function getSpeechProviderDefinition(id: string): SpeechProviderDefinition {
  const definition = Object.hasOwn(speechProviders, id) ? speechProviders[id] : undefined;
  if (definition) return definition;
  const ids = Object.keys(speechProviders);
  throw new LectraError('unknown-provider', `speech provider '${id}' does not exist. Choose one of: ${ids.join(', ')}.`, {
    field: '--tts',
  });
}

/**
 * The voice to speak with: the provider's default for the language when none is chosen,
 * otherwise the chosen one as the provider spells it (ids match case-insensitively).
 */
export async function resolveVoice(provider: SpeechProvider, voice: string | undefined, lang: string, signal?: AbortSignal): Promise<string> {
  const wanted = voice?.trim();
  if (!wanted) return provider.defaultVoice(lang);
  const ids = (await provider.voices(signal)).map((v) => v.id);
  const found = ids.find((id) => id === wanted) ?? ids.find((id) => id.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  throw unknownVoiceError(provider.id, wanted, ids);
}
