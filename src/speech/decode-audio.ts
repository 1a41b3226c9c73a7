import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { throwIfAborted } from '../errors.js';
import { resolveMediaBinaries } from '../media/binaries.js';
import { runFfmpeg } from '../media/run-ffmpeg.js';
import { decodeWav } from '../media/wav.js';

export interface DecodedSpeech {
  /** Mono 16-bit samples. */
  samples: Int16Array;
  sampleRate: number;
}

export interface DecodeAudioOptions {
  /** FFmpeg binary, for compressed audio (default: the resolved one, see media/binaries.ts). */
  ffmpeg?: string;
  /** Sample rate to ask FFmpeg for; default: the stream's own. */
  sampleRate?: number;
  signal?: AbortSignal;
}

/**
 * Audio bytes from a speech server → mono Int16 samples. WAV is read directly; anything else
 * (MP3 from Edge, Opus/AAC/FLAC from OpenAI-compatible servers) goes through FFmpeg, written to
 * a temp folder because spawnMedia keeps stdout as text, and the folder is always removed.
 */
export async function decodeAudio(bytes: Buffer, options: DecodeAudioOptions = {}): Promise<DecodedSpeech> {
  throwIfAborted(options.signal);
  if (bytes.length === 0) return { samples: new Int16Array(0), sampleRate: options.sampleRate ?? 24000 };
  if (isWav(bytes)) return toMono(decodeWav(bytes));
  const binary = options.ffmpeg ?? resolveMediaBinaries().ffmpeg;
  const dir = await mkdtemp(path.join(tmpdir(), 'lectra-decode-'));
  try {
    const input = path.join(dir, 'in.audio');
    const output = path.join(dir, 'out.wav');
    await writeFile(input, bytes);
    const rate = options.sampleRate ? ['-ar', String(options.sampleRate)] : [];
    await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', input, '-ac', '1', ...rate, '-c:a', 'pcm_s16le', '-f', 'wav', '-y', output], {
      binary,
      signal: options.signal,
    });
    return toMono(decodeWav(await readFile(output)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Headerless little-endian 16-bit mono PCM (OpenAI `pcm`, Edge `raw-…-pcm`). */
export function decodePcm16(bytes: Buffer, sampleRate: number): DecodedSpeech {
  const count = Math.floor(bytes.length / 2);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = bytes.readInt16LE(i * 2);
  return { samples, sampleRate };
}

export function isWav(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WAVE';
}

function toMono(wav: { samples: Int16Array; sampleRate: number; channels: number }): DecodedSpeech {
  if (wav.channels === 1) return { samples: wav.samples, sampleRate: wav.sampleRate };
  const frames = Math.floor(wav.samples.length / wav.channels);
  const out = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < wav.channels; c++) sum += wav.samples[i * wav.channels + c];
    out[i] = Math.round(sum / wav.channels);
  }
  return { samples: out, sampleRate: wav.sampleRate };
}
