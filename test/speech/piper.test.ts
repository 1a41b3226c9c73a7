import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLectraError } from '../../src/errors.js';
import { piperTokens, readPiperConfig } from '../../src/speech/providers/piper-config.js';
import { encodeOnnxMetadata, readOnnxMetadata } from '../../src/speech/providers/piper-onnx-metadata.js';
import { createPiperProvider, piperProvider } from '../../src/speech/providers/piper.js';
import { getSpeechProviderDefinition } from '../../src/speech/registry.js';
import { runSpeechContractSuite } from './contract-suite.js';

// A real Piper voice runs the shared contract suite; none ships with the repository.
const model = process.env.LECTRA_TEST_PIPER_MODEL;
if (model) {
  runSpeechContractSuite('piper', () => piperProvider.setup({ voiceModel: model, espeakDataDir: process.env.LECTRA_TEST_ESPEAK_DATA } as Parameters<typeof piperProvider.setup>[0]));
} else {
  describe('speech contract: piper', () => {
    it.skip('skipped: set LECTRA_TEST_PIPER_MODEL=/path/to/voice.onnx (with voice.onnx.json; espeak-ng-data next to it or in LECTRA_TEST_ESPEAK_DATA) to run it', () => {});
  });
}

const CONFIG = {
  audio: { sample_rate: 22050 },
  espeak: { voice: 'en-us' },
  language: { code: 'en_US', name_english: 'English' },
  num_speakers: 1,
  inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 },
  phoneme_type: 'espeak',
  phoneme_id_map: { _: [0], '^': [1], $: [2], ' ': [3], a: [14], 'ə': [59] },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'piper-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setupError(settings: Record<string, unknown>): Promise<unknown> {
  return createPiperProvider(settings).catch((e: unknown) => e);
}

describe('piper provider', () => {
  it('is registered as an offline provider', () => {
    expect(getSpeechProviderDefinition('piper').offline).toBe(true);
  });

  it('asks for --voice-model when none is given', async () => {
    const error = await setupError({});
    expect(isLectraError(error) && error.code).toBe('bad-option');
    expect((error as Error).message).toContain('--voice-model');
  });

  it('names the missing model file, then the missing .onnx.json, then the missing eSpeak data', async () => {
    const onnx = path.join(dir, 'en_US-test-low.onnx');
    let error = await setupError({ voiceModel: onnx });
    expect(isLectraError(error) && error.code).toBe('file-not-found');
    expect((error as Error).message).toContain(onnx);

    await writeFile(onnx, Buffer.from([0x08, 0x07]));
    error = await setupError({ voiceModel: onnx });
    expect(isLectraError(error) && error.code).toBe('file-not-found');
    expect((error as Error).message).toContain(`${onnx}.json`);

    await writeFile(`${onnx}.json`, JSON.stringify(CONFIG));
    error = await setupError({ voiceModel: onnx, espeakDataDir: path.join(dir, 'nowhere') });
    expect(isLectraError(error) && error.code).toBe('file-not-found');
    expect((error as Error).message).toMatch(/espeak-ng-data.*nowhere/);
  });

  it('reads the voice config and writes sherpa-onnx tokens from phoneme_id_map', async () => {
    const file = path.join(dir, 'config.onnx.json');
    await writeFile(file, JSON.stringify(CONFIG));
    const config = await readPiperConfig(file);
    expect(config).toMatchObject({ sampleRate: 22050, espeakVoice: 'en-us', lang: 'en-US', languageName: 'English', numSpeakers: 1, noiseW: 0.8 });
    expect(piperTokens(config)).toBe('_ 0\n^ 1\n$ 2\n  3\na 14\nə 59\n');
    await writeFile(file, JSON.stringify({ ...CONFIG, phoneme_id_map: undefined }));
    const error = await readPiperConfig(file).catch((e: unknown) => e);
    expect(isLectraError(error) && error.code).toBe('bad-input');
  });

  it('reads and appends ONNX metadata_props without disturbing the rest of the model', () => {
    // ir_version=8, producer_name="test", graph={name:"g"}, then one metadata entry.
    const model = Buffer.concat([Buffer.from([0x08, 0x08, 0x12, 0x04]), Buffer.from('test'), Buffer.from([0x3a, 0x03, 0x0a, 0x01, 0x67]), encodeOnnxMetadata({ existing: 'yes' })]);
    expect(readOnnxMetadata(model)).toEqual({ existing: 'yes' });
    const long = 'x'.repeat(300); // a length that needs a two-byte varint
    const patched = Buffer.concat([model, encodeOnnxMetadata({ sample_rate: '22050', comment: 'piper', long })]);
    expect(readOnnxMetadata(patched)).toEqual({ existing: 'yes', sample_rate: '22050', comment: 'piper', long });
    expect(() => readOnnxMetadata(Buffer.from([0x0f]))).toThrow(/ONNX/);
  });

  it('loads the sherpa-onnx runtime from npm', async () => {
    const name = 'sherpa-onnx-node';
    const sherpa = (await import(name).catch(() => undefined)) as { OfflineTts?: unknown; default?: { OfflineTts?: unknown } } | undefined;
    if (!sherpa) return console.info('sherpa-onnx-node is not installed; piper reports that it is missing');
    expect(typeof (sherpa.OfflineTts ?? sherpa.default?.OfflineTts)).toBe('function');
  });
});
