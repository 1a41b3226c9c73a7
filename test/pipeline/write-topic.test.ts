import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTopic, type TopicWriteOptions } from '../../src/pipeline/write-topic.js';
import type { RecordedRequest } from '../servers/llm-server.js';
import { defaultLlmResponder } from '../servers/llm-responder.js';
import { catchError, chatRequests, makeProvider, userPrompt, useLlmServers } from '../llm/helpers.js';
import { testWriterContext, wholeDeck } from './written-deck.js';

const serve = useLlmServers();
const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-write-topic-'));
afterAll(() => fs.rmSync(cacheRoot, { recursive: true, force: true }));

/** Most requests in flight at once, from the recorded start/end times. */
function maxOverlap(requests: RecordedRequest[]): number {
  const events = requests.flatMap((r) => [
    { at: r.start, delta: 1 },
    { at: r.end!, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}

const options = (slides: number, more: Partial<TopicWriteOptions> = {}): TopicWriteOptions => ({ slides, lang: 'en', schedule: 'per-slide', minutes: undefined, audience: 'university students', ...more });

describe('writeTopic', () => {
  it('streams the outline and starts slides as they arrive, never more than `concurrency` calls at once', async () => {
    const server = await serve({ latencyMsPerToken: 2, firstTokenMs: 20 });
    const provider = await makeProvider('ollama', server.url);
    const deck = await wholeDeck(writeTopic('AI in Healthcare', options(6, { minutes: 4, audience: 'medical students' }), testWriterContext(provider, { concurrency: 3 })));

    expect(deck.version).toBe(2);
    expect(deck.title).toBe('AI in Healthcare');
    expect(deck.slides).toHaveLength(7);
    expect(deck.slides[0]).toMatchObject({ title: 'AI in Healthcare', subtitle: 'A short lecture for medical students' });
    expect(deck.slides[0]!.narration).toContain('Welcome');
    for (const slide of deck.slides.slice(1)) {
      expect(slide.blocks).toEqual([expect.objectContaining({ type: 'list' })]);
      expect(slide.narration.split(/\s+/).length).toBeGreaterThanOrEqual(100); // 4 min * 150 / 6 = 100 words
      expect(slide.imageQueries?.length).toBeGreaterThan(0);
    }

    const calls = chatRequests(server);
    expect(calls).toHaveLength(7);
    const [outline, ...slides] = calls;
    expect(userPrompt(outline!.body)).toContain('Number of slides: 6');
    expect(userPrompt(outline!.body)).toContain('Lecture length: 4 minutes');
    for (const call of slides) {
      expect(userPrompt(call.body)).toContain('Slide title:');
      expect(userPrompt(call.body)).toContain('Target words: 100');
    }
    // The first slide is written while the outline is still streaming; the outline holds a slot too.
    expect(slides[0]!.start).toBeLessThan(outline!.end!);
    expect(maxOverlap(calls)).toBe(3);
  });

  it('--schedule staged: no slide is written before the whole outline is in', async () => {
    const server = await serve({ latencyMsPerToken: 1 });
    const provider = await makeProvider('ollama', server.url);
    await wholeDeck(writeTopic('Tides', options(4, { schedule: 'staged' }), testWriterContext(provider, { concurrency: 3 })));
    const [outline, ...slides] = chatRequests(server);
    for (const call of slides) expect(call.start).toBeGreaterThanOrEqual(outline!.end!);
  });

  it('asks for content in the requested language', async () => {
    const server = await serve({});
    const provider = await makeProvider('openai', server.url);
    await wholeDeck(writeTopic('Les volcans', options(2, { lang: 'fr' }), testWriterContext(provider)));
    for (const call of chatRequests(server)) expect(userPrompt(call.body)).toContain('French (fr)');
  });

  it('a slide that fails rejects alone, naming itself; the other slides are written', async () => {
    const server = await serve({
      latencyMsPerToken: 0,
      // Slide 3's answer is always malformed: it fails after its one follow-up.
      responder: (request) => (/^Slide number: 3 of/m.test(request.prompt) ? { bullets: [] } : defaultLlmResponder(request)),
    });
    const provider = await makeProvider('ollama', server.url);
    const written = writeTopic('Tides', options(5), testWriterContext(provider, { concurrency: 1 }));
    const settled = await Promise.allSettled(written.slides);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const error = (settled[3] as PromiseRejectedResult).reason;
    expect(error).toMatchObject({ code: 'llm-bad-output', slide: 4 }); // deck slide 4 = content slide 3
    expect(error.message).toContain('Slide 4 (content slide 3 of 5');
    expect((await written.header).title).toBe('Tides');
  });

  it("stops with 'aborted' when the caller cancels; slides already written stay written", async () => {
    const server = await serve({ latencyMsPerToken: 2 });
    const provider = await makeProvider('ollama', server.url);
    const controller = new AbortController();
    const written = writeTopic('Tides', options(6), testWriterContext(provider, { concurrency: 1, signal: controller.signal }));
    const first = await written.slides[1]!;
    controller.abort();
    const settled = await Promise.allSettled(written.slides);
    expect(first.title).toBe('What Tides is');
    expect(settled[1]!.status).toBe('fulfilled');
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect(r.reason).toMatchObject({ code: 'aborted' });
    expect(chatRequests(server).length).toBeLessThanOrEqual(4);
  });

  it('an outline failure rejects the header and every slide with its own code and fix', async () => {
    const server = await serve({ models: ['other'] });
    const provider = await makeProvider('ollama', server.url);
    const written = writeTopic('Tides', options(2), testWriterContext(provider));
    const error = await catchError(written.header);
    expect(error.code).toBe('llm-model-missing');
    expect(error.message).toContain('ollama pull llama3.1');
    for (const result of await Promise.allSettled(written.slides)) expect(result).toMatchObject({ status: 'rejected', reason: { code: 'llm-model-missing' } });
  });

  it('a second run with the same cache asks the LLM nothing and writes the same deck', async () => {
    const server = await serve({});
    const provider = await makeProvider('ollama', server.url);
    const cacheDir = path.join(cacheRoot, 'cache');
    const first = await wholeDeck(writeTopic('Tides', options(3), testWriterContext(provider, { cacheDir })));
    const asked = chatRequests(server).length;
    const second = await wholeDeck(writeTopic('Tides', options(3), testWriterContext(provider, { cacheDir })));
    expect(chatRequests(server)).toHaveLength(asked);
    expect(second).toEqual(first);
  });
});
