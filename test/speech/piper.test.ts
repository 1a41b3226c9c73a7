import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLectraError } from '../../src/errors.js';
import { piperTokens, readPiperConfig } from '../../src/speech/providers/piper-config.js';
import { encodeOnnxMetadata, readOnnxMetadata } from '../../src/speech/providers/piper-onnx-metadata.js';
import { createPiperProvider, piperProvider } from '../../src/speech/providers/piper.js';
import { loadSherpa } from '../../src/speech/load-sherpa.js';
import { optionalTool } from '../support/optional-tool.js';
import { getSpeechProviderDefinition } from '../../src/speech/registry.js';
import { runSpeechContractSuite } from './contract-suite.js';
import { writeTinyPiperVoice } from './tiny-piper-voice.js';

// The shared contract suite runs against a real Piper voice when one is given, otherwise against
// a tiny Piper-shaped voice the test writes (tiny-piper-voice.ts): the real sherpa-onnx runtime,
// tokenizer and eSpeak phonemizer (with the eSpeak data unpacked from the WASM package), only
// the network is a stand-in.
const model = process.env.LECTRA_TEST_PIPER_MODEL;
const sherpaInstalled = optionalTool(
  'sherpa-onnx-node',
  await loadSherpa().then(
    () => true,
    () => false,
  ),
);
let tinyVoice: Promise<string> | undefined;
function tinyVoiceFile(): Promise<string> {
  tinyVoice ??= (async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'piper-tiny-'));
    const file = path.join(folder, 'en_US-tiny-low.onnx');
    await writeTinyPiperVoice(file);
    return file;
  })();
  return tinyVoice;
}
if (model) {
  runSpeechContractSuite('piper', () => piperProvider.setup({ voiceModel: model, espeakDataDir: process.env.LECTRA_TEST_ESPEAK_DATA } as Parameters<typeof piperProvider.setup>[0]));
} else if (sherpaInstalled) {
  runSpeechContractSuite('piper (tiny test voice)', async () => piperProvider.setup({ voiceModel: await tinyVoiceFile() } as Parameters<typeof piperProvider.setup>[0]));
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

describe('bundledEspeakData', () => {
  it('unpacks espeak-ng-data from the eSpeak-NG WASM package once, file for file', async () => {
    const { bundledEspeakData } = await import('../../src/speech/bundled-espeak-data.js');
    const { readFile, readdir, stat } = await import('node:fs/promises');
    const root = path.join(dir, 'espeak-root');
    const data = await bundledEspeakData(root);
    expect(data).toBe(path.join(root, 'espeak-ng-data'));
    for (const name of ['phontab', 'phonindex', 'phondata', 'intonations', 'en_dict', 'fr_dict']) expect((await stat(path.join(data, name))).size).toBeGreaterThan(0);
    expect((await readdir(path.join(data, 'voices'))).length).toBeGreaterThan(0);
    // The same bytes as the package's own table says (phontab's range in espeak-ng.js).
    const pkg = path.dirname(createRequire(import.meta.url).resolve('@echogarden/espeak-ng-emscripten/espeak-ng.js'));
    const range = /filename:"\/usr\/share\/espeak-ng-data\/phontab",start:(\d+),end:(\d+)/.exec(await readFile(path.join(pkg, 'espeak-ng.js'), 'utf8'))!;
    const packed = (await readFile(path.join(pkg, 'espeak-ng.data'))).subarray(Number(range[1]), Number(range[2]));
    expect((await readFile(path.join(data, 'phontab'))).equals(packed)).toBe(true);
    // A second call reuses the folder; no temp folders are left behind.
    const before = (await stat(path.join(data, 'phontab'))).mtimeMs;
    expect(await bundledEspeakData(root)).toBe(data);
    expect((await stat(path.join(data, 'phontab'))).mtimeMs).toBe(before);
    expect((await readdir(root)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
