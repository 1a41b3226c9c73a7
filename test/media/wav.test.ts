import { describe, expect, it } from 'vitest';
import { concatSamples, decodeWav, encodeWav, rmsDb, silence } from '../../src/media/wav.js';
import { resampleLinear } from '../../src/speech/resample-linear.js';
import { tone } from './helpers.js';

function stereoExtensibleWav(left: number[], right: number[], sampleRate: number): Buffer {
  const fmt = Buffer.alloc(8 + 40);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(40, 4);
  fmt.writeUInt16LE(0xfffe, 8);
  fmt.writeUInt16LE(2, 10);
  fmt.writeUInt32LE(sampleRate, 12);
  fmt.writeUInt32LE(sampleRate * 4, 16);
  fmt.writeUInt16LE(4, 20);
  fmt.writeUInt16LE(16, 22);
  fmt.writeUInt16LE(22, 24); // cbSize
  fmt.writeUInt16LE(16, 26); // valid bits
  fmt.writeUInt32LE(3, 28); // channel mask
  fmt.writeUInt16LE(1, 32); // SubFormat GUID starts with PCM = 1
  const list = Buffer.alloc(8 + 5 + 1); // odd-sized unknown chunk with its pad byte
  list.write('LIST', 0, 'ascii');
  list.writeUInt32LE(5, 4);
  const data = Buffer.alloc(8 + left.length * 4);
  data.write('data', 0, 'ascii');
  data.writeUInt32LE(left.length * 4, 4);
  left.forEach((l, i) => {
    data.writeInt16LE(l, 8 + i * 4);
    data.writeInt16LE(right[i], 10 + i * 4);
  });
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), fmt, list, data]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('wav', () => {
  it('round-trips mono 16-bit PCM', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const decoded = decodeWav(encodeWav(samples, 24000));
    expect(decoded).toEqual({ samples, sampleRate: 24000, channels: 1 });
  });

  it('reads WAVE_FORMAT_EXTENSIBLE stereo and skips unknown chunks', () => {
    const decoded = decodeWav(stereoExtensibleWav([1, 2, 3], [-1, -2, -3], 48000));
    expect(decoded.channels).toBe(2);
    expect(decoded.sampleRate).toBe(48000);
    expect([...decoded.samples]).toEqual([1, -1, 2, -2, 3, -3]);
  });

  it('reads from an unaligned Buffer view and clamps a streamed data size', () => {
    const wav = encodeWav(Int16Array.from([5, -5, 7]), 8000);
    wav.writeUInt32LE(0xffffffff, 40);
    const shifted = Buffer.concat([Buffer.alloc(1), wav]).subarray(1);
    expect([...decodeWav(shifted).samples]).toEqual([5, -5, 7]);
  });

  it('rejects non-PCM and non-WAV input with bad-input', () => {
    expect(() => decodeWav(Buffer.from('not a wav file at all'))).toThrow(expect.objectContaining({ code: 'bad-input' }));
    const float = encodeWav(Int16Array.from([1]), 8000);
    float.writeUInt16LE(3, 20);
    expect(() => decodeWav(float)).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });

  it('makes exact silences, concatenates and resamples', () => {
    expect(silence(1.5, 22050).length).toBe(33075);
    expect(silence(0.00003, 22050).length).toBe(1);
    expect([...concatSamples([Int16Array.from([1]), new Int16Array(0), Int16Array.from([2, 3])])]).toEqual([1, 2, 3]);
    const up = resampleLinear(Int16Array.from([0, 100, 200]), 1, 2);
    expect([...up]).toEqual([0, 50, 100, 150, 200, 200]);
    const a = tone(1, 440, 22050);
    const b = resampleLinear(a, 22050, 24000);
    expect(b.length).toBe(24000);
    expect(rmsDb(b)).toBeCloseTo(rmsDb(a), 1);
  });

  it('measures RMS in dBFS', () => {
    expect(rmsDb(new Int16Array(100))).toBe(-Infinity);
    expect(rmsDb(new Int16Array(100).fill(16384))).toBeCloseTo(-6.02, 1);
    expect(rmsDb(tone(1, 440, 8000), 0, 8000)).toBeCloseTo(20 * Math.log10(8000 / Math.SQRT2 / 32768), 1);
  });
});
