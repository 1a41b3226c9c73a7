/**
 * Piper voices the user has on disk (`--voice-model voice.onnx` plus its `voice.onnx.json`),
 * run in-process by sherpa-onnx (`sherpa-onnx-node`, an optional dependency whose native
 * binary ships as an npm package; loaded only when piper is chosen). sherpa-onnx wants a
 * tokens.txt, eSpeak-NG phoneme data and metadata inside the model, which plain Piper voices
 * lack: tokens come from the config's phoneme_id_map and the metadata is appended to a cached
 * copy of the model (see piper-onnx-metadata.ts). Voices converted by sherpa-onnx
 * (vits-piper-*) already have all three and are used as they are.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundledEspeakData } from '../bundled-espeak-data.js';
import { LectraError, throwIfAborted } from '../../errors.js';
import { defineSpeechProvider, type SpeechProvider, type SpeechProviderSettings, type Voice } from '../contract.js';
import { loadSherpa, type SherpaTts } from '../load-sherpa.js';
import { unknownVoiceError } from '../unknown-voice-error.js';
import { piperTokens, readPiperConfig, type PiperVoiceConfig } from './piper-config.js';
import { encodeOnnxMetadata, readOnnxMetadata } from './piper-onnx-metadata.js';

/** Settings the piper provider reads beyond the shared ones. */
export interface PiperSpeechSettings extends SpeechProviderSettings {
  /** eSpeak-NG data folder (default: `espeak-ng-data` next to the model, then system folders, then the data unpacked from the eSpeak-NG WASM package). */
  espeakDataDir?: string;
  /** Folder for the prepared model copy and tokens (default: the OS temp folder). */
  cacheDir?: string;
  /** ONNX runtime threads (default 2). */
  threads?: number;
}

const SYSTEM_ESPEAK_DATA = ['/usr/share/espeak-ng-data', '/usr/lib/x86_64-linux-gnu/espeak-ng-data', '/usr/lib/aarch64-linux-gnu/espeak-ng-data', '/opt/homebrew/share/espeak-ng-data', '/usr/local/share/espeak-ng-data'];
const REQUIRED_METADATA = ['sample_rate', 'n_speakers', 'language', 'comment'];

export const piperProvider = defineSpeechProvider({
  id: 'piper',
  description: 'A Piper voice on disk (--voice-model voice.onnx with its .onnx.json), offline, via the optional sherpa-onnx-node package.',
  offline: true,
  async setup(settings) {
    return createPiperProvider(settings);
  },
});

export async function createPiperProvider(settings: PiperSpeechSettings = {}): Promise<SpeechProvider> {
  const cacheRoot = settings.cacheDir ?? path.join(tmpdir(), 'lectra-piper');
  const files = await piperFiles(settings, cacheRoot);
  const config = await readPiperConfig(files.config);
  const sherpa = await loadSherpa();
  const prepared = await prepareModel(files, config, cacheRoot);
  const ttsConfig = {
    model: {
      vits: { model: prepared.model, tokens: prepared.tokens, dataDir: files.espeakData, noiseScale: config.noiseScale, noiseScaleW: config.noiseW, lengthScale: config.lengthScale },
      numThreads: settings.threads ?? 2,
      provider: 'cpu',
      debug: false,
    },
    maxNumSentences: 1,
  };
  let tts: SherpaTts;
  try {
    tts = sherpa.OfflineTts.createAsync ? await sherpa.OfflineTts.createAsync(ttsConfig) : new sherpa.OfflineTts(ttsConfig);
  } catch (error) {
    throw new LectraError('speech-failed', `sherpa-onnx could not load the Piper voice ${files.model}: ${(error as Error).message}`, { cause: error, file: files.model });
  }
  return piperSpeechProvider(tts, voicesOf(files.model, config));
}

function piperSpeechProvider(tts: SherpaTts, voices: Array<Voice & { sid: number }>): SpeechProvider {
  let closed = false;
  return {
    id: 'piper',
    acceptsSsml: false,
    sampleRate: tts.sampleRate,
    async voices(signal) {
      throwIfAborted(signal);
      return voices.map(({ sid: _sid, ...voice }) => ({ ...voice, languages: [...voice.languages] }));
    },
    defaultVoice: () => voices[0].id,
    async synthesize(request) {
      throwIfAborted(request.signal);
      if (closed) throw new LectraError('speech-failed', 'The piper speech provider was closed.');
      const voice = voices.find((v) => v.id === request.voice) ?? voices.find((v) => v.id.toLowerCase() === request.voice.toLowerCase());
      if (!voice) throw unknownVoiceError('piper', request.voice, voices.map((v) => v.id));
      const text = request.text.trim();
      if (text === '') return { samples: new Int16Array(0), sampleRate: tts.sampleRate };
      const job = { text, sid: voice.sid, speed: request.rate > 0 ? request.rate : 1 };
      // generateAsync runs on a worker thread, so other slides keep moving meanwhile.
      const audio = tts.generateAsync ? await tts.generateAsync(job) : tts.generate(job);
      throwIfAborted(request.signal);
      return { samples: floatToInt16(audio.samples), sampleRate: audio.sampleRate };
    },
    async close() {
      closed = true; // sherpa-onnx frees the model when it is garbage-collected
    },
  };
}

