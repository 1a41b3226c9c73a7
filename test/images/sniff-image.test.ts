import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageHeaderSize, sniffImage } from '../../src/images/sniff-image.js';

const base = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } });

describe('imageHeaderSize: the size from the header, without decoding', () => {
  it.each([
    ['png', 321, 123, () => base(321, 123).png().toBuffer()],
    ['jpeg', 641, 479, () => base(641, 479).jpeg().toBuffer()],
    ['jpeg', 640, 480, () => base(640, 480).jpeg().withMetadata({ exif: { IFD0: { Copyright: 'x'.repeat(20_000) } } }).toBuffer()],
    ['gif', 77, 55, () => base(77, 55).gif().toBuffer()],
    ['webp', 501, 301, () => base(501, 301).webp({ quality: 50 }).toBuffer()],
    ['webp', 502, 302, () => base(502, 302).webp({ lossless: true }).toBuffer()],
    ['webp', 503, 303, () => base(503, 303).ensureAlpha(0.5).webp({ quality: 50 }).withMetadata().toBuffer()],
  ] as const)('%s %d×%d', async (format, width, height, make) => {
    const bytes = await make();
    expect(sniffImage(bytes)).toBe(format);
    expect(imageHeaderSize(bytes, format)).toEqual({ width, height });
  });

  it('knows text and SVG for what they are', () => {
    expect(sniffImage(Buffer.from('<!doctype html><html><body>Not found</body></html>'))).toBe('text');
    expect(sniffImage(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniffImage(Buffer.from([0, 1, 2, 250, 251, 3, 4]))).toBe('unknown');
  });

  it('answers undefined when the bytes stop before the size', async () => {
    const jpeg = await base(64, 64).jpeg().toBuffer();
    expect(imageHeaderSize(jpeg.subarray(0, 20), 'jpeg')).toBeUndefined();
    expect(imageHeaderSize(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'png')).toBeUndefined();
  });
});
