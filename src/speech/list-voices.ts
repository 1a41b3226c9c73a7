import type { SpeechProviderSettings, Voice } from './contract.js';
import { getSpeechProviderDefinition } from './registry.js';

/** The data behind `lectra voices`: every voice of one provider, sorted by id. */
export async function listVoices(providerId: string, settings: SpeechProviderSettings = {}, signal?: AbortSignal): Promise<Voice[]> {
  const provider = await getSpeechProviderDefinition(providerId).setup(settings);
  try {
    const voices = await provider.voices(signal);
    return [...voices].sort((a, b) => a.id.localeCompare(b.id));
  } finally {
    await provider.close();
  }
}
