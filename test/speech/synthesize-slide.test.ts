import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLectraError } from '../../src/errors.js';
import type { SpeechProvider, SpeechRequest } from '../../src/speech/contract.js';
import { tagProsody } from '../../src/speech/prosody.js';
import { espeakProvider } from '../../src/speech/providers/espeak.js';
import { resampleLinear } from '../../src/speech/resample-linear.js';
import { synthesizeSlide } from '../../src/speech/synthesize-slide.js';
import { trimSilence } from '../../src/speech/trim-silence.js';
import { rms } from './contract-suite.js';

/** A tone provider: 0.1 s of padding, 0.2 s of tone per word; remembers what it was asked. */
function toneProvider(sampleRate: number, acceptsSsml: boolean): SpeechProvider & { requests: SpeechRequest[] } {
  const requests: SpeechRequest[] = [];
  return {
    id: 'tone',
    acceptsSsml,
    requests,
    voices: async () => [{ id: 'tone', name: 'Tone', languages: ['en'] }],
    defaultVoice: () => 'tone',
    async synthesize(request) {
      requests.push(request);
      const words = request.text.split(/\s+/u).filter(Boolean);
      const pad = Math.round(0.1 * sampleRate);
      const samples = new Int16Array(pad * 2 + Math.round(0.2 * sampleRate) * words.length);
      for (let i = pad; i < samples.length - pad; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / sampleRate));
      return { samples, sampleRate, words: words.map((text, i) => ({ text, start: 0.1 + 0.2 * i, end: 0.1 + 0.2 * (i + 1) })) };
    },
    close: async () => undefined,
  };
}

const NARRATION = 'Photosynthesis. Plants make **sugar**. Why?\n\nBecause they can.';

describe('synthesizeSlide (tone provider)', () => {
  it('inserts silences of exactly the requested length, in order', async () => {
    const segments = tagProsody({ title: 'Photosynthesis', narration: NARRATION, lang: 'en' });
    const result = await synthesizeSlide(toneProvider(22050, false), segments, { voice: 'tone', lang: 'en', rate: 1 });
    expect(result.sampleRate).toBe(22050);
    const expected = segments.flatMap((s) => [
      ...(s.pauseBeforeSec > 0 ? [['silence', Math.round(s.pauseBeforeSec * 22050)]] : []),
      ['speech', -1],
      ...(s.pauseAfterSec > 0 ? [['silence', Math.round(s.pauseAfterSec * 22050)]] : []),
    ]);
    expect(result.parts.map((p) => [p.kind, p.kind === 'silence' ? p.samples.length : -1])).toEqual(expected);
    for (const part of result.parts.filter((p) => p.kind === 'silence')) expect(part.samples.every((s) => s === 0)).toBe(true);
  });

  it('trims padding, keeps 10 ms, and shifts word timings with it', async () => {
    const segments = tagProsody({ title: 'T', narration: 'Two words.', lang: 'en' });
    const result = await synthesizeSlide(toneProvider(20000, false), segments, { voice: 'tone', lang: 'en', rate: 1 });
    const speech = result.parts.find((p) => p.kind === 'speech')!;
    expect(speech.samples.length).toBeGreaterThanOrEqual(Math.round(0.42 * 20000) - 2);
    expect(speech.samples.length).toBeLessThanOrEqual(Math.round(0.42 * 20000) + 2);
    expect(speech.words?.[0].start).toBeCloseTo(0.01, 2);
    expect(speech.text).toBe('Two words.');
    expect(speech.tags).toEqual(segments[0]);
  });

  it('sends SSML only to providers that accept it', async () => {
    const segments = tagProsody({ title: 'T', narration: 'Plants make **sugar**.', lang: 'en' });
    const plain = toneProvider(22050, false);
    const ssml = toneProvider(22050, true);
    await synthesizeSlide(plain, segments, { voice: 'tone', lang: 'en', rate: 1 });
    await synthesizeSlide(ssml, segments, { voice: 'tone', lang: 'en', rate: 1.2 });
    expect(plain.requests[0].ssml).toBeUndefined();
    expect(plain.requests[0].text).toBe('Plants make sugar.');
    expect(ssml.requests[0].ssml).toBe('<speak>Plants make <emphasis>sugar</emphasis>.</speak>');
    expect(ssml.requests[0].rate).toBe(1.2);
  });

  it('resamples to the requested rate', async () => {
    const segments = tagProsody({ title: 'T', narration: 'One two three four.', lang: 'en' });
    const result = await synthesizeSlide(toneProvider(16000, false), segments, { voice: 'tone', lang: 'en', rate: 1, sampleRate: 48000 });
    expect(result.sampleRate).toBe(48000);
    const speech = result.parts.find((p) => p.kind === 'speech')!;
    expect(speech.samples.length / 48000).toBeCloseTo(0.82, 2);
    expect(result.parts[0].samples.length).toBe(Math.round(0.4 * 48000));
  });

  it('returns no parts for no segments and rejects when aborted', async () => {
    expect(await synthesizeSlide(toneProvider(22050, false), [], { voice: 'tone', lang: 'en', rate: 1 })).toEqual({ sampleRate: 22050, parts: [] });
    const controller = new AbortController();
    controller.abort();
    const segments = tagProsody({ title: 'T', narration: 'Hi.', lang: 'en' });
    const error = await synthesizeSlide(toneProvider(22050, false), segments, { voice: 'tone', lang: 'en', rate: 1, signal: controller.signal }).catch((e: unknown) => e);
    expect(isLectraError(error) && error.code).toBe('aborted');
  });
});

