import { parseSync, type NodeCue } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLectraError } from '../../src/errors.js';
import { buildTimeline } from '../../src/media/timeline.js';
import { toSrt } from '../../src/media/subtitles.js';
import type { SpeechProvider } from '../../src/speech/contract.js';
import { listVoices } from '../../src/speech/list-voices.js';
import { tagProsody } from '../../src/speech/prosody.js';
import { createEdgeProvider, defaultEdgeVoice, edgeProvider } from '../../src/speech/providers/edge.js';
import { edgeEndpoints, parseBinaryFrame, binaryFrame, parseWordBoundaries, secMsGec } from '../../src/speech/providers/edge-protocol.js';
import { edgeWordTimings } from '../../src/speech/providers/edge-word-timings.js';
import { getSpeechProviderDefinition } from '../../src/speech/registry.js';
import { edgeLongVoiceName, edgeRate, edgeSsml, edgeSsmlContent } from '../../src/speech/ssml-edge.js';
import { synthesizeSlide } from '../../src/speech/synthesize-slide.js';
import { startEdgeTtsServer, type EdgeTtsServer } from '../servers/edge-tts-server.js';
import { rms, runSpeechContractSuite } from './contract-suite.js';

let server: EdgeTtsServer;
beforeAll(async () => {
  server = await startEdgeTtsServer();
});
afterAll(async () => {
  await server?.close();
});

const fast = { retryDelayMs: 10, timeoutMs: 10_000 };

runSpeechContractSuite('edge (local Edge-protocol server, MP3)', () => edgeProvider.setup({ url: server.url }), { expectWords: true });
runSpeechContractSuite('edge (RIFF PCM)', async () => createEdgeProvider({ url: server.url, outputFormat: 'riff-24khz-16bit-mono-pcm' }), { expectWords: true });

