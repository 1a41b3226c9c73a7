import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generatedProvider } from '../../src/images/providers/generated.js';
import { localProvider } from '../../src/images/providers/local.js';
import { noneProvider } from '../../src/images/providers/none.js';
import { openverseProvider } from '../../src/images/providers/openverse.js';
import { pexelsProvider } from '../../src/images/providers/pexels.js';
import { unsplashProvider } from '../../src/images/providers/unsplash.js';
import { wikimediaProvider } from '../../src/images/providers/wikimedia.js';
import { startImageServers, TEST_PEXELS_KEY, TEST_UNSPLASH_KEY, type ImageServers } from '../servers/image-servers.js';
import { runImageContractSuite } from './contract-suite.js';

let servers: ImageServers;
beforeAll(async () => {
  servers = await startImageServers();
});
afterAll(async () => {
  await servers.close();
});

runImageContractSuite('openverse', async () => ({
  provider: await openverseProvider.setup({ url: servers.openverseUrl, timeoutMs: 5000 }),
  query: 'blood cells',
  network: true,
}));
runImageContractSuite('wikimedia', async () => ({
  provider: await wikimediaProvider.setup({ url: servers.wikimediaUrl, timeoutMs: 5000 }),
  query: 'blood cells',
  network: true,
}));
runImageContractSuite('pexels', async () => ({
  provider: await pexelsProvider.setup({ url: servers.pexelsUrl, apiKey: TEST_PEXELS_KEY, timeoutMs: 5000 }),
  query: 'microscope',
  network: true,
}));
runImageContractSuite('unsplash', async () => ({
  provider: await unsplashProvider.setup({ url: servers.unsplashUrl, apiKey: TEST_UNSPLASH_KEY, timeoutMs: 5000 }),
  query: 'microscope',
  network: true,
}));
runImageContractSuite('local', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'lectra-local-images-'));
  await writeLocalImages(folder);
  return { provider: await localProvider.setup({ folder }), query: 'red blood cells', network: false, cleanup: () => rm(folder, { recursive: true, force: true }) };
});
runImageContractSuite('generated', async () => ({ provider: await generatedProvider.setup({}), query: 'photosynthesis in plants', network: false }));

async function writeLocalImages(folder: string): Promise<void> {
  const image = (r: number, g: number, b: number): Promise<Buffer> => sharp({ create: { width: 640, height: 480, channels: 3, background: { r, g, b } } }).png().toBuffer();
  await writeFile(path.join(folder, 'red-blood-cells.png'), await image(200, 30, 40));
  await writeFile(path.join(folder, 'blood_pressure_chart.png'), await image(30, 30, 200));
  await writeFile(path.join(folder, 'volcano.png'), await image(90, 90, 90));
  await writeFile(path.join(folder, 'notes.txt'), 'not an image');
}

