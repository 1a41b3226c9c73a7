import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLectraError } from '../../src/errors.js';
import type { SpeechAudio, SpeechProvider } from '../../src/speech/contract.js';

export interface SpeechContractOptions {
  /** Language of the sample text (default 'en'). */
  lang?: string;
  /** A sentence in that language (default an English pangram). */
  text?: string;
  /** Require word timings (providers that report them should say so). */
  expectWords?: boolean;
}

const PANGRAM = 'The quick brown fox jumps over the lazy dog near the river bank.';

export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/** The suite every speech provider must pass (see DESIGN.md, "Providers behind small contracts"). */
export function runSpeechContractSuite(name: string, makeProvider: () => Promise<SpeechProvider>, options: SpeechContractOptions = {}): void {
  const lang = options.lang ?? 'en';
  const text = options.text ?? PANGRAM;
  const wordCount = text.split(/\s+/u).filter(Boolean).length;

  describe(`speech contract: ${name}`, () => {
    let provider: SpeechProvider;
    let voice: string;
    let audio: SpeechAudio;

    beforeAll(async () => {
      provider = await makeProvider();
      voice = provider.defaultVoice(lang);
      audio = await provider.synthesize({ text, voice, lang, rate: 1 });
    });
    afterAll(async () => {
      await provider?.close();
    });

    it('lists voices with valid, unique ids and languages', async () => {
      const voices = await provider.voices();
      expect(voices.length).toBeGreaterThan(0);
      for (const v of voices) {
        expect(v.id).toMatch(/^\S+$/u);
        expect(v.name.length).toBeGreaterThan(0);
        expect(Array.isArray(v.languages)).toBe(true);
      }
      expect(new Set(voices.map((v) => v.id)).size).toBe(voices.length);
    });

    it('has a default voice for English and the test language among its voices', async () => {
      const ids = (await provider.voices()).map((v) => v.id);
      expect(ids).toContain(provider.defaultVoice('en'));
      expect(ids).toContain(voice);
    });

    it('returns non-silent mono Int16 audio of a plausible length', () => {
      expect(audio.samples).toBeInstanceOf(Int16Array);
      expect(audio.sampleRate).toBeGreaterThanOrEqual(8000);
      expect(audio.sampleRate).toBeLessThanOrEqual(48000);
      const seconds = audio.samples.length / audio.sampleRate;
      expect(seconds).toBeGreaterThan(0.15 * wordCount);
      expect(seconds).toBeLessThan(2 * wordCount + 1);
      expect(rms(audio.samples)).toBeGreaterThan(100);
      if (provider.sampleRate !== undefined) expect(audio.sampleRate).toBe(provider.sampleRate);
    });

    it('reports word timings that are monotonic and inside the audio', () => {
      if (options.expectWords) expect(audio.words?.length ?? 0).toBeGreaterThan(wordCount / 2);
      const seconds = audio.samples.length / audio.sampleRate;
      let previousStart = 0;
      for (const word of audio.words ?? []) {
        expect(word.text.trim().length).toBeGreaterThan(0);
        expect(word.start).toBeGreaterThanOrEqual(previousStart);
        expect(word.end).toBeGreaterThanOrEqual(word.start);
        expect(word.end).toBeLessThanOrEqual(seconds + 0.01);
        previousStart = word.start;
      }
    });

    it('rejects with code "aborted" when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await provider.synthesize({ text, voice, lang, rate: 1, signal: controller.signal }).catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('aborted');
    });

    it('speaks faster at rate 1.5 than at 0.75', async () => {
      const fast = await provider.synthesize({ text, voice, lang, rate: 1.5 });
      const slow = await provider.synthesize({ text, voice, lang, rate: 0.75 });
      expect(fast.samples.length / fast.sampleRate).toBeLessThan(slow.samples.length / slow.sampleRate);
    });

    it('rejects an unknown voice with code "unknown-voice"', async () => {
      const error = await provider.synthesize({ text, voice: 'no-such-voice-xyz', lang, rate: 1 }).catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('unknown-voice');
    });

    it('speaks text with XML-special characters and, when accepted, SSML', async () => {
      const plain = await provider.synthesize({ text: 'Salt & pepper < 5 > 3 "quoted" it\'s.', voice, lang, rate: 1 });
      expect(rms(plain.samples)).toBeGreaterThan(100);
      if (!provider.acceptsSsml) return;
      const ssml = await provider.synthesize({ text: 'Plants need light.', ssml: '<speak>Plants need <emphasis>light</emphasis>.</speak>', voice, lang, rate: 1 });
      expect(rms(ssml.samples)).toBeGreaterThan(100);
      expect(ssml.words?.map((w) => w.text) ?? ['Plants', 'need', 'light']).toEqual(['Plants', 'need', 'light']);
    });

    it('closes idempotently', async () => {
      const other = await makeProvider();
      await other.close();
      await expect(other.close()).resolves.toBeUndefined();
    });
  });
}
