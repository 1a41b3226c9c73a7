import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, removeDir, startTestServer, waitForState, type TestServer } from './helpers.js';

const slide = (extra: Record<string, unknown> = {}) => ({ title: 'A slide', ...extra });
const deckOf = (slides: unknown[]) => ({ version: 2, title: 'Limits', slides });
const image = (src = 'images/x.png') => ({ type: 'image', src });
const images = (n: number) => Array.from({ length: n }, () => image());
const list = (items: unknown[]) => ({ type: 'list', items });

describe('size limits on what a request can grow', () => {
  let api: TestServer;
  let jobId: string;

  beforeAll(async () => {
    api = await startTestServer();
    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: deckOf([slide()]), options: { only: ['deck'] } } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    jobId = created.body.id;
    expect((await waitForState(api.url, jobId, ['done', 'failed'])).state).toBe('done');
  });
  afterAll(async () => {
    await api?.close();
    if (api) await removeDir(api.dataDir);
  });

  it('refuses a 60,000-slide deck on POST /jobs and PUT /jobs/:id/deck, naming the field', async () => {
    const huge = deckOf(Array.from({ length: 60_000 }, () => ({ title: 'Slide title' })));
    expect(JSON.stringify(huge).length).toBeGreaterThan(1_200_000);
    const posted = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: huge } });
    expect(posted.status).toBe(400);
    expect(posted.body.error).toMatchObject({ code: 'bad-deck', field: 'slides', details: ['slides: at most 500 slides (got 60000)'] });
    expect(posted.body.error.message).toContain('slides: at most 500 slides (got 60000)');
    const put = await json(`${api.url}/jobs/${jobId}/deck`, { method: 'PUT', body: huge });
    expect(put.status).toBe(400);
    expect(put.body.error.field).toBe('slides');
    expect(put.body.error.message).toContain('at most 500 slides (got 60000)');
    // Nothing was stored for the refused submission, and the job is as it was.
    expect(await readdir(path.join(api.dataDir, 'jobs'))).toEqual([jobId]);
    expect((await json(`${api.url}/jobs/${jobId}`)).body).toMatchObject({ state: 'done', run: 1 });
    // 500 slides is still fine (validated, not rendered here: the queue takes it).
    const edge = await json(`${api.url}/jobs/${jobId}/deck`, { method: 'PUT', body: deckOf(Array.from({ length: 500 }, () => ({ title: 'x' }))) });
    expect(edge.status, JSON.stringify(edge.body)).toBe(202);
    await waitForState(api.url, jobId, ['done', 'failed']);
    // An old (version 1) deck.json is taken too, migrated, and held to the same limits.
    const old = await json(`${api.url}/jobs/${jobId}/deck`, { method: 'PUT', body: { version: 1, title: 'Old', slides: [{ title: 'One', bullets: [{ text: 'a point' }] }] } });
    expect(old.status, JSON.stringify(old.body)).toBe(202);
    await waitForState(api.url, jobId, ['done', 'failed']);
    const oldHuge = await json(`${api.url}/jobs/${jobId}/deck`, { method: 'PUT', body: { version: 1, slides: Array.from({ length: 501 }, () => ({ title: 'x' })) } });
    expect(oldHuge.status).toBe(400);
    expect(oldHuge.body.error.field).toBe('slides');
    expect(oldHuge.body.error.message).toContain('at most 500 slides (got 501)');
  });

  it('limits blocks, list items, tables, text lengths and pictures per deck, one field named each time', async () => {
    const cases: Array<[unknown[], string, string]> = [
      [[slide({ blocks: Array.from({ length: 61 }, (_, i) => ({ type: 'paragraph', text: `Point ${i}` })) })], 'slides[0].blocks', 'at most 60 blocks (got 61)'],
      [
        [slide({ blocks: [{ type: 'columns', columns: [[{ type: 'paragraph', text: 'left' }], Array.from({ length: 61 }, () => ({ type: 'paragraph', text: 'right' }))] }] })],
        'slides[0].blocks[0].columns[1]',
        'at most 60 blocks (got 61)',
      ],
      [[slide(), slide({ blocks: [list(Array.from({ length: 201 }, (_, i) => ({ text: `Item ${i}` })))] })], 'slides[1].blocks[0].items', 'at most 200 list items (got 201)'],
      [[slide({ blocks: [{ type: 'table', header: Array.from({ length: 21 }, (_, i) => `C${i}`) }] })], 'slides[0].blocks[0].header', 'at most 20 columns (got 21)'],
      [[slide({ blocks: [{ type: 'table', header: ['A', 'B'], rows: Array.from({ length: 201 }, () => ['a', 'b']) }] })], 'slides[0].blocks[0].rows', 'at most 200 table rows (got 201)'],
      [[slide({ blocks: [{ type: 'table', header: ['A'], rows: [['a'], Array.from({ length: 21 }, () => 'x')] }] })], 'slides[0].blocks[0].rows[1]', 'at most 20 cells (got 21)'],
      [[slide({ title: 't'.repeat(301) })], 'slides[0].title', 'at most 300 characters (got 301)'],
      [[slide(), slide({ blocks: [{ type: 'paragraph', text: 'p' }, list([{ text: 'b'.repeat(1001) }])] })], 'slides[1].blocks[1].items[0].text', 'at most 1000 characters (got 1001)'],
      [[slide(), slide({ narration: 'n'.repeat(10_001) })], 'slides[1].narration', 'at most 10000 characters (got 10001)'],
      [[slide({ blocks: [{ type: 'code', lang: 'js', text: 'c'.repeat(20_001) }] })], 'slides[0].blocks[0].text', 'at most 20000 characters (got 20001)'],
      // Pictures are counted per deck, not per slide: 60 + 39 + two inside columns = 101.
      [
        [slide({ blocks: images(60) }), slide({ blocks: [...images(39), { type: 'columns', columns: [[image()], [image()]] }] })],
        'slides[1].blocks',
        'at most 100 pictures per deck (this deck has 101)',
      ],
    ];
    for (const [slides, field, message] of cases) {
      const answer = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: deckOf(slides) } });
      expect(answer.status, field).toBe(400);
      expect(answer.body.error.field).toBe(field);
      expect(answer.body.error.details[0]).toContain(`${field}`);
      expect(answer.body.error.details[0]).toContain(message);
    }
    // A version 1 deck is held to the same limits (checked after it is migrated to blocks).
    const v1 = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: { version: 1, slides: [{ title: 'Old', bullets: Array.from({ length: 201 }, (_, i) => ({ text: `Point ${i}` })) }] } } });
    expect(v1.status).toBe(400);
    expect(v1.body.error.code).toBe('bad-deck');
    expect(v1.body.error.details[0]).toContain('at most 200 list items (got 201)');
  });

  it('applies the same limits to notes after parsing them', async () => {
    const notes = Array.from({ length: 501 }, (_, i) => `# Slide ${i + 1}\n`).join('\n---\n\n');
    const answer = await json(`${api.url}/jobs`, { method: 'POST', body: { notes } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'bad-deck', field: 'slides', details: ['slides: at most 500 slides (got 501)'] });
    const long = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: `# Title\n\n- ${'w'.repeat(1001)}\n` } });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('slides[0].blocks[0].items[0].text');
    const tooLong = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: `# T\n\n${'word '.repeat(200_001)}` } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ field: 'notes' });
    expect(tooLong.body.error.message).toContain('at most 1000000 characters (got 1000010)');
    expect((await json(`${api.url}/health`)).status).toBe(200);
  });

  it('documents the limits in /openapi.json', async () => {
    const { body } = await json(`${api.url}/openapi.json`);
    const deck = body.components.schemas.Deck;
    expect(deck.properties.slides).toMatchObject({ maxItems: 500, minItems: 1 });
    const slideSchema = deck.properties.slides.items;
    expect(slideSchema.properties.title.maxLength).toBe(300);
    expect(slideSchema.properties.blocks.maxItems).toBe(60);
    const blockOf = (type: string) => slideSchema.properties.blocks.items.oneOf.find((b: any) => b.properties.type.const === type);
    expect(blockOf('list').properties.items.maxItems).toBe(200);
    expect(blockOf('list').properties.items.items.properties.text.maxLength).toBe(1000);
    expect(blockOf('table').properties.header.maxItems).toBe(20);
    expect(blockOf('table').properties.rows.maxItems).toBe(200);
    expect(blockOf('code').properties.text.maxLength).toBe(20000);
    expect(blockOf('columns').properties.columns.items.maxItems).toBe(60);
    expect(slideSchema.properties.narration.maxLength).toBe(10000);
    expect(deck.properties.slides.description).toContain('100 pictures');
    const put = body.paths['/jobs/{id}/deck'].put.requestBody.content['application/json'].schema;
    expect(put.properties.slides.maxItems).toBe(500);
    const post = body.paths['/jobs'].post.requestBody.content['application/json'].schema;
    expect(post.properties.notes.maxLength).toBe(1000000);
    expect(post.properties.deck.description).toContain('at most 500 slides');
  });
});