interface PiperFiles {
  model: string;
  config: string;
  espeakData: string;
}

/** The model, its config and eSpeak data; each missing one is named in the error. */
async function piperFiles(settings: PiperSpeechSettings, cacheRoot: string): Promise<PiperFiles> {
  if (!settings.voiceModel) {
    throw new LectraError('bad-option', 'piper needs a voice: pass --voice-model path/to/voice.onnx (its voice.onnx.json must sit next to it).', { field: '--voice-model' });
  }
  const model = path.resolve(settings.voiceModel);
  if (!(await isFile(model))) throw new LectraError('file-not-found', `The Piper voice model ${model} does not exist (--voice-model).`, { file: model, field: '--voice-model' });
  const config = `${model}.json`;
  if (!(await isFile(config))) {
    throw new LectraError('file-not-found', `The Piper voice config ${config} does not exist: download the .onnx.json that belongs to ${path.basename(model)} and put it next to it.`, { file: config, field: '--voice-model' });
  }
  // A folder given explicitly is the only one looked at; otherwise next to the model, then system
  // folders, then the data inside the eSpeak-NG WebAssembly package LECTRA installs anyway.
  const candidates = settings.espeakDataDir ? [settings.espeakDataDir] : [path.join(path.dirname(model), 'espeak-ng-data'), ...SYSTEM_ESPEAK_DATA];
  for (const dir of candidates) if (await isFile(path.join(dir, 'phontab'))) return { model, config, espeakData: dir };
  if (!settings.espeakDataDir) return { model, config, espeakData: await bundledEspeakData(cacheRoot) };
  throw new LectraError(
    'file-not-found',
    `Piper needs eSpeak-NG's phoneme data (an espeak-ng-data folder) and none was found in: ${candidates.join(', ')}. Put espeak-ng-data next to the model (sherpa-onnx's vits-piper-* downloads include it) or install espeak-ng-data.`,
    { file: candidates[0] },
  );
}

/** The model with sherpa-onnx's metadata (a cached copy when it must be added) and a tokens.txt. */
async function prepareModel(files: PiperFiles, config: PiperVoiceConfig, cacheRoot: string): Promise<{ model: string; tokens: string }> {
  const bytes = await readFile(files.model);
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
  } catch (error) {
    throw new LectraError('bad-input', `${files.model} is not an ONNX model: ${(error as Error).message}.`, { cause: error, file: files.model });
  }
  const besideTokens = path.join(path.dirname(files.model), 'tokens.txt');
  const complete = REQUIRED_METADATA.every((key) => key in metadata);
  if (complete && (await isFile(besideTokens))) return { model: files.model, tokens: besideTokens };
  const info = await stat(files.model);
  const dir = path.join(cacheRoot, createHash('sha256').update(`${files.model}\0${info.size}\0${info.mtimeMs}`).digest('hex').slice(0, 16));
  await mkdir(dir, { recursive: true });
  const tokens = path.join(dir, 'tokens.txt');
  await writeAtomic(tokens, piperTokens(config));
  if (complete) return { model: files.model, tokens };
  const model = path.join(dir, 'model.onnx');
  if (!(await isFile(model))) {
    const added = encodeOnnxMetadata({
      model_type: 'vits',
      comment: 'piper',
      language: config.languageName,
      voice: config.espeakVoice,
      has_espeak: '1',
      n_speakers: String(config.numSpeakers),
      sample_rate: String(config.sampleRate),
    });
    await writeAtomic(model, Buffer.concat([bytes, added]));
  }
  return { model, tokens };
}

/** One voice per speaker: the model's name, with `:speaker` for multi-speaker models. */
function voicesOf(model: string, config: PiperVoiceConfig): Array<Voice & { sid: number }> {
  const base = path.basename(model).replace(/\.onnx$/i, '').replace(/\s+/g, '_');
  const languages = [...new Set([config.lang, config.lang.split('-')[0]])];
  const speakers = Object.entries(config.speakers);
  if (config.numSpeakers <= 1 || speakers.length === 0) return [{ id: base, name: base, languages, sid: 0 }];
  return speakers.sort((a, b) => a[1] - b[1]).map(([speaker, sid]) => ({ id: `${base}:${speaker.replace(/\s+/g, '_')}`, name: `${base} (${speaker})`, languages, sid }));
}

function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767);
  return out;
}

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

async function isFile(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
