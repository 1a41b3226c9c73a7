import { afterEach, describe, expect, it } from 'vitest';
import type { SlideInput } from '../../src/deck/schema.js';
import { generateTopicDeck, getPartialDeck, TopicDeckError } from '../../src/llm/generate-topic-deck.js';
import { startLlmServer, type LlmServer, type LlmServerOptions, type RecordedRequest } from '../servers/llm-server.js';
import { defaultLlmResponder } from '../servers/llm-responder.js';
import { catchError, chatRequests, makeProvider, userPrompt } from './helpers.js';

const servers: LlmServer[] = [];
async function serve(options: LlmServerOptions): Promise<LlmServer> {
  const server = await startLlmServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

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

describe('generateTopicDeck', () => {
  it('writes the outline first, then slides in parallel, never more than `concurrency` at once', async () => {
    const server = await serve({ latencyMsPerToken: 1, firstTokenMs: 20 });
    const provider = await makeProvider('ollama', server.url);
    const seen: Array<[number, SlideInput]> = [];
    const deck = await generateTopicDeck(provider, {
      topic: 'AI in Healthcare',
      slides: 6,
      concurrency: 3,
      minutes: 4,
      audience: 'medical students',
      onSlide: (index, slide) => seen.push([index, slide]),
    });

    expect(deck.version).toBe(1);
    expect(deck.title).toBe('AI in Healthcare');
    expect(deck.slides).toHaveLength(7);
    expect(deck.slides[0]).toMatchObject({ layout: 'title', title: 'AI in Healthcare', subtitle: 'A short lecture for medical students' });
    expect(deck.slides[0]!.narration).toContain('Welcome');
    for (const slide of deck.slides.slice(1)) {
      expect(slide.bullets.length).toBeGreaterThan(0);
      expect(slide.narration.split(/\s+/).length).toBeGreaterThanOrEqual(100); // 4 min * 150 / 6 = 100 words
      expect(slide.imageQueries?.length).toBeGreaterThan(0);
    }
    expect(seen.map(([index]) => index).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(seen[0]![0]).toBe(0);

    const calls = chatRequests(server);
    expect(calls).toHaveLength(7);
    const [outline, ...slides] = calls;
    expect(userPrompt(outline!.body)).toContain('Number of slides: 6');
    expect(userPrompt(outline!.body)).toContain('Lecture length: 4 minutes');
    for (const call of slides) {
      expect(userPrompt(call.body)).toContain('Slide title:');
      expect(userPrompt(call.body)).toContain('Target words: 100');
      expect(call.start).toBeGreaterThanOrEqual(outline!.end!);
    }
    expect(maxOverlap(slides)).toBe(3);
    // A queued slide starts as soon as any slot frees: the 4th starts before the last of the first 3 ends.
    const firstThreeEnds = slides.slice(0, 3).map((r) => r.end!);
    expect(slides[3]!.start).toBeLessThan(Math.max(...firstThreeEnds) + 5);
  });

  it('asks for content in the requested language', async () => {
    const server = await serve({});
    const provider = await makeProvider('openai', server.url);
    await generateTopicDeck(provider, { topic: 'Les volcans', slides: 2, lang: 'fr', concurrency: 2 });
    for (const call of chatRequests(server)) expect(userPrompt(call.body)).toContain('French (fr)');
  });

  it('keeps the finished slides on the error when one slide fails', async () => {
    const server = await serve({
      latencyMsPerToken: 0,
      responder: (request) =>
        // Slide 3's answer is always malformed: it fails after its one follow-up.
        /^Slide number: 3 of/m.test(request.prompt) ? { bullets: [] } : defaultLlmResponder(request),
    });
    const provider = await makeProvider('ollama', server.url);
    const error = await catchError(generateTopicDeck(provider, { topic: 'Tides', slides: 5, concurrency: 1 }));
    expect(error).toBeInstanceOf(TopicDeckError);
    expect(error.code).toBe('llm-bad-output');
    expect(error.slide).toBe(4); // deck slide 4 = content slide 3
    expect(error.message).toContain('Slide 3 of 5');
    const partial = getPartialDeck(new Error('wrapped', { cause: error }))!;
    expect(partial.outline?.slides).toHaveLength(5);
    expect(partial.slides.map((s) => s?.title ?? null)).toEqual([
      'Tides',
      'What Tides is',
      'Why Tides matters',
      null,
      null, // not started after the failure
      null,
    ]);
  });

  it("stops with 'aborted' and keeps what was written when the caller cancels", async () => {
    const server = await serve({ latencyMsPerToken: 2 });
    const provider = await makeProvider('ollama', server.url);
    const controller = new AbortController();
    const error = await catchError(
      generateTopicDeck(provider, {
        topic: 'Tides',
        slides: 6,
        concurrency: 1,
        signal: controller.signal,
        onSlide: (index) => index === 1 && controller.abort(),
      }),
    );
    expect(error.code).toBe('aborted');
    const partial = getPartialDeck(error)!;
    expect(partial.slides[0]?.title).toBe('Tides');
    expect(partial.slides[1]).toBeDefined();
    expect(partial.slides.slice(2).every((s) => s === undefined)).toBe(true);
    expect(chatRequests(server).length).toBeLessThanOrEqual(3);
  });

  it('reports an outline failure with its own code and fix', async () => {
    const server = await serve({ models: ['other'] });
    const provider = await makeProvider('ollama', server.url);
    const error = await catchError(generateTopicDeck(provider, { topic: 'Tides', slides: 2 }));
    expect(error.code).toBe('llm-model-missing');
    expect(error.message).toContain('ollama pull llama3.1');
    expect(getPartialDeck(error)?.slides.every((s) => s === undefined)).toBe(true);
  });
});
