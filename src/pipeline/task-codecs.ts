import type { SlideAudio } from '../speech/synthesize-slide.js';

/** How a task's output is stored in the content cache. */
export interface Codec<T> {
  encode(value: T): Uint8Array;
  /** Throws on malformed data; the caller treats that as a miss. */
  decode(data: Buffer): T;
}

export function jsonCodec<T>(): Codec<T> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value)),
    decode: (data) => JSON.parse(data.toString('utf8')) as T,
  };
}

export const bytesCodec: Codec<Buffer> = {
  encode: (value) => value,
  decode: (data) => data,
};

/**
 * Speech: a JSON header (parts without samples) + the PCM of every part, back to back. The header
 * is padded to an even length, so the PCM starts on a 2-byte boundary and is read as Int16Array
 * views of the entry, without a copy.
 */
export const slideAudioCodec: Codec<SlideAudio> = {
  encode(audio) {
    const json = JSON.stringify({ sampleRate: audio.sampleRate, parts: audio.parts.map(({ samples, ...rest }) => ({ ...rest, length: samples.length })) });
    const header = Buffer.from(Buffer.byteLength(json) % 2 === 0 ? json : `${json} `);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(header.length);
    const pcm = audio.parts.map((p) => Buffer.from(p.samples.buffer, p.samples.byteOffset, p.samples.byteLength));
    return Buffer.concat([size, header, ...pcm]);
  },
  decode(data) {
    const headerLength = data.readUInt32LE(0);
    const header = JSON.parse(data.subarray(4, 4 + headerLength).toString('utf8')) as {
      sampleRate: number;
      parts: Array<Omit<SlideAudio['parts'][number], 'samples'> & { length: number }>;
    };
    let offset = 4 + headerLength;
    const parts = header.parts.map(({ length, ...rest }) => {
      const bytes = data.subarray(offset, offset + length * 2);
      if (bytes.length !== length * 2) throw new Error('truncated speech entry');
      offset += length * 2;
      // Int16Array needs an even byte offset: a view where the bytes are aligned, else a copy.
      if (bytes.byteOffset % 2 === 0) return { ...rest, samples: new Int16Array(bytes.buffer, bytes.byteOffset, length) };
      const samples = new Int16Array(length);
      Buffer.from(samples.buffer).set(bytes);
      return { ...rest, samples };
    });
    if (offset !== data.length) throw new Error('speech entry has trailing bytes');
    return { sampleRate: header.sampleRate, parts };
  },
};
