import type { ESpeakNgModule, ESpeakNgWorker, EspeakNgEvent } from '@echogarden/espeak-ng-emscripten';
import { LectraError } from '../../errors.js';
import type { Voice } from '../contract.js';

/** One raw synthesis: the engine's audio and events for exactly the string it was given. */
export interface EspeakRun {
  samples: Int16Array;
  sampleRate: number;
  events: EspeakNgEvent[];
}

export interface EspeakEngine {
  readonly sampleRate: number;
  readonly voices: readonly Voice[];
  /** Synchronous on purpose: one call is one uninterrupted block, so calls can never interleave. */
  run(source: string, voiceId: string, wpm: number): EspeakRun;
  close(): void;
}

/**
 * Loads the eSpeak-NG module once (≈0.1 s, ≈20 MB of voice data) and wraps one worker.
 * The worker keeps voice and rate as global state, which is why `run` sets both and
 * synthesises in the same synchronous block.
 */
export async function loadEspeakEngine(): Promise<EspeakEngine> {
  let module: ESpeakNgModule;
  let worker: ESpeakNgWorker;
  try {
    const { default: initialise } = await import('@echogarden/espeak-ng-emscripten');
    // Emscripten prints to stdout/stderr by default; the library never prints.
    module = await initialise({ print: () => undefined, printErr: () => undefined });
    worker = new module.eSpeakNGWorker();
  } catch (cause) {
    throw new LectraError('speech-failed', 'Could not load the eSpeak-NG engine (@echogarden/espeak-ng-emscripten). Reinstall LECTRA\'s dependencies.', { cause });
  }
  return createEngine(module, worker);
}

function createEngine(module: ESpeakNgModule, worker: ESpeakNgWorker): EspeakEngine {
  let current: ESpeakNgWorker | undefined = worker;
  const sampleRate = worker.samplerate;
  const voices = readVoices(worker);
  return {
    sampleRate,
    voices,
    run(source, voiceId, wpm) {
      if (!current) throw new LectraError('speech-failed', 'The eSpeak provider was used after close().');
      return runOnce(current, source, voiceId, wpm, sampleRate);
    },
    close() {
      try {
        if (current) module.destroy?.(current);
      } catch {
        // Freeing the C++ worker is best effort; the whole heap goes with the references below.
      }
      // Dropping the references lets the heap (a plain ArrayBuffer in this wasm2js build) be collected.
      current = undefined;
    },
  };
}

function runOnce(worker: ESpeakNgWorker, source: string, voiceId: string, wpm: number, sampleRate: number): EspeakRun {
  if (worker.set_voice(voiceId) !== 0) {
    throw new LectraError('speech-failed', `eSpeak-NG could not load voice '${voiceId}'.`);
  }
  worker.set_rate(wpm);
  const chunks: Int16Array[] = [];
  const events: EspeakNgEvent[] = [];
  try {
    worker.synthesize(source, (samples, chunkEvents) => {
      if (samples.length > 0) chunks.push(samples);
      for (const event of chunkEvents) events.push(event);
      return false;
    });
  } catch (cause) {
    throw new LectraError('speech-failed', 'eSpeak-NG failed while synthesising.', { cause, details: [source.slice(0, 200)] });
  }
  return { samples: concatInt16(chunks), sampleRate, events };
}

function concatInt16(chunks: Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * eSpeak identifiers look like `gmw/en-US`; users type what `espeak-ng -v` takes, so the id is
 * the lower-cased file name (`en-us`, `fr`, `en-gb-scotland`). MBROLA voices are not compiled in.
 */
function readVoices(worker: ESpeakNgWorker): Voice[] {
  const voices: Voice[] = [];
  for (const info of worker.list_voices()) {
    if (info.identifier.startsWith('mb/')) continue;
    const id = info.identifier.slice(info.identifier.lastIndexOf('/') + 1).toLowerCase();
    const languages = [...info.languages].sort((a, b) => a.priority - b.priority).map((lang) => lang.name);
    voices.push({ id, name: info.name, languages });
  }
  return voices.sort((a, b) => a.id.localeCompare(b.id));
}