describe('provider specifics', () => {
  test('openverse asks for reusable licenses and skips SVG results; credits read like people write them', async () => {
    const provider = await openverseProvider.setup({ url: servers.openverseUrl });
    const found = await provider.search('blood cells', { count: 5, orientation: 'landscape' });
    expect(found.map((c) => c.url.split('/').pop())).toEqual(['openverse-1.jpg', 'openverse-3.png']);
    expect(found[0]).toMatchObject({ author: 'Jane Doe', license: 'CC BY 2.0', licenseUrl: 'https://creativecommons.org/licenses/by/2.0/', sourceUrl: 'https://www.flickr.com/photos/example/1234567890' });
    expect(found[1]!.license).toBe('CC0 1.0');
    const search = servers.requests.filter((r) => r.startsWith('openverse GET /v1/images/')).at(-1)!;
    expect(search).toContain('license=by%2Cby-sa%2Ccc0%2Cpdm');
    expect(search).toContain('aspect_ratio=wide');
  });

  test('wikimedia sends a descriptive User-Agent, uses the scaled copy, strips HTML and skips PDFs', async () => {
    const provider = await wikimediaProvider.setup({ url: servers.wikimediaUrl });
    const found = await provider.search('blood cells', { count: 5 });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ url: expect.stringContaining('/images/commons-thumb.jpg'), author: 'Micro Lab & friends', license: 'CC BY-SA 4.0', title: 'Human red blood cells', width: 1600 });
    expect(found[1]).toMatchObject({ license: 'Public domain', title: 'Blood smear' });
    const request = servers.requests.filter((r) => r.startsWith('wikimedia GET /w/api.php')).at(-1)!;
    expect(request).toContain('generator=search');
    expect(request).toContain('gsrnamespace=6');
    expect(request).toContain('iiprop=url%7Csize%7Cmime%7Cextmetadata');
  });

  test('wikimedia without our User-Agent is refused (like the real site) and reported', async () => {
    const provider = await wikimediaProvider.setup({ url: servers.wikimediaUrl, userAgent: 'node' });
    await expect(provider.search('blood', { count: 1 })).rejects.toMatchObject({ code: 'provider-failed', reason: 'missing-key' });
  });

  test('wikimedia license filter keeps only allowed licenses', async () => {
    const provider = await wikimediaProvider.setup({ url: servers.wikimediaUrl, licenses: ['pdm'] });
    const found = await provider.search('blood cells', { count: 5 });
    expect(found.map((c) => c.license)).toEqual(['Public domain']);
  });

  test('keyed providers without a key fail at setup naming the variable', async () => {
    const saved = { p: process.env.PEXELS_API_KEY, u: process.env.UNSPLASH_ACCESS_KEY };
    delete process.env.PEXELS_API_KEY;
    delete process.env.UNSPLASH_ACCESS_KEY;
    try {
      await expect(pexelsProvider.setup({ url: servers.pexelsUrl })).rejects.toMatchObject({ code: 'bad-option', message: expect.stringContaining('PEXELS_API_KEY') });
      await expect(unsplashProvider.setup({ url: servers.unsplashUrl })).rejects.toMatchObject({ code: 'bad-option', message: expect.stringContaining('UNSPLASH_ACCESS_KEY') });
    } finally {
      if (saved.p !== undefined) process.env.PEXELS_API_KEY = saved.p;
      if (saved.u !== undefined) process.env.UNSPLASH_ACCESS_KEY = saved.u;
    }
  });

  test('pexels sends the key and maps orientation; uses large2x', async () => {
    const provider = await pexelsProvider.setup({ url: servers.pexelsUrl, apiKey: TEST_PEXELS_KEY });
    const found = await provider.search('microscope', { count: 2, orientation: 'square' });
    expect(found[0]).toMatchObject({ url: expect.stringContaining('pexels-large2x.jpg'), author: 'Chokniti Khongchum', license: 'Pexels License' });
    expect(found[1]!.title).toBeUndefined();
    expect(servers.requests.filter((r) => r.startsWith('pexels GET /v1/search')).at(-1)).toContain('orientation=square');
  });

  test('unsplash triggers download tracking with the key when a photo is used, and links back with referral', async () => {
    const provider = await unsplashProvider.setup({ url: servers.unsplashUrl, apiKey: TEST_UNSPLASH_KEY });
    const [candidate] = await provider.search('microscope', { count: 1, orientation: 'square' });
    expect(candidate!.sourceUrl).toBe('https://unsplash.com/photos/LBI7cgq3pbM?utm_source=lectra&utm_medium=referral');
    expect(servers.requests.filter((r) => r.startsWith('unsplash GET /search/photos')).at(-1)).toContain('orientation=squarish');
    const before = servers.requests.filter((r) => r.includes('/photos/LBI7cgq3pbM/download')).length;
    await provider.fetch(candidate!, { maxBytes: 10 * 1024 * 1024 });
    expect(servers.requests.filter((r) => r.includes('/photos/LBI7cgq3pbM/download?ixid=abc')).length).toBe(before + 1);
  });

  test('local ranks files by shared words and ignores non-images', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'lectra-local-rank-'));
    try {
      await writeLocalImages(folder);
      const provider = await localProvider.setup({ folder });
      const found = await provider.search('Blood cells under the microscope', { count: 5 });
      expect(found.map((c) => path.basename(c.url))).toEqual(['red-blood-cells.png', 'blood_pressure_chart.png']);
      expect(await provider.search('quantum entanglement', { count: 5 })).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('local without a folder, or with a missing one, says how to fix it', async () => {
    await expect(localProvider.setup({})).rejects.toMatchObject({ code: 'bad-option' });
    await expect(localProvider.setup({ folder: '/no/such/folder' })).rejects.toMatchObject({ code: 'file-not-found' });
  });

  test('none finds nothing', async () => {
    const provider = await noneProvider.setup({});
    expect(await provider.search('anything', { count: 3 })).toEqual([]);
  });

  test('generated uses the slide context and orientation', async () => {
    const provider = await generatedProvider.setup({});
    const [candidate] = await provider.search('ignored query', { count: 1, orientation: 'portrait', context: { title: 'Rockets', keywords: ['rocket'], theme: 'dark' } });
    expect(candidate).toMatchObject({ width: 900, height: 1200, title: 'Rockets', provider: 'generated' });
    const image = await provider.fetch(candidate!, { maxBytes: 1024 });
    expect(image).toMatchObject({ width: 900, height: 1200, mime: 'image/png' });
  });
});
