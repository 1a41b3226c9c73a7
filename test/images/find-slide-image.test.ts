import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ImageProvider } from '../../src/images/contract.js';
import { findSlideImage, slideImageQueries, type FallbackInfo } from '../../src/images/find-slide-image.js';
import { generatedProvider } from '../../src/images/providers/generated.js';
import { noneProvider } from '../../src/images/providers/none.js';
import { openverseProvider } from '../../src/images/providers/openverse.js';
import { wikimediaProvider } from '../../src/images/providers/wikimedia.js';
import { startImageServers, type ImageServerOptions, type ImageServers } from '../servers/image-servers.js';

const REQUEST = { slideIndex: 2, queries: ['red blood cells'], title: 'Red blood cells', keywords: ['blood', 'cells'], theme: 'light' as const };

let cacheDir: string;
let servers: ImageServers | undefined;
beforeEach(async () => {
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'lectra-find-image-'));
});
afterEach(async () => {
  await servers?.close();
  servers = undefined;
  await rm(cacheDir, { recursive: true, force: true });
});

/** The auto chain against local servers where only Openverse misbehaves. */
async function chain(faults: ImageServerOptions, timeoutMs = 5000): Promise<ImageProvider[]> {
  servers = await startImageServers({ ...faults, only: ['openverse'] });
  return [
    await openverseProvider.setup({ url: servers.openverseUrl, timeoutMs }),
    await wikimediaProvider.setup({ url: servers.wikimediaUrl, timeoutMs }),
    await generatedProvider.setup({}),
  ];
}

async function find(providers: ImageProvider[], signal?: AbortSignal): Promise<{ result: Awaited<ReturnType<typeof findSlideImage>>; fallbacks: FallbackInfo[] }> {
  const fallbacks: FallbackInfo[] = [];
  const result = await findSlideImage(REQUEST, providers, { cacheDir, signal, onFallback: (info) => fallbacks.push(info) });
  return { result, fallbacks };
}

describe('findSlideImage', () => {
  test('takes the first provider that answers and stores the file by content hash', async () => {
    const { result, fallbacks } = await find(await chain({}));
    expect(fallbacks).toEqual([]);
    expect(result).toMatchObject({ provider: 'openverse', credit: { author: 'Jane Doe', license: 'CC BY 2.0', provider: 'openverse' } });
    const bytes = await readFile(result!.path);
    expect(path.basename(result!.path)).toBe(`${createHash('sha256').update(bytes).digest('hex')}.jpg`);
    expect((await sharp(bytes).metadata()).width).toBe(800);
    expect((await readdir(cacheDir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('the same image twice is one file', async () => {
    const providers = await chain({});
    const first = await find(providers);
    const second = await find(providers);
    expect(second.result!.path).toBe(first.result!.path);
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  test.each([
    ['timeout', { delayMs: 1500 }, 'timeout'],
    ['hang', { hang: true }, 'timeout'],
    ['429', { status: 429 }, 'rate-limited'],
    ['500', { status: 500 }, 'server-error'],
    ['HTML instead of an image', { htmlAsImage: true }, 'not-an-image'],
    ['a 20 MB image', { hugeImage: true }, 'too-big'],
  ] as const)('%s → falls back to the next provider and says why', async (_name, faults, reason) => {
    const { result, fallbacks } = await find(await chain(faults, 400));
    expect(fallbacks).toEqual([{ provider: 'openverse', reason, message: expect.any(String) }]);
    expect(result).toMatchObject({ provider: 'wikimedia', credit: { license: 'CC BY-SA 4.0' } });
  });

  test('a provider-wide failure is not retried per candidate', async () => {
    const providers = await chain({ status: 500 });
    await find(providers);
    expect(servers!.requests.filter((r) => r.startsWith('openverse'))).toHaveLength(1);
  });

  test('bad files are tried candidate by candidate (at most three)', async () => {
    const providers = await chain({ htmlAsImage: true });
    await find(providers);
    expect(servers!.requests.filter((r) => r.startsWith('openverse GET /images/'))).toHaveLength(2);
  });

  test('when every network provider fails, the generated illustration is used', async () => {
    servers = await startImageServers({ status: 503 });
    const providers = [
      await openverseProvider.setup({ url: servers.openverseUrl }),
      await wikimediaProvider.setup({ url: servers.wikimediaUrl }),
      await generatedProvider.setup({}),
    ];
    const { result, fallbacks } = await find(providers);
    expect(fallbacks.map((f) => `${f.provider}:${f.reason}`)).toEqual(['openverse:server-error', 'wikimedia:server-error']);
    expect(result).toMatchObject({ provider: 'generated', credit: { provider: 'generated' } });
    expect(path.extname(result!.path)).toBe('.png');
  });

  test('none gives no picture and reports no-results', async () => {
    const { result, fallbacks } = await find([await noneProvider.setup({})]);
    expect(result).toBeUndefined();
    expect(fallbacks).toEqual([{ provider: 'none', reason: 'no-results', message: expect.any(String) }]);
  });

  test("cancelling mid-request rejects with 'aborted' and reports no fallback", async () => {
    const providers = await chain({ hang: true }, 10_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const fallbacks: FallbackInfo[] = [];
    await expect(findSlideImage(REQUEST, providers, { cacheDir, signal: controller.signal, onFallback: (f) => fallbacks.push(f) })).rejects.toMatchObject({ code: 'aborted' });
    expect(fallbacks).toEqual([]);
  });
});

describe('slideImageQueries', () => {
  test('uses the slide imageQueries when given', () => {
    expect(slideImageQueries({ title: 'X', blocks: [], imageQueries: [' red blood cells ', 'hemoglobin', 'hemoglobin'] })).toEqual(['red blood cells', 'hemoglobin']);
  });

  test('else the title words, then title plus bullet nouns, then one word', () => {
    const queries = slideImageQueries({
      title: 'How **Photosynthesis** Works',
      blocks: [
        {
          type: 'list',
          ordered: false,
          start: 1,
          items: [
            { text: 'Chlorophyll absorbs the light', level: 0 },
            { text: 'Glucose is made from `CO2` and water', level: 0 },
          ],
        },
      ],
    });
    expect(queries).toEqual(['photosynthesis', 'photosynthesis chlorophyll absorbs']);
  });
});
