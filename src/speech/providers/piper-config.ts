import { readFile } from 'node:fs/promises';
import { LectraError } from '../../errors.js';

/** What LECTRA reads from a Piper voice's `.onnx.json`. */
export interface PiperVoiceConfig {
  sampleRate: number;
  /** eSpeak voice used for phonemes (e.g. `en-us`). */
  espeakVoice: string;
  /** BCP-47 tag of the voice (`en_US` → `en-US`). */
  lang: string;
  /** Language name, as sherpa-onnx's metadata wants it (e.g. `English`). */
  languageName: string;
  numSpeakers: number;
  /** Speaker name → id, for multi-speaker voices. */
  speakers: Record<string, number>;
  noiseScale: number;
  lengthScale: number;
  noiseW: number;
  /** Phoneme → ids. */
  phonemeIdMap: Record<string, number[]>;
}

interface PiperJson {
  audio?: { sample_rate?: number };
  espeak?: { voice?: string };
  language?: { code?: string; name_english?: string; family?: string };
  num_speakers?: number;
  speaker_id_map?: Record<string, number>;
  inference?: { noise_scale?: number; length_scale?: number; noise_w?: number };
  phoneme_type?: string;
  phoneme_id_map?: Record<string, number[]>;
}

export async function readPiperConfig(file: string): Promise<PiperVoiceConfig> {
  let json: PiperJson;
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as PiperJson;
  } catch (error) {
    throw new LectraError('bad-input', `The Piper voice config ${file} is not valid JSON: ${(error as Error).message}.`, { cause: error, file });
  }
  if (!json.phoneme_id_map || Object.keys(json.phoneme_id_map).length === 0) {
    throw new LectraError('bad-input', `The Piper voice config ${file} has no phoneme_id_map — is it the .onnx.json that came with the voice?`, { file });
  }
  if (json.phoneme_type && json.phoneme_type !== 'espeak') {
    throw new LectraError('bad-input', `The Piper voice ${file} uses phoneme_type '${json.phoneme_type}'; only eSpeak-phonemised voices are supported.`, { file });
  }
  const espeakVoice = json.espeak?.voice ?? 'en-us';
  return {
    sampleRate: json.audio?.sample_rate ?? 22050,
    espeakVoice,
    lang: (json.language?.code ?? espeakVoice).replace(/_/g, '-'),
    languageName: json.language?.name_english ?? json.language?.family ?? espeakVoice,
    numSpeakers: Math.max(1, json.num_speakers ?? 1),
    speakers: json.speaker_id_map ?? {},
    noiseScale: json.inference?.noise_scale ?? 0.667,
    lengthScale: json.inference?.length_scale ?? 1,
    noiseW: json.inference?.noise_w ?? 0.8,
    phonemeIdMap: json.phoneme_id_map,
  };
}

/** sherpa-onnx's tokens.txt: one `symbol id` line per phoneme (the space phoneme included). */
export function piperTokens(config: PiperVoiceConfig): string {
  return Object.entries(config.phonemeIdMap)
    .filter(([, ids]) => ids.length > 0)
    .map(([symbol, ids]) => `${symbol} ${ids[0]}\n`)
    .join('');
}
