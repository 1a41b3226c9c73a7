import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeChoices } from '../support/readme-choices.js';
import { isLectraError } from '../../src/errors.js';
import type { SpeechAudio, SpeechProvider } from '../../src/speech/contract.js';
import { listVoices } from '../../src/speech/list-voices.js';
import { espeakProvider, espeakWordsPerMinute } from '../../src/speech/providers/espeak.js';
import { getSpeechProviderDefinition, resolveVoice, speechProviders } from '../../src/speech/registry.js';
import { rms, runSpeechContractSuite } from './contract-suite.js';

runSpeechContractSuite('espeak', () => espeakProvider.setup({}), { expectWords: true });
runSpeechContractSuite('espeak (French)', () => espeakProvider.setup({}), {
  lang: 'fr',
  text: 'La photosynthèse transforme la lumière du soleil en énergie chimique.',
  expectWords: true,
});

describe('espeak provider', () => {
  let provider: SpeechProvider;
  beforeAll(async () => {
    provider = await espeakProvider.setup({});
  });
  afterAll(async () => {
    await provider.close();
  });

  it('picks default voices per language', () => {
    expect(provider.defaultVoice('en')).toBe('en-us');
    expect(provider.defaultVoice('en-US')).toBe('en-us');
    expect(provider.defaultVoice('en-GB')).toBe('en');
    expect(provider.defaultVoice('fr')).toBe('fr');
    expect(provider.defaultVoice('fr-CA')).toBe('fr');
    expect(provider.defaultVoice('de')).toBe('de');
    expect(provider.defaultVoice('es')).toBe('es');
    expect(provider.defaultVoice('zh')).toBe('cmn');
    expect(provider.defaultVoice('xx-unknown')).toBe('en-us');
  });

  it('lists voices with short eSpeak ids and their languages', async () => {
    const voices = await provider.voices();
    const byId = new Map(voices.map((v) => [v.id, v]));
    for (const id of ['en-us', 'en', 'fr', 'de', 'es', 'it', 'en-gb-scotland']) expect(byId.has(id), id).toBe(true);
    expect(byId.get('en-us')?.languages).toContain('en-us');
    expect(byId.get('fr')?.languages).toContain('fr');
  });

  it('speaks French with the fr voice', async () => {
    const voice = await resolveVoice(provider, undefined, 'fr');
    expect(voice).toBe('fr');
    const audio = await provider.synthesize({ text: 'Bonjour à tous, voici le cours.', voice, lang: 'fr', rate: 1 });
    expect(rms(audio.samples)).toBeGreaterThan(100);
    expect(audio.words?.map((w) => w.text)).toEqual(['Bonjour', 'à', 'tous', 'voici', 'le', 'cours']);
  });

  it('maps rate multipliers to words per minute', () => {
    expect(espeakWordsPerMinute(1)).toBe(175);
    expect(espeakWordsPerMinute(1.5)).toBe(263);
    expect(espeakWordsPerMinute(0.1)).toBe(80);
    expect(espeakWordsPerMinute(10)).toBe(450);
    expect(espeakWordsPerMinute(Number.NaN)).toBe(175);
  });

  it('times each written token once, numbers included', async () => {
    const audio = await provider.synthesize({ text: 'It costs 1,234 dollars, e.g. today.', voice: 'en-us', lang: 'en', rate: 1 });
    expect(audio.words?.map((w) => w.text)).toEqual(['It', 'costs', '1,234', 'dollars', 'e.g', 'today']);
  });

  it('gives the same audio for concurrent and sequential calls (one instance, serialised)', async () => {
    const texts = ['One sentence here.', 'Another one there.', 'A third, longer sentence to finish.'];
    const sequential: SpeechAudio[] = [];
    for (const text of texts) sequential.push(await provider.synthesize({ text, voice: 'en-us', lang: 'en', rate: 1 }));
    const concurrent = await Promise.all(texts.map((text) => provider.synthesize({ text, voice: 'en-us', lang: 'en', rate: 1 })));
    // eSpeak carries a few samples of state between utterances, so lengths match within 1%.
    concurrent.forEach((audio, i) => expect(Math.abs(audio.samples.length - sequential[i].samples.length)).toBeLessThan(sequential[i].samples.length / 100));
    // A different voice and rate in between must not leak into the next call.
    await provider.synthesize({ text: 'Bonjour.', voice: 'fr', lang: 'fr', rate: 2 });
    const again = await provider.synthesize({ text: texts[0], voice: 'en-us', lang: 'en', rate: 1 });
    expect(Math.abs(again.samples.length - sequential[0].samples.length)).toBeLessThan(sequential[0].samples.length / 100);
    expect(again.words?.map((w) => w.text)).toEqual(['One', 'sentence', 'here']);
  });

  it('speaks long plain text in pieces with continuous word timings', async () => {
    const text = Array.from({ length: 30 }, (_, i) => `This is sentence number ${i + 1} of a long paragraph.`).join(' ');
    const audio = await provider.synthesize({ text, voice: 'en-us', lang: 'en', rate: 1 });
    const words = audio.words ?? [];
    expect(words.length).toBe(30 * 9);
    for (let i = 1; i < words.length; i++) expect(words[i].start).toBeGreaterThanOrEqual(words[i - 1].start);
    expect(words.at(-1)!.end).toBeLessThanOrEqual(audio.samples.length / audio.sampleRate + 0.01);
  });

  it('returns empty audio for empty text and fails after close', async () => {
    const empty = await provider.synthesize({ text: '  ', voice: 'en-us', lang: 'en', rate: 1 });
    expect(empty.samples.length).toBe(0);
    const closed = await espeakProvider.setup({});
    await closed.close();
    const error = await closed.synthesize({ text: 'Hi.', voice: 'en-us', lang: 'en', rate: 1 }).catch((e: unknown) => e);
    expect(isLectraError(error) && error.code).toBe('speech-failed');
  });
});

