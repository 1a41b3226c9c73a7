import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { LlmProvider } from '../../src/llm/contract.js';
import { generateOutline } from '../../src/llm/generate-slide-content.js';
import type { OutlineSlide } from '../../src/llm/prompts/outline.js';
import { streamOutline, type PartialOutlineHeader } from '../../src/llm/stream-outline.js';
import { defaultLlmResponder } from '../servers/llm-responder.js';
import { catchError, chatRequests, makeProvider, useLlmServers, type Api } from './helpers.js';

const serve = useLlmServers();

interface Call {
  index: number;
  slide: OutlineSlide;
  partial: PartialOutlineHeader;
  at: number;
}

function recorder() {
  const calls: Call[] = [];
  return { calls, onSlide: (index: number, slide: OutlineSlide, partial: PartialOutlineHeader) => calls.push({ index, slide, partial, at: performance.now() }) };
}

const REQUEST = { topic: 'Photosynthesis', slides: 5, audience: 'high school students' };

describe.each<Api>(['ollama', 'openai'])('streamOutline (%s)', (api) => {
  it('hands each slide over as soon as its object closes, long before the outline is complete', async () => {
    const server = await serve({ latencyMsPerToken: 5 });
    const provider = await makeProvider(api, server.url);
    const { calls, onSlide } = recorder();
    const started = performance.now();
    const result = await streamOutline(provider, REQUEST, { onSlide });
    const resolved = performance.now();

    expect(calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
    expect(calls.map((c) => c.slide)).toEqual(result.outline.slides);
    expect(result.emitted).toEqual([0, 1, 2, 3, 4]);
    expect(result.superseded).toEqual([]);
    // The answer is ~260 tokens at 5 ms: slide 0 closes about a third of the way in.
    const total = resolved - started;
    expect(total).toBeGreaterThan(800);
    expect(calls[0]!.at).toBeLessThan(resolved - 400);
    expect(calls[0]!.at - started).toBeLessThan(total * 0.6);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at).toBeGreaterThanOrEqual(calls[i - 1]!.at);
    expect(calls[0]!.partial).toEqual({ title: 'Photosynthesis', subtitle: 'A short lecture for high school students' });
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('returns exactly what generateOutline returns, with the same request', async () => {
    const server = await serve({});
    const provider = await makeProvider(api, server.url);
    const expected = await generateOutline(provider, REQUEST);
    const result = await streamOutline(provider, REQUEST, { onSlide: () => {} });
    expect(result.outline).toEqual(expected);
    const [a, b] = chatRequests(server).map((r) => r.body as Record<string, unknown>);
    expect(b).toEqual(a);
  });

  it('reads a fenced answer wrapped in prose', async () => {
    const server = await serve({ latencyMsPerToken: 1, fenced: true });
    const provider = await makeProvider(api, server.url);
    const { calls, onSlide } = recorder();
    const result = await streamOutline(provider, REQUEST, { onSlide });
    expect(calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
    expect(calls.map((c) => c.slide)).toEqual(result.outline.slides);
    expect(result.emitted).toEqual([0, 1, 2, 3, 4]);
  });

  it('repairs trailing commas, early and in the final outline', async () => {
    const server = await serve({ latencyMsPerToken: 1, trailingCommas: true });
    const provider = await makeProvider(api, server.url);
    const { calls, onSlide } = recorder();
    const result = await streamOutline(provider, REQUEST, { onSlide });
    expect(result.outline.slides).toHaveLength(5);
    expect(calls.map((c) => c.slide)).toEqual(result.outline.slides);
    expect(result.emitted).toEqual([0, 1, 2, 3, 4]);
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('delivers every slide once without streaming (onToken hears the whole answer at the end)', async () => {
    const server = await serve({ latencyMsPerToken: 1 });
    const provider = await makeProvider(api, server.url, { stream: false });
    const { calls, onSlide } = recorder();
    const tokens: string[] = [];
    const result = await streamOutline(provider, REQUEST, { onSlide, onToken: (t) => tokens.push(t) });
    expect(tokens).toHaveLength(1);
    expect(calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
    expect(calls.map((c) => c.slide)).toEqual(result.outline.slides);
  });

  it('skips an invalid streamed slide; the retry answer hands over the valid one as it streams', async () => {
    // Slide 1 has no key points: invalid on its own, so it is not handed over. The whole answer
    // fails too, and generateJson's retry streams a valid slide 1 (0, 2, 3, 4 are not repeated).
    const server = await serve({
      latencyMsPerToken: 1,
      responder: (info) => {
        const answer = defaultLlmResponder(info) as { slides: Array<{ keyPoints: string[] }> };
        if (info.callNumber === 1) answer.slides[1]!.keyPoints = [];
        return answer;
      },
    });
    const provider = await makeProvider(api, server.url);
    const { calls, onSlide } = recorder();
    const result = await streamOutline(provider, REQUEST, { onSlide });
    expect(chatRequests(server)).toHaveLength(2);
    expect(calls.map((c) => c.index)).toEqual([0, 2, 3, 4, 1]);
    expect(result.emitted).toEqual([0, 2, 3, 4, 1]);
    expect(result.superseded).toEqual([]);
    expect(calls.at(-1)!.slide).toEqual(result.outline.slides[1]);
    expect(calls.map((c) => c.slide)).toEqual([0, 2, 3, 4, 1].map((i) => result.outline.slides[i]));
  });

  it('delivers a slide again when a retried answer replaced it, and says so', async () => {
    // First answer: valid slides but an empty title, so the whole outline is rejected; the retry
    // changes slide 2.
    const server = await serve({
      latencyMsPerToken: 1,
      responder: (info) => {
        const answer = defaultLlmResponder(info) as { title: string; slides: Array<{ title: string }> };
        if (info.callNumber === 1) answer.title = '';
        else answer.slides[2]!.title = 'Rewritten third slide';
        return answer;
      },
    });
    const provider = await makeProvider(api, server.url);
    const { calls, onSlide } = recorder();
    const result = await streamOutline(provider, REQUEST, { onSlide });
    expect(chatRequests(server)).toHaveLength(2);
    expect(result.emitted).toEqual([0, 1, 3, 4]);
    expect(result.superseded).toEqual([2]);
    expect(calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 2]);
    expect(calls[2]!.slide.title).not.toBe('Rewritten third slide');
    expect(calls.at(-1)!.slide.title).toBe('Rewritten third slide');
    // The last delivery of each index is the final outline's slide.
    const last = new Map(calls.map((c) => [c.index, c.slide]));
    expect([...last.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    for (const [index, slide] of last) expect(slide).toEqual(result.outline.slides[index]);
  });

  it('ignores slides beyond the requested count', async () => {
    const server = await serve({
      latencyMsPerToken: 1,
      responder: (info) => {
        const answer = defaultLlmResponder(info) as { slides: unknown[] };
        if (info.callNumber === 1) answer.slides.push({ title: 'Extra', keyPoints: ['x'], imageQueries: [] });
        return answer;
      },
    });
    const provider = await makeProvider(api, server.url);
    const { calls, onSlide } = recorder();
    const result = await streamOutline(provider, REQUEST, { onSlide });
    expect(calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result.emitted).toEqual([0, 1, 2, 3, 4]);
    expect(calls.map((c) => c.slide)).toEqual(result.outline.slides);
  });

  it('survives a stream cut and retried by the provider', async () => {
    const server = await serve({ latencyMsPerToken: 1, truncateStreamOnce: true });
    const provider = await makeProvider(api, server.url);
    const { calls, onSlide } = recorder();
    const result = await streamOutline(provider, REQUEST, { onSlide });
    expect(chatRequests(server)).toHaveLength(2);
    const last = new Map(calls.map((c) => [c.index, c.slide]));
    expect([...last.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    for (const [index, slide] of last) expect(slide).toEqual(result.outline.slides[index]);
    // The deterministic server repeats itself, so nothing emitted before the cut was superseded.
    expect(result.superseded).toEqual([]);
    expect(calls).toHaveLength(5);
  });

  it('stops on abort: rejects with "aborted" and calls onSlide no more', async () => {
    const server = await serve({ latencyMsPerToken: 5 });
    const provider = await makeProvider(api, server.url);
    const controller = new AbortController();
    const calls: number[] = [];
    const error = await catchError(
      streamOutline(provider, REQUEST, {
        signal: controller.signal,
        onSlide: (index) => {
          calls.push(index);
          controller.abort();
        },
      }),
    );
    expect(error.code).toBe('aborted');
    expect(calls).toEqual([0]);
    expect(chatRequests(server)).toHaveLength(1);
  });

  it('rejects at once when already aborted', async () => {
    const server = await serve({});
    const provider = await makeProvider(api, server.url);
    const error = await catchError(streamOutline(provider, REQUEST, { signal: AbortSignal.abort(), onSlide: () => {} }));
    expect(error.code).toBe('aborted');
    expect(chatRequests(server)).toHaveLength(0);
  });

  it('rethrows an error thrown by onSlide and stops the call', async () => {
    const server = await serve({ latencyMsPerToken: 5 });
    const provider = await makeProvider(api, server.url);
    const boom = new Error('caller failed');
    const calls: number[] = [];
    const error = await catchError(
      streamOutline(provider, REQUEST, {
        onSlide: (index) => {
          calls.push(index);
          if (index === 1) throw boom;
        },
      }),
    );
    expect(error).toBe(boom);
    expect(calls).toEqual([0, 1]);
    expect(chatRequests(server)).toHaveLength(1);
  });
});

describe('streamOutline with a provider that is not a network one', () => {
  it('works when onToken hears nothing at all', async () => {
    const text = JSON.stringify(defaultLlmResponder({ api: 'ollama', model: 'm', system: '', prompt: 'Topic: X\nNumber of slides: 3', messages: [], stream: false, callNumber: 1 }));
    const provider: LlmProvider = {
      id: 'silent',
      generate: async () => ({ text }),
      check: async () => ({ ok: true, detail: 'ok' }),
      close: async () => {},
    };
    const { calls, onSlide } = recorder();
    const result = await streamOutline(provider, { topic: 'X', slides: 3 }, { onSlide });
    expect(result.emitted).toEqual([]);
    expect(calls.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(calls.map((c) => c.slide)).toEqual(result.outline.slides);
    expect(calls[0]!.partial).toEqual({ title: 'X', subtitle: 'A short lecture for a general audience' });
  });
});
