import { LectraError } from '../errors.js';

export interface DecodedWav {
  /** Interleaved 16-bit samples (mono: one per frame). */
  samples: Int16Array;
  sampleRate: number;
  channels: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** A mono 16-bit PCM RIFF/WAVE file. */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const buf = Buffer.alloc(44 + samples.length * 2);
  wavHeader(samples.length, sampleRate).copy(buf, 0);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i], 44 + i * 2);
  return buf;
}

/** The 44-byte header of a mono 16-bit PCM WAV holding `sampleCount` samples. */
export function wavHeader(sampleCount: number, sampleRate: number): Buffer {
  const dataBytes = sampleCount * 2;
  const buf = Buffer.alloc(44);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  return buf;
}

/**
 * Reads 16-bit PCM WAV (mono or stereo, plain or WAVE_FORMAT_EXTENSIBLE), skipping chunks it
 * does not know (LIST, fact…). A data size larger than the file (streamed WAVs write 0 or
 * 0xFFFFFFFF) is clamped to what is there.
 */
export function decodeWav(buf: Buffer): DecodedWav {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw badWav('it is not a RIFF/WAVE file');
  }
  let format: { sampleRate: number; channels: number } | undefined;
  for (let offset = 12; offset + 8 <= buf.length; ) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') format = readFormat(buf, body, size);
    if (id === 'data') {
      if (!format) throw badWav('the data chunk comes before the fmt chunk');
      const end = size === 0 || body + size > buf.length ? buf.length : body + size;
      return { samples: readInt16(buf, body, end), ...format };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw badWav('it has no data chunk');
}

function readFormat(buf: Buffer, body: number, size: number): { sampleRate: number; channels: number } {
  if (size < 16) throw badWav('its fmt chunk is too short');
  let tag = buf.readUInt16LE(body);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of the SubFormat GUID.
  if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40) tag = buf.readUInt16LE(body + 24);
  const channels = buf.readUInt16LE(body + 2);
  const sampleRate = buf.readUInt32LE(body + 4);
  const bits = buf.readUInt16LE(body + 14);
  if (tag !== WAVE_FORMAT_PCM || bits !== 16) throw badWav(`it is format ${tag} with ${bits}-bit samples; only 16-bit PCM is read`);
  if (channels < 1 || channels > 2) throw badWav(`it has ${channels} channels; mono or stereo is read`);
  return { sampleRate, channels };
}

function readInt16(buf: Buffer, start: number, end: number): Int16Array {
  const count = Math.floor((end - start) / 2);
  const out = new Int16Array(count);
  // Copy sample by sample: the Buffer's offset may not be 2-byte aligned for a typed-array view.
  for (let i = 0; i < count; i++) out[i] = buf.readInt16LE(start + i * 2);
  return out;
}

function badWav(why: string): LectraError {
  return new LectraError('bad-input', `This WAV audio cannot be read: ${why}. Convert it to 16-bit PCM WAV (ffmpeg -i in -c:a pcm_s16le out.wav).`);
}

/** Exactly round(seconds × sampleRate) zero samples. */
export function silence(seconds: number, sampleRate: number): Int16Array {
  return new Int16Array(Math.max(0, Math.round(seconds * sampleRate)));
}

export function concatSamples(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** RMS level of samples[start, end) in dB relative to full scale; -Infinity for digital silence. */
export function rmsDb(samples: Int16Array, start = 0, end = samples.length): number {
  const from = Math.max(0, Math.floor(start));
  const to = Math.min(samples.length, Math.floor(end));
  if (to <= from) return -Infinity;
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  const rms = Math.sqrt(sum / (to - from));
  return rms === 0 ? -Infinity : 20 * Math.log10(rms / 32768);
}