describe('edge protocol pieces', () => {
  it('derives both endpoints from any form of the base URL', () => {
    expect(edgeEndpoints()).toEqual({
      synthesize: 'wss://speech.platform.bing.com/consumer/speech/synthesize/readaloud/edge/v1',
      voices: 'https://speech.platform.bing.com/consumer/speech/synthesize/readaloud/voices/list',
    });
    expect(edgeEndpoints('http://127.0.0.1:9/x/edge/v1/')).toEqual({ synthesize: 'ws://127.0.0.1:9/x/edge/v1', voices: 'http://127.0.0.1:9/x/voices/list' });
  });

  it('makes the Sec-MS-GEC token from 5-minute FILETIME ticks (known answers)', () => {
    // The published algorithm (edge-tts drm.py): seconds since 1601, rounded down to 300 s, in
    // 100 ns ticks, followed by the trusted client token, SHA-256, upper-case hex. These digests
    // were worked out by hand with Python's hashlib, e.g. for 2024-04-25T08:00:00Z:
    // sha256("1335850560000000006A5AA1D4EAFF4E9FB37E23D68491D6F4").
    const t = Date.UTC(2024, 3, 25, 8, 0, 0);
    expect(secMsGec(t)).toBe('B06697C58C28BDFD6DD7B00955DA22127E0C3679A6F5686C7D832EF4AEEF4EEF');
    expect(secMsGec(t + 299_999)).toBe('B06697C58C28BDFD6DD7B00955DA22127E0C3679A6F5686C7D832EF4AEEF4EEF');
    expect(secMsGec(t + 300_000)).toBe('95C0645D58C1EC7BCAA55B182FA930EFC9BDAC1CEC4868817C41FEB86CCCE547');
  });

  it('round-trips binary frames and reads word boundaries in 100-ns ticks', () => {
    const frame = parseBinaryFrame(binaryFrame({ Path: 'audio', 'X-RequestId': 'r' }, Buffer.from([1, 2, 3])));
    expect(frame?.headers.Path).toBe('audio');
    expect([...(frame?.audio ?? [])]).toEqual([1, 2, 3]);
    const words = parseWordBoundaries(JSON.stringify({ Metadata: [{ Type: 'WordBoundary', Data: { Offset: 1_000_000, Duration: 2_500_000, text: { Text: 'Hi' } } }, { Type: 'SessionEnd', Data: {} }] }));
    expect(words).toEqual([{ text: 'Hi', start: 0.1, end: 0.35 }]);
  });

  it('maps prosody SSML to the Edge subset', () => {
    expect(edgeRate(1.25)).toBe('+25%');
    expect(edgeRate(0.8)).toBe('-20%');
    expect(edgeLongVoiceName('en-US-AriaNeural')).toBe('Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)');
    expect(edgeLongVoiceName('zh-CN-liaoning-XiaobeiNeural')).toBe('Microsoft Server Speech Text to Speech Voice (zh-CN-liaoning, XiaobeiNeural)');
    const content = edgeSsmlContent('<speak>Salt &amp; <emphasis>light</emphasis>.<break time="300ms"/><foo>x</foo></speak>');
    expect(content).toBe("Salt &amp; <prosody pitch='+6%' volume='+15%'>light</prosody>.<break time='300ms'/>x");
    const doc = edgeSsml(content, { voice: 'fr-FR-DeniseNeural', rate: 1.5, pitch: '+2Hz', volume: '-10%' });
    expect(doc).toContain("xml:lang='fr-FR'");
    expect(doc).toContain("<prosody pitch='+2Hz' rate='+50%' volume='-10%'>");
  });

  it('matches engine word boundaries to the tokens of the text', () => {
    const words = edgeWordTimings('CO2-rich air — really, e.g. now.', [
      { text: 'CO2', start: 0.1, end: 0.3 },
      { text: 'rich', start: 0.3, end: 0.5 },
      { text: 'air', start: 0.5, end: 0.7 },
      { text: 'really', start: 0.9, end: 1.2 },
      { text: 'e.g.', start: 1.3, end: 1.6 },
      { text: 'now', start: 1.7, end: 1.9 },
    ]);
    expect(words.map((w) => w.text)).toEqual(['CO2-rich', 'air', '—', 'really', 'e.g', 'now']);
    expect(words.map((w) => [w.start, w.end])).toEqual([[0.1, 0.5], [0.5, 0.7], [0.7, 0.7], [0.9, 1.2], [1.3, 1.6], [1.7, 1.9]]);
  });

  it('picks default voices per language, from the list when it is loaded', () => {
    expect(defaultEdgeVoice('en')).toBe('en-US-AriaNeural');
    expect(defaultEdgeVoice('fr-CA')).toBe('fr-CA-SylvieNeural');
    const voices = [{ id: 'fr-FR-HenriNeural', name: 'Henri', languages: ['fr-FR'] }, { id: 'en-GB-RyanNeural', name: 'Ryan', languages: ['en-GB'] }];
    expect(defaultEdgeVoice('fr', voices)).toBe('fr-FR-HenriNeural');
    expect(defaultEdgeVoice('xx', voices)).toBe('fr-FR-HenriNeural');
  });
});

