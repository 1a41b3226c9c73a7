import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { checkImage } from '../../src/images/check-image.js';

const make = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'jpeg'): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })[format]().toBuffer();

describe('checkImage', () => {
  test('returns size, format and MIME type of a good image', async () => {
    expect(await checkImage(await make(800, 600), { declaredType: 'image/jpeg' })).toEqual({ width: 800, height: 600, format: 'jpeg', mime: 'image/jpeg' });
    expect(await checkImage(await make(300, 300, 'webp'), { declaredType: 'application/octet-stream' })).toMatchObject({ format: 'webp', mime: 'image/webp' });
  });

  test('an HTML error page sent as image/jpeg is not an image', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body>Too many requests</body></html>');
    await expect(checkImage(html, { declaredType: 'image/jpeg' })).rejects.toMatchObject({ code: 'provider-failed', reason: 'not-an-image', message: expect.stringContaining('HTML') });
  });

  test('a PNG labelled image/jpeg, or a JPEG labelled text/html, is a type mismatch', async () => {
    await expect(checkImage(await make(400, 300, 'png'), { declaredType: 'image/jpeg' })).rejects.toMatchObject({ reason: 'type-mismatch' });
    await expect(checkImage(await make(400, 300), { declaredType: 'text/html' })).rejects.toMatchObject({ reason: 'type-mismatch' });
  });

  test('truncated data is corrupt', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const noisy = await sharp(Buffer.from(Array.from({ length: 800 * 600 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 800, height: 600, channels: 3 } }).jpeg().toBuffer();
    await expect(checkImage(noisy.subarray(0, Math.floor(noisy.length / 2)))).rejects.toMatchObject({ reason: 'corrupt' });
    await expect(checkImage(jpeg.subarray(0, 40))).rejects.toMatchObject({ reason: 'corrupt' });
  });

  test('random bytes are not an image', async () => {
    await expect(checkImage(Buffer.from([1, 2, 3, 4, 5, 250, 251, 252, 0, 0, 9]))).rejects.toMatchObject({ reason: 'not-an-image' });
  });

  test('tiny and huge images are refused', async () => {
    await expect(checkImage(await make(640, 150))).rejects.toMatchObject({ reason: 'too-small' });
    await expect(checkImage(await make(8000, 6000), { maxPixels: 40_000_000 })).rejects.toMatchObject({ reason: 'too-big' });
    await expect(checkImage(await make(800, 600, 'png'), { maxBytes: 100 })).rejects.toMatchObject({ reason: 'too-big' });
  });

  test('SVG only when allowed', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="red"/></svg>');
    await expect(checkImage(svg)).rejects.toMatchObject({ reason: 'not-an-image' });
    expect(await checkImage(svg, { allowSvg: true })).toMatchObject({ width: 400, height: 300, mime: 'image/svg+xml' });
  });
});
