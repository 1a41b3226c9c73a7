import { describe, expect, test } from 'vitest';
import { readmeChoices } from '../support/readme-choices.js';
import { AUTO_IMAGE_PROVIDERS, getImageProviderDefinition, imageProviderChain, imageProviders, setupImageProviders } from '../../src/images/registry.js';

describe('image provider registry', () => {
  test('holds exactly the providers the README documents for --images (auto is a chain of them)', () => {
    expect([...imageProviders.keys(), 'auto'].sort()).toEqual(readmeChoices('images').sort());
    for (const [id, definition] of imageProviders) expect(definition.id).toBe(id);
    expect(getImageProviderDefinition('pexels').needsKey).toBe('PEXELS_API_KEY');
    expect(getImageProviderDefinition('generated').offline).toBe(true);
  });

  test('an unknown id lists the choices', () => {
    expect(() => getImageProviderDefinition('flickr')).toThrow(expect.objectContaining({ code: 'unknown-provider', message: expect.stringContaining('openverse, wikimedia') }));
  });

  test('auto tries Openverse, then Wikimedia, then draws; others fall back to generated', () => {
    expect(AUTO_IMAGE_PROVIDERS).toEqual(['openverse', 'wikimedia', 'generated']);
    expect(imageProviderChain('auto').map((d) => d.id)).toEqual(['openverse', 'wikimedia', 'generated']);
    expect(imageProviderChain('pexels').map((d) => d.id)).toEqual(['pexels', 'generated']);
    expect(imageProviderChain('generated').map((d) => d.id)).toEqual(['generated']);
    expect(imageProviderChain('none').map((d) => d.id)).toEqual(['none']);
  });

  test('setupImageProviders sets up a chain, and reports a missing key clearly', async () => {
    const providers = await setupImageProviders('auto', { openverse: { url: 'http://127.0.0.1:9' } });
    expect(providers.map((p) => p.id)).toEqual(['openverse', 'wikimedia', 'generated']);
    await Promise.all(providers.map((p) => p.close()));
    const saved = process.env.UNSPLASH_ACCESS_KEY;
    delete process.env.UNSPLASH_ACCESS_KEY;
    try {
      await expect(setupImageProviders('unsplash')).rejects.toMatchObject({ code: 'bad-option' });
    } finally {
      if (saved !== undefined) process.env.UNSPLASH_ACCESS_KEY = saved;
    }
  });
});
