import sharp from 'sharp';
import { expect, test } from 'vitest';
import { fitImage } from '../../src/images/fit-image.js';

const photo = (): Promise<Buffer> => sharp({ create: { width: 1600, height: 900, channels: 3, background: '#4477AA' } }).jpeg().toBuffer();

test('cover fills the box at 144 px per inch as a JPEG', async () => {
  const out = await fitImage(await photo(), { w: 4, h: 3 }, { mode: 'cover' });
  const meta = await sharp(out).metadata();
  expect([meta.width, meta.height, meta.format]).toEqual([576, 432, 'jpeg']);
});

test('contain keeps the whole picture and pads with transparency as a PNG', async () => {
  const out = await fitImage(await photo(), { w: 4, h: 3 }, { mode: 'contain' });
  const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([576, 432, 4]);
  expect(data[3]).toBe(0); // top-left corner is padding
  expect(data[(216 * 576 + 288) * 4 + 3]).toBe(255); // the centre is picture
});

test('bad bytes fail with a LectraError', async () => {
  await expect(fitImage(Buffer.from('nope'), { w: 1, h: 1 }, { mode: 'cover' })).rejects.toMatchObject({ code: 'render-failed' });
});
