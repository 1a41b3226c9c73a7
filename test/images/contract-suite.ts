import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ImageProvider } from '../../src/images/contract.js';

export interface ContractFixture {
  provider: ImageProvider;
  /** A query the provider has an answer for. */
  query: string;
  /** Network providers must credit a license and a source page. */
  network: boolean;
  cleanup?: () => Promise<void>;
}

/** The behaviour every image provider shares; run once per provider. */
export function runImageContractSuite(name: string, makeProvider: () => Promise<ContractFixture>): void {
  describe(`image provider contract: ${name}`, () => {
    let fixture: ContractFixture;
    beforeAll(async () => {
      fixture = await makeProvider();
    });
    afterAll(async () => {
      await fixture?.provider.close();
      await fixture?.cleanup?.();
    });

    test('search returns candidates tagged with the provider id', async () => {
      const found = await fixture.provider.search(fixture.query, { count: 3 });
      expect(found.length).toBeGreaterThan(0);
      expect(found.length).toBeLessThanOrEqual(3);
      for (const candidate of found) {
        expect(candidate.provider).toBe(fixture.provider.id);
        expect(candidate.id).toEqual(expect.any(String));
        expect(candidate.url).toEqual(expect.any(String));
      }
    });

    test('search honours count', async () => {
      const found = await fixture.provider.search(fixture.query, { count: 1 });
      expect(found.length).toBe(1);
    });

    test('fetch returns decodable bytes with their size and a credit', async () => {
      const [candidate] = await fixture.provider.search(fixture.query, { count: 3 });
      const image = await fixture.provider.fetch(candidate!, { maxBytes: 10 * 1024 * 1024 });
      const meta = await sharp(image.bytes).metadata();
      expect(image.width).toBe(meta.width);
      expect(image.height).toBe(meta.height);
      expect(image.width).toBeGreaterThanOrEqual(200);
      expect(image.mime).toMatch(/^image\//);
      expect(image.credit.provider).toBe(fixture.provider.id);
      if (fixture.network) {
        expect(image.credit.license).toBeTruthy();
        expect(image.credit.licenseUrl).toMatch(/^https:\/\//);
        expect(image.credit.sourceUrl).toMatch(/^https:\/\//);
        expect(image.credit.author).toBeTruthy();
      }
    });

    test("an aborted search or fetch rejects with code 'aborted'", async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(fixture.provider.search(fixture.query, { count: 3, signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
      const [candidate] = await fixture.provider.search(fixture.query, { count: 3 });
      await expect(fixture.provider.fetch(candidate!, { maxBytes: 10 * 1024 * 1024, signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
    });
  });
}
