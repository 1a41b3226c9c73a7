import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, removeDir, startTestServer, waitForState, type TestServer } from './helpers.js';

const slide = (extra: Record<string, unknown> = {}) => ({ title: 'A slide', ...extra });
const deckOf = (slides: unknown[]) => ({ version: 1, title: 'Limits', slides });

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
  });

  it('limits bullets, text lengths and images per deck, one field named each time', async () => {
    const cases: Array<[unknown[], string, string]> = [
      [[slide({ bullets: Array.from({ length: 31 }, (_, i) => ({ text: `Point ${i}` })) })], 'slides[0].bullets', 'at most 30 bullets (got 31)'],
      [[slide({ bullets: [{ text: 'p', children: Array.from({ length: 11 }, () => 'c') }] })], 'slides[0].bullets[0].children', 'at most 10 sub-bullets (got 11)'],
      [[slide({ title: 't'.repeat(301) })], 'slides[0].title', 'at most 300 characters (got 301)'],
      [[slide(), slide({ bullets: [{ text: 'b'.repeat(1001) }] })], 'slides[1].bullets[0].text', 'at most 1000 characters (got 1001)'],
      [[slide(), slide({ narration: 'n'.repeat(10_001) })], 'slides[1].narration', 'at most 10000 characters (got 10001)'],
      [[slide({ code: { lang: 'js', text: 'c'.repeat(20_001) } })], 'slides[0].code.text', 'at most 20000 characters (got 20001)'],
      [Array.from({ length: 101 }, () => slide({ image: { src: 'images/x.png' } })), 'slides[100].image', 'at most 100 slides with an image per deck (this is image 101 of 101)'],
    ];
    for (const [slides, field, message] of cases) {
      const answer = await json(`${api.url}/jobs`, { method: 'POST', body: { deck: deckOf(slides) } });
      expect(answer.status, field).toBe(400);
      expect(answer.body.error.field).toBe(field);
      expect(answer.body.error.details[0]).toContain(`${field}`);
      expect(answer.body.error.details[0]).toContain(message);
    }
  });

  it('applies the same limits to notes after parsing them', async () => {
    const notes = Array.from({ length: 501 }, (_, i) => `# Slide ${i + 1}\n`).join('\n---\n\n');
    const answer = await json(`${api.url}/jobs`, { method: 'POST', body: { notes } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'bad-deck', field: 'slides', details: ['slides: at most 500 slides (got 501)'] });
    const long = await json(`${api.url}/jobs`, { method: 'POST', body: { notes: `# Title\n\n- ${'w'.repeat(1001)}\n` } });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('slides[0].bullets[0].text');
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
    expect(slideSchema.properties.bullets.maxItems).toBe(30);
    expect(slideSchema.properties.bullets.items.properties.text.maxLength).toBe(1000);
    expect(slideSchema.properties.narration.maxLength).toBe(10000);
    expect(slideSchema.properties.code.properties.text.maxLength).toBe(20000);
    const put = body.paths['/jobs/{id}/deck'].put.requestBody.content['application/json'].schema;
    expect(put.properties.slides.maxItems).toBe(500);
    const post = body.paths['/jobs'].post.requestBody.content['application/json'].schema;
    expect(post.properties.notes.maxLength).toBe(1000000);
    expect(post.properties.deck.description).toContain('at most 500 slides');
  });
});