describe('synthesizeSlide (espeak)', () => {
  let provider: SpeechProvider;
  beforeAll(async () => {
    provider = await espeakProvider.setup({});
  });
  afterAll(async () => {
    await provider.close();
  });

  it('speaks every segment audibly with exact silences between', async () => {
    const segments = tagProsody({ title: 'Photosynthesis', narration: NARRATION, lang: 'en', isLastSlide: true });
    const result = await synthesizeSlide(provider, segments, { voice: 'en-us', lang: 'en', rate: 1 });
    expect(result.sampleRate).toBe(22050);
    const speech = result.parts.filter((p) => p.kind === 'speech');
    expect(speech).toHaveLength(segments.length);
    for (const part of speech) {
      expect(rms(part.samples)).toBeGreaterThan(500);
      // Trimmed: sound starts and ends within ~10 ms of the part's edges.
      expect(part.samples.findIndex((s) => Math.abs(s) > 8)).toBeLessThanOrEqual(Math.round(0.011 * 22050));
      expect(part.samples.length - 1 - part.samples.findLastIndex((s) => Math.abs(s) > 8)).toBeLessThanOrEqual(Math.round(0.011 * 22050));
      for (const word of part.words ?? []) expect(word.end).toBeLessThanOrEqual(part.samples.length / 22050 + 0.001);
    }
    const silenceSamples = result.parts.filter((p) => p.kind === 'silence').reduce((n, p) => n + p.samples.length, 0);
    const requested = segments.reduce((n, s) => n + Math.round(s.pauseBeforeSec * 22050) + Math.round(s.pauseAfterSec * 22050), 0);
    expect(silenceSamples).toBe(requested);
    expect(speech[1].words?.map((w) => w.text)).toEqual(['Plants', 'make', 'sugar']);
  });

  it('speaks a French slide', async () => {
    const segments = tagProsody({ title: 'Le CO₂', narration: 'Le CO₂. Il coûte 5 € par tonne, soit 3 × 4 %.', lang: 'fr' });
    const result = await synthesizeSlide(provider, segments, { voice: 'fr', lang: 'fr', rate: 1 });
    const speech = result.parts.filter((p) => p.kind === 'speech');
    expect(speech.map((p) => p.text)).toEqual(['Le C O 2.', 'Il coûte 5 euros par tonne, soit 3 fois 4 pour cent.']);
    for (const part of speech) expect(rms(part.samples)).toBeGreaterThan(500);
  });
});

describe('trimSilence and resampleLinear', () => {
  it('trims all-silent audio to nothing', () => {
    expect(trimSilence(new Int16Array(100), 1000)).toEqual({ samples: new Int16Array(0), removedStart: 100 });
  });

  it('resamples lengths proportionally and keeps a constant signal constant', () => {
    const input = new Int16Array(1000).fill(1234);
    const out = resampleLinear(input, 22050, 44100);
    expect(out.length).toBe(2000);
    expect(out.every((s) => s === 1234)).toBe(true);
    expect(resampleLinear(input, 16000, 16000)).toBe(input);
  });
});
