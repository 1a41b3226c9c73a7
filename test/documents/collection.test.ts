import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCollection, openCollection } from '../../src/documents/collection.js';
import { createEmbeddingProvider } from '../../src/documents/embedding-provider.js';
import { startEmbeddingServer, type EmbeddingServer } from '../servers/embedding-server.js';
import { makeDocx, makeFactsPdf } from './make-fixtures.js';
import { rejection as errorOf } from '../support/rejection.js';

let dir: string;
let pdf: string;
let docx: string;
let server: EmbeddingServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-collection-'));
  pdf = path.join(dir, 'facts.pdf');
  docx = path.join(dir, 'lab.docx');
  await makeFactsPdf(pdf);
  await makeDocx(docx);
  server = await startEmbeddingServer();
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});


describe('collection on disk', () => {
  it('finds the page-3 fact first for a question about it (BM25), and survives a reopen', async () => {
    const store = path.join(dir, 'store-bm25');
    const collection = await openCollection(store);
    const result = await collection.add([pdf, docx]);
    expect(result.added.map((d) => d.name)).toEqual(['facts.pdf', 'lab.docx']);
    const hits = await collection.search('Which power station turns carbon dioxide into rock?', { k: 3 });
    expect(hits[0]!.chunk).toMatchObject({ file: 'facts.pdf', page: 3, heading: 'Geothermal Energy' });
    expect(hits[0]!.keywordRank).toBe(1);

    const reopened = await openCollection(store);
    expect(reopened.list().map((d) => d.name)).toEqual(['facts.pdf', 'lab.docx']);
    const again = await reopened.search('Which power station turns carbon dioxide into rock?', { k: 1 });
    expect(again[0]!.chunk.id).toBe(hits[0]!.chunk.id);
    const acid = await reopened.search('acid and water', { k: 1 });
    expect(acid[0]!.chunk).toMatchObject({ file: 'lab.docx', heading: 'Handling Acids' });
  });

  it('re-adding an unchanged file changes nothing; removing by name drops its chunks', async () => {
    const store = path.join(dir, 'store-remove');
    const collection = await openCollection(store);
    await collection.add([pdf, docx]);
    const again = await collection.add([pdf]);
    expect(again.unchanged.map((d) => d.name)).toEqual(['facts.pdf']);
    const removed = await collection.remove('lab.docx');
    expect(removed.map((d) => d.name)).toEqual(['lab.docx']);
    expect(collection.chunks().every((c) => c.file === 'facts.pdf')).toBe(true);
    expect((await openCollection(store)).list().map((d) => d.name)).toEqual(['facts.pdf']);
    expect((await errorOf(collection.remove('nothing.pdf'))).code).toBe('bad-input');
  });

  it('adds all or nothing: one bad file leaves the collection and its folder as they were', async () => {
    const store = path.join(dir, 'store-atomic');
    const collection = await openCollection(store);
    await collection.add([pdf]);
    const before = (await readdir(store)).sort();
    await writeFile(path.join(dir, 'broken.docx'), Buffer.from('definitely not a zip file'));
    const error = await errorOf(collection.add([docx, path.join(dir, 'broken.docx')]));
    expect(error.code).toBe('corrupt-document');
    expect(collection.list().map((d) => d.name)).toEqual(['facts.pdf']);
    const reopened = await openCollection(store);
    expect(reopened.list().map((d) => d.name)).toEqual(['facts.pdf']);
    expect((await readdir(store)).sort()).toEqual(before);
  });

  it('an embedding server failure commits nothing either', async () => {
    const failing = await startEmbeddingServer({ failFirst: 100 });
    try {
      const store = path.join(dir, 'store-embed-fail');
      const embedder = createEmbeddingProvider({ provider: 'ollama', url: failing.url });
      const collection = await openCollection(store, { embedder });
      const error = await errorOf(collection.add([pdf]));
      expect(error.code).toBe('embedding-failed');
      expect((await openCollection(store)).list()).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  for (const provider of ['ollama', 'openai'] as const) {
    it(`ranks with BM25 + ${provider} embeddings fused (reciprocal rank fusion)`, async () => {
      const url = provider === 'ollama' ? server.url : `${server.url}/v1`;
      const embedder = createEmbeddingProvider({ provider, url, apiKey: 'k' });
      const store = path.join(dir, `store-${provider}`);
      const collection = await openCollection(store, { embedder });
      await collection.add([pdf, docx]);
      expect(collection.hasEmbeddings).toBe(true);
      const hits = await collection.search('Hellisheidi station carbon dioxide basalt', { k: 3 });
      expect(hits[0]!.chunk.page).toBe(3);
      expect(hits[0]!.vectorRank).toBe(1);
      expect(hits[0]!.keywordRank).toBe(1);
      const paths = server.requests.map((r) => r.path);
      expect(paths).toContain(provider === 'ollama' ? '/api/embed' : '/v1/embeddings');
      // Vectors persist: a reopened collection searches without re-embedding the chunks.
      const count = server.requests.length;
      const reopened = await openCollection(store, { embedder });
      const again = await reopened.search('puffins on cliffs', { k: 1 });
      expect(again[0]!.chunk.page).toBe(4);
      expect(server.requests.length).toBe(count + 1);
    });
  }

  it('refuses to mix embedding models at search time', async () => {
    const store = path.join(dir, 'store-ollama');
    const other = createEmbeddingProvider({ provider: 'ollama', url: server.url, model: 'text-embedding-3-small' });
    const collection = await openCollection(store, { embedder: other });
    expect((await errorOf(collection.search('puffins'))).code).toBe('bad-option');
  });

  it('names a missing embedding model and the fix', async () => {
    const embedder = createEmbeddingProvider({ provider: 'ollama', url: server.url, model: 'no-such-model' });
    const error = await errorOf(embedder.embed(['x']));
    expect(error.code).toBe('llm-model-missing');
    expect(error.message).toMatch(/ollama pull no-such-model/);
  });

  it('works in memory too, with uploads given as bytes', async () => {
    const collection = memoryCollection();
    await collection.add([{ name: 'notes.md', bytes: Buffer.from('# Tides\n\nThe Moon pulls the oceans twice a day.') }]);
    const hits = await collection.search('moon oceans');
    expect(hits[0]!.chunk).toMatchObject({ file: 'notes.md', heading: 'Tides' });
  });
});