describe('edge provider against the local server', () => {
  it('is registered and lists voices for `lectra voices --tts edge --tts-url …`', async () => {
    expect(getSpeechProviderDefinition('edge').offline).toBe(false);
    const voices = await listVoices('edge', { url: server.url });
    expect(voices.map((v) => v.id)).toContain('en-US-AriaNeural');
    expect(voices.find((v) => v.id === 'fr-FR-DeniseNeural')).toMatchObject({ languages: ['fr-FR'], gender: 'female', name: 'Denise - Test (fr-FR)' });
  });

  it('asks for the MP3 format Edge uses and sends rate, pitch and volume as prosody', async () => {
    const provider = createEdgeProvider({ url: server.url, pitch: '+5Hz', volume: '-10%' });
    try {
      const before = server.stats.ssml.length;
      await provider.synthesize({ text: 'Plants need light.', voice: 'en-US-AriaNeural', lang: 'en', rate: 1.2 });
      const sent = server.stats.ssml.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain("<voice name='Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)'>");
      expect(sent[0]).toContain("<prosody pitch='+5Hz' rate='+20%' volume='-10%'>Plants need light.</prosody>");
      expect(server.stats.formats.at(-1)).toBe('audio-24khz-48kbitrate-mono-mp3');
    } finally {
      await provider.close();
    }
  });

  it('rejects bad pitch and volume settings as bad options', () => {
    for (const settings of [{ pitch: 'high' }, { volume: 'loud' }, { concurrency: 0 }]) {
      const error = (() => {
        try {
          createEdgeProvider(settings);
        } catch (e) {
          return e;
        }
      })();
      expect(isLectraError(error) && error.code).toBe('bad-option');
    }
  });

  it('retries a socket dropped mid-stream and returns the whole audio', async () => {
    const provider = createEdgeProvider({ url: server.url, ...fast });
    try {
      const text = 'The light reactions happen in the thylakoid membranes of the chloroplast.';
      const clean = await provider.synthesize({ text, voice: 'en-US-AriaNeural', lang: 'en', rate: 1 });
      server.options.dropMidStream = 1;
      const dropped = server.stats.dropped;
      const retried = await provider.synthesize({ text, voice: 'en-US-AriaNeural', lang: 'en', rate: 1 });
      expect(server.stats.dropped).toBe(dropped + 1);
      expect(retried.samples.length).toBe(clean.samples.length);
      expect(retried.words?.map((w) => w.text)).toEqual(clean.words?.map((w) => w.text));
    } finally {
      server.options.dropMidStream = 0;
      await provider.close();
    }
  });

  it('gives up after its retries with a message naming the endpoint', async () => {
    const provider = createEdgeProvider({ url: server.url, ...fast, retries: 1 });
    try {
      server.options.dropMidStream = 5;
      const error = await provider.synthesize({ text: 'Hello there.', voice: 'en-US-AriaNeural', lang: 'en', rate: 1 }).catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('speech-failed');
      expect((error as Error).message).toMatch(/after 2 attempts: the connection closed mid-stream.*edge\/v1/);
    } finally {
      server.options.dropMidStream = 0;
      await provider.close();
    }
  });

  it('explains a refused handshake (401/403) without retrying it forever', async () => {
    const provider = createEdgeProvider({ url: server.url, ...fast });
    try {
      await provider.voices();
      server.options.refuseUpgrades = 3;
      server.options.refuseStatus = 401;
      const upgrades = server.stats.upgrades;
      const error = await provider.synthesize({ text: 'Hello there.', voice: 'en-US-AriaNeural', lang: 'en', rate: 1 }).catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('speech-failed');
      expect((error as Error).message).toMatch(/HTTP 401.*system clock/);
      expect(server.stats.upgrades - upgrades).toBe(1);
    } finally {
      server.options.refuseUpgrades = 0;
      await provider.close();
    }
  });

  it('retries a 403 once with the clock corrected from the server Date header', async () => {
    const provider = createEdgeProvider({ url: server.url, ...fast, now: () => Date.now() - 3_600_000 });
    try {
      const audio = await provider.synthesize({ text: 'Clock skew.', voice: 'en-US-AriaNeural', lang: 'en', rate: 1 });
      expect(rms(audio.samples)).toBeGreaterThan(100);
    } finally {
      await provider.close();
    }
  });

  it('keeps at most `concurrency` turns in flight', async () => {
    const provider = createEdgeProvider({ url: server.url, concurrency: 2, outputFormat: 'riff-24khz-16bit-mono-pcm' });
    server.options.latencyMs = 60;
    server.stats.peakTurns = 0;
    try {
      const texts = ['One.', 'Two.', 'Three.', 'Four.', 'Five.'];
      const results = await Promise.all(texts.map((text) => provider.synthesize({ text, voice: 'en-US-AriaNeural', lang: 'en', rate: 1 })));
      expect(results.every((r) => r.samples.length > 0)).toBe(true);
      expect(server.stats.peakTurns).toBe(2);
    } finally {
      server.options.latencyMs = 0;
      await provider.close();
    }
  });

  it('cancels a turn in flight with code "aborted"', async () => {
    const provider = createEdgeProvider({ url: server.url });
    server.options.latencyMs = 2000;
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await provider.synthesize({ text: 'Never finished.', voice: 'en-US-AriaNeural', lang: 'en', rate: 1, signal: controller.signal }).catch((e: unknown) => e);
      expect(isLectraError(error) && error.code).toBe('aborted');
    } finally {
      server.options.latencyMs = 0;
      await provider.close();
    }
  });

  it('fails clearly when the endpoint does not answer', async () => {
    const provider = createEdgeProvider({ url: 'ws://127.0.0.1:9/consumer/speech/synthesize/readaloud', ...fast, retries: 0 });
    const error = await provider.voices().catch((e: unknown) => e);
    expect(isLectraError(error) && error.code).toBe('speech-failed');
    expect((error as Error).message).toContain('127.0.0.1:9');
    const synth = await provider.synthesize({ text: 'Hi.', voice: 'en-US-AriaNeural', lang: 'en', rate: 1 }).catch((e: unknown) => e);
    expect(isLectraError(synth) && synth.code).toBe('speech-failed');
  });
});

