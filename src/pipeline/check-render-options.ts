import type { ResolvedOptions } from '../config/options.js';
import { imageProviderChain } from '../images/registry.js';
import { getSpeechProviderDefinition } from '../speech/registry.js';

/**
 * The provider choices a render will need, checked by name before any work: an unknown `--tts`
 * or `--images` fails at once with the registry's clear error (exit 2), not after an LLM has
 * written the lecture or an output folder has been made.
 */
export function checkRenderOptions(opts: Pick<ResolvedOptions, 'tts' | 'images' | 'only'>, deckImages?: string): void {
  if (opts.only.includes('audio') || opts.only.includes('video')) getSpeechProviderDefinition(opts.tts);
  const images = opts.images ?? deckImages;
  if (images) imageProviderChain(images);
}
