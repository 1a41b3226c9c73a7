import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLectraError } from '../../src/errors.js';
import { listVoices } from '../../src/speech/list-voices.js';
import { createOpenAiSpeechProvider, defaultOpenAiVoice, openaiSpeechProvider } from '../../src/speech/providers/openai.js';
import { parseOpenAiVoices } from '../../src/speech/providers/openai-voices.js';
import { getSpeechProviderDefinition, resolveVoice } from '../../src/speech/registry.js';
import { startOpenAiSpeechServer, type OpenAiSpeechServer } from '../servers/openai-speech-server.js';
import { rms, runSpeechContractSuite } from './contract-suite.js';

let server: OpenAiSpeechServer;
let keyed: OpenAiSpeechServer;
let bare: OpenAiSpeechServer;
beforeAll(async () => {
  [server, keyed, bare] = await Promise.all([
    startOpenAiSpeechServer(),
    startOpenAiSpeechServer({ apiKey: 'sk-test' }),
    startOpenAiSpeechServer({ voicesEndpoint: 'none' }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), keyed?.close(), bare?.close()]);
});

runSpeechContractSuite('openai (local /v1/audio/speech, wav)', () => openaiSpeechProvider.setup({ url: server.url }));
runSpeechContractSuite('openai (pcm, with a key)', async () => createOpenAiSpeechProvider({ url: keyed.url, apiKey: 'sk-test', responseFormat: 'pcm' }));

describe('openai speech provider', () => {
  it('is registered and lists the server voices for `lectra voices --tts openai`', async () => {
    expect(getSpeechProviderDefinition('openai').offline).toBe(false);
    const voices = await listVoices('openai', { url: server.url });
    expect(voices.map((v) => v.id)).toEqual(['af_bella', 'alloy', 'bf_emma', 'ff_siwis', 'nova']);
    expect(voices.find((v) => v.id === 'ff_siwis')).toMatchObject({ languages: ['fr'], gender: 'female' });
  });

  it('falls back to the documented OpenAI voices when the server lists none', async () => {
    const voices = await listVoices('openai', { url: bare.url });
    expect(voices.map((v) => v.id)).toContain('alloy');
    expect(voices.map((v) => v.id)).toContain('shimmer');
  });

  it('sends model, input, voice, response_format and speed, with the key as a bearer token', async () => {
    const provider = createOpenAiSpeechProvider({ url: keyed.url, apiKey: 'sk-test', model: 'tts-1-hd' });
    try {
      const audio = await provider.synthesize({ text: 'Plants need light.', voice: 'nova', lang: 'en', rate: 1.25 });
      expect(rms(audio.samples)).toBeGreaterThan(100);
      expect(audio.sampleRate).toBe(24000);
      const call = keyed.requests.filter((r) => r.path === '/v1/audio/speech').at(-1);
      expect(call?.body).toEqual({ model: 'tts-1-hd', input: 'Plants need light.', voice: 'nova', response_format: 'wav', speed: 1.25 });
      expect(call?.authorization).toBe('Bearer sk-test');
    } finally {
      await provider.close();
    }
  });

  it('decodes MP3 through FFmpeg when asked for it', async () => {
    const provider = createOpenAiSpeechProvider({ url: server.url, responseFormat: 'mp3' });
    try {
      const audio = await provider.synthesize({ text: 'Compressed audio works too.', voice: 'alloy', lang: 'en', rate: 1 });
      expect(rms(audio.samples)).toBeGreaterThan(100);
      expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(0.8);
    } finally {
      await provider.close();
    }
  });

  it('explains a 401 by naming the key variables', async () => {
    for (const apiKey of [undefined, 'sk-wrong']) {
      const provider = createOpenAiSpeechProvider({ url: keyed.url, apiKey });
      const error = await provider.synthesize({ text: 'Hello.', voice: 'alloy', lang: 'en', rate: 1 }).catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('speech-failed');
      expect((error as Error).message).toMatch(/HTTP 401.*LECTRA_TTS_KEY \(or OPENAI_API_KEY\)/);
      const voicesError = await provider.voices().catch((e: unknown) => e);
      expect((voicesError as Error).message).toContain('LECTRA_TTS_KEY');
      await provider.close();
    }
  });

  it('retries a 500 and succeeds', async () => {
    const provider = createOpenAiSpeechProvider({ url: server.url, retryDelayMs: 5 });
    try {
      server.options.failFirst = 2;
      const audio = await provider.synthesize({ text: 'Second time lucky.', voice: 'alloy', lang: 'en', rate: 1 });
      expect(rms(audio.samples)).toBeGreaterThan(100);
      expect(server.options.failFirst).toBe(0);
      server.options.failFirst = 5;
      const error = await provider.synthesize({ text: 'Never.', voice: 'alloy', lang: 'en', rate: 1 }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/HTTP 500.*after 3 attempts/);
    } finally {
      server.options.failFirst = 0;
      await provider.close();
    }
  });

  it('maps the server rejecting a voice to "unknown-voice" when it lists none', async () => {
    const provider = createOpenAiSpeechProvider({ url: bare.url });
    try {
      const error = await provider.synthesize({ text: 'Hello.', voice: 'nobody', lang: 'en', rate: 1 }).catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('unknown-voice');
      expect(await resolveVoice(provider, 'Nova', 'en')).toBe('nova');
    } finally {
      await provider.close();
    }
  });

  it('fails clearly when the server does not answer, and cancels a slow call', async () => {
    const gone = createOpenAiSpeechProvider({ url: 'http://127.0.0.1:9/v1', retries: 0 });
    const error = await gone.synthesize({ text: 'Hi.', voice: 'alloy', lang: 'en', rate: 1 }).catch((e: unknown) => e);
    expect(isLectraError(error) && error.code).toBe('speech-failed');
    expect((error as Error).message).toMatch(/127\.0\.0\.1:9\/v1 did not answer.*--tts-url/);
    const provider = createOpenAiSpeechProvider({ url: server.url });
    server.options.latencyMs = 2000;
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const aborted = await provider.synthesize({ text: 'Slow.', voice: 'alloy', lang: 'en', rate: 1, signal: controller.signal }).catch((e: unknown) => e);
      expect(isLectraError(aborted) && aborted.code).toBe('aborted');
    } finally {
      server.options.latencyMs = 0;
      await provider.close();
    }
  });

  it('reads the voice listing shapes in use and picks defaults', () => {
    expect(parseOpenAiVoices({ voices: ['af_bella', 'jm_kumo'] })?.map((v) => [v.id, v.languages[0], v.gender])).toEqual([
      ['af_bella', 'en-US', 'female'],
      ['jm_kumo', 'ja', 'male'],
    ]);
    expect(parseOpenAiVoices([{ id: 'x', name: 'X', language: 'de' }])).toEqual([{ id: 'x', name: 'X', languages: ['de'] }]);
    expect(parseOpenAiVoices({ nope: 1 })).toBeUndefined();
    expect(defaultOpenAiVoice('fr')).toBe('alloy');
    expect(defaultOpenAiVoice('fr', parseOpenAiVoices({ voices: ['af_bella', 'ff_siwis'] }))).toBe('ff_siwis');
  });
});