describe('subtitles from Edge word boundaries', () => {
  let provider: SpeechProvider;
  beforeAll(async () => {
    provider = await edgeProvider.setup({ url: server.url });
  });
  afterAll(async () => {
    await provider.close();
  });

  it('splits cues at word boundaries and keeps every word of the narration', async () => {
    const narration =
      'Photosynthesis is the process by which green plants, algae and some bacteria turn light into chemical energy that they can store. ' +
      'It happens inside chloroplasts — where chlorophyll absorbs mostly blue and red light while reflecting green light back to our eyes.\n\n' +
      'The oxygen we breathe is a by-product of splitting water molecules during the light reactions.';
    const segments = tagProsody({ title: 'Photosynthesis', narration, lang: 'en' });
    const audio = await synthesizeSlide(provider, segments, { voice: 'en-US-AriaNeural', lang: 'en', rate: 1 });
    const timeline = buildTimeline(
      [{ title: 'Photosynthesis', segments: audio.parts.map((p) => ({ kind: p.kind, samples: p.samples.length, text: p.text, words: p.words })) }],
      audio.sampleRate,
    );
    const cues = parseSync(toSrt(timeline)).filter((node): node is NodeCue => node.type === 'cue').map((node) => node.data);
    const words = timeline.slides[0].cues.flatMap((cue) => cue.words ?? []);
    expect(cues.length).toBeGreaterThan(segments.length); // long sentences were split
    expect(words.length).toBe(segments.reduce((n, s) => n + s.text.split(/\s+/).length, 0));

    // All cue text, joined, is the narration (whitespace aside).
    const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
    expect(flat(cues.map((c) => c.text).join(' '))).toBe(flat(narration));

    // A cue starts where its sentence starts, or else exactly where its first word starts (±1 ms rounding).
    const sentenceStarts = new Set(timeline.slides[0].cues.map((c) => Math.round(c.start * 1000)));
    let wordIndex = 0;
    let splitCues = 0;
    for (const cue of cues) {
      const first = words[wordIndex];
      if (!sentenceStarts.has(cue.start)) {
        splitCues++;
        expect(Math.abs(cue.start - Math.round(first.start * 1000))).toBeLessThanOrEqual(1);
      }
      // Its text is whole words: each token is the next timed word.
      for (const token of cue.text.split(/\s+/)) {
        expect(token.toLowerCase()).toContain(words[wordIndex].text.toLowerCase());
        wordIndex++;
      }
    }
    expect(splitCues).toBeGreaterThan(0);
    expect(wordIndex).toBe(words.length);
    for (const cue of cues) for (const line of cue.text.split('\n')) expect(line.length).toBeLessThanOrEqual(42);
    for (const cue of cues) expect(cue.text.split('\n').length).toBeLessThanOrEqual(2);
  });
});
