/**
 * Issue 8, end to end: `--tts piper --voice-model voice.onnx` through the real CLI, with the tiny
 * Piper-shaped voice the tests write (no voice weights can be downloaded here) run by the real
 * sherpa-onnx runtime. Skipped when the optional sherpa-onnx-node package is not installed.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/media/wav.js';
import { loadSherpa } from '../../src/speech/load-sherpa.js';
import { optionalTool } from '../support/optional-tool.js';
import { writeTinyPiperVoice } from '../speech/tiny-piper-voice.js';
import { EXAMPLE, assertBuilt, explain, makeTempDir, readJson, removeCacheDir, runCli } from './helpers.js';
import { readFile } from 'node:fs/promises';

const sherpaInstalled = optionalTool(
  'sherpa-onnx-node',
  await loadSherpa().then(
    () => true,
    () => false,
  ),
);
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let voice: string;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('piper');
  voice = path.join(tmp.dir, 'voices', 'en_US-tiny-low.onnx');
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(voice), { recursive: true }));
  await writeTinyPiperVoice(voice);
});

afterAll(async () => {
  await tmp?.cleanup();
  await removeCacheDir();
});

describe.skipIf(!sherpaInstalled)('issue 8: --tts piper with a voice on disk', () => {
  it('lectra voices --tts piper lists the voice; render speaks the lecture with it', async () => {
    const voices = await runCli(['voices', '--tts', 'piper', '--voice-model', voice]);
    expect(voices.code, explain(voices)).toBe(0);
    expect(voices.stdout).toContain('en_US-tiny-low');

    const out = path.join(tmp.dir, 'out');
    const result = await runCli(['render', EXAMPLE, '--tts', 'piper', '--voice-model', voice, '--only', 'deck,audio', '-o', out], { timeoutMs: 200_000 });
    expect(result.code, explain(result)).toBe(0);
    const timings = readJson<{ speech: { provider?: string; voice?: string }; totalSec: number; slides: unknown[] }>(path.join(out, 'timings.json'));
    expect(JSON.stringify(timings.speech)).toContain('piper');
    expect(timings.slides).toHaveLength(9);
    const wav = decodeWav(await readFile(path.join(out, 'audio', 'lecture.wav')));
    expect(wav.sampleRate).toBe(22050);
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(timings.totalSec, 1);
    expect(wav.samples.some((s) => Math.abs(s) > 1000)).toBe(true);
  });

  it('lectra doctor reports piper usable when LECTRA_VOICE_MODEL points at a voice', async () => {
    const result = await runCli(['doctor'], { env: { LECTRA_VOICE_MODEL: voice } });
    expect(result.stdout, explain(result)).toMatch(/✓ piper\s+1 voice —/);
  });

  it('a missing voice model → exit 2 naming the file and --voice-model', async () => {
    const missing = path.join(tmp.dir, 'nope.onnx');
    const result = await runCli(['render', EXAMPLE, '--tts', 'piper', '--voice-model', missing, '--only', 'audio', '-o', path.join(tmp.dir, 'bad')]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toContain('--voice-model');
  });
});
