/**
 * sherpa-onnx (`sherpa-onnx-node`), the optional runtime behind the offline neural voices: loaded
 * only when such a voice is used, with one clear error when its native package is missing.
 */
import { LectraError } from '../errors.js';

/** The slice of sherpa-onnx-node we use (it ships no types). */
export interface SherpaTts {
  sampleRate: number;
  numSpeakers: number;
  generate(request: { text: string; sid: number; speed: number }): { samples: Float32Array; sampleRate: number };
  generateAsync?(request: { text: string; sid: number; speed: number }): Promise<{ samples: Float32Array; sampleRate: number }>;
}

export interface SherpaModule {
  OfflineTts: { new (config: unknown): SherpaTts; createAsync?(config: unknown): Promise<SherpaTts> };
}

/** sherpa-onnx-node, or a LectraError saying how to install it. */
export async function loadSherpa(): Promise<SherpaModule> {
  const name = 'sherpa-onnx-node'; // a variable, so TypeScript does not need its (absent) types
  try {
    const loaded = (await import(name)) as SherpaModule & { default?: SherpaModule };
    return loaded.OfflineTts ? loaded : (loaded.default as SherpaModule);
  } catch (error) {
    throw new LectraError(
      'speech-failed',
      `Offline neural voices (piper) run on the optional package sherpa-onnx-node, which did not load (${(error as Error).message.split('\n')[0]}). Install it with \`npm install sherpa-onnx-node\` (its native binary comes as sherpa-onnx-${process.platform}-${process.arch}).`,
      { cause: error },
    );
  }
}

