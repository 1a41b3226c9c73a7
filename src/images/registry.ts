import { LectraError } from '../errors.js';
import type { ImageProvider, ImageProviderDefinition, ImageProviderSettings } from './contract.js';
import { generatedProvider } from './providers/generated.js';
import { localProvider } from './providers/local.js';
import { noneProvider } from './providers/none.js';
import { openverseProvider } from './providers/openverse.js';
import { pexelsProvider } from './providers/pexels.js';
import { unsplashProvider } from './providers/unsplash.js';
import { wikimediaProvider } from './providers/wikimedia.js';

/** Every image provider, by id. Fixed at build time: adding one means adding it here. */
export const imageProviders: ReadonlyMap<string, ImageProviderDefinition> = new Map(
  [generatedProvider, openverseProvider, wikimediaProvider, pexelsProvider, unsplashProvider, localProvider, noneProvider].map((definition) => [
    definition.id,
    definition,
  ]),
);

/** `auto`: the keyless network providers in order, then the offline illustration. */
export const AUTO_IMAGE_PROVIDERS = ['openverse', 'wikimedia', 'generated'] as const;

export function getImageProviderDefinition(id: string): ImageProviderDefinition {
  const definition = imageProviders.get(id);
  if (definition) return definition;
  throw new LectraError('unknown-provider', `Unknown image provider "${id}": use one of auto, ${[...imageProviders.keys()].join(', ')} (--images).`, {
    field: '--images',
  });
}

/**
 * The providers to try, in order, for a `--images` choice: `auto` is the keyless chain; any
 * other provider except `none` and `generated` falls back to `generated`, so a slide that asked
 * for a picture never ends up with an empty box.
 */
export function imageProviderChain(id: string): ImageProviderDefinition[] {
  if (id === 'auto') return AUTO_IMAGE_PROVIDERS.map(getImageProviderDefinition);
  const definition = getImageProviderDefinition(id);
  if (id === 'none' || id === 'generated') return [definition];
  return [definition, generatedProvider];
}

/**
 * Sets up every provider of a chain; if one setup fails, those already set up are closed in
 * reverse order before the error propagates. `settings` are per provider id.
 */
export async function setupImageProviders(id: string, settings: Record<string, ImageProviderSettings | undefined> = {}): Promise<ImageProvider[]> {
  const ready: ImageProvider[] = [];
  try {
    for (const definition of imageProviderChain(id)) ready.push(await definition.setup(settings[definition.id] ?? {}));
    return ready;
  } catch (error) {
    for (const provider of ready.reverse()) await provider.close().catch(() => undefined);
    throw error;
  }
}