describe('speech registry', () => {
  it('holds the speech providers the README documents for --tts; espeak is offline', () => {
    expect(Object.keys(speechProviders).sort()).toEqual(readmeChoices('tts').sort());
    expect(getSpeechProviderDefinition('espeak').offline).toBe(true);
  });

  it('rejects unknown providers listing the ids', () => {
    const error = (() => {
      try {
        getSpeechProviderDefinition('nope');
      } catch (e) {
        return e;
      }
    })();
    expect(isLectraError(error) && error.code).toBe('unknown-provider');
    expect(String((error as Error).message)).toContain('espeak');
    expect(() => getSpeechProviderDefinition('toString')).toThrow(/does not exist/);
  });

  it('resolves voices: default, exact, case-insensitive, or unknown with close matches', async () => {
    const provider = await espeakProvider.setup({});
    try {
      expect(await resolveVoice(provider, undefined, 'en')).toBe('en-us');
      expect(await resolveVoice(provider, 'fr', 'en')).toBe('fr');
      expect(await resolveVoice(provider, 'EN-US', 'en')).toBe('en-us');
      const error = await resolveVoice(provider, 'en-uss', 'en').catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('unknown-voice');
      const message = (error as Error).message;
      expect(message).toMatch(/^voice 'en-uss' is not an espeak voice\. Close matches: en-us, en, /u);
      expect(message).toContain('lectra voices');
      expect(isLectraError(error) && error.field).toBe('--voice');
      const matches = message.match(/Close matches: ([^.]+)\./u)?.[1].split(', ') ?? [];
      expect(matches.length).toBeLessThanOrEqual(5);
    } finally {
      await provider.close();
    }
  });

  it('lists voices for `lectra voices`', async () => {
    const voices = await listVoices('espeak');
    expect(voices.length).toBeGreaterThan(50);
    expect(voices.map((v) => v.id)).toEqual([...voices.map((v) => v.id)].sort((a, b) => a.localeCompare(b)));
  });
});
