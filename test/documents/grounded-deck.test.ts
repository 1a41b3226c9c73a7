import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCollection, type Collection } from '../../src/documents/collection.js';
import { retrieveForSlide } from '../../src/documents/retrieve-for-slide.js';
import { DeckSchema, type Deck } from '../../src/deck/schema.js';
import type { GroundedLectureOptions } from '../../src/documents/grounded-lecture.js';
import type { LlmProvider } from '../../src/llm/contract.js';
import { writeGrounded } from '../../src/pipeline/write-grounded.js';
import { testWriterContext, wholeDeck } from '../pipeline/written-deck.js';
import { defaultLlmResponder, type LlmServerRequestInfo } from '../servers/llm-responder.js';
import { startLlmServer } from '../servers/llm-server.js';
import { chatRequests, makeProvider, userPrompt } from '../llm/helpers.js';
import { makeDocx, makeFactsPdf } from './make-fixtures.js';

let dir: string;
let collection: Collection;

/** Slides planned by the "model": each aimed at one page of the PDF. */
const PLANNED = [
  { title: 'Geothermal power and Carbfix', keyPoints: ['Hellisheidi power station', 'carbon dioxide turned into basalt rock'] },
  { title: 'Ice caps and glacier floods', keyPoints: ['Vatnajokull ice cap volume', 'jokulhlaups meltwater floods'] },
  { title: 'Puffins and Arctic foxes', keyPoints: ['puffins nest on coastal cliffs', 'Arctic foxes native land mammals'] },
];

const field = (prompt: string, name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(prompt)?.[1]?.trim();
const passageIds = (prompt: string) => [...prompt.matchAll(/^\[id: ([0-9a-f]+)\]/gm)].map((m) => m[1]!);

/** A model that plans PLANNED and cites the first passage it is shown. */
function citingResponder(request: LlmServerRequestInfo): unknown {
  const prompt = request.prompt;
  if (field(prompt, 'Grounded') && field(prompt, 'Number of slides')) {
    return { title: 'Iceland', subtitle: 'From the field guide', intro: 'Welcome to Iceland.', slides: PLANNED.map((s) => ({ ...s, imageQueries: [], sources: [] })) };
  }
  if (field(prompt, 'Grounded') && field(prompt, 'Slide title')) {
    return {
      bullets: [{ text: `About ${field(prompt, 'Slide title')}`, children: [] }],
      narration: 'A narration drawn from the passages.',
      notes: 'Check the figures.',
      sources: passageIds(prompt).slice(0, 1),
    };
  }
  return defaultLlmResponder(request);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-grounded-'));
  await makeFactsPdf(path.join(dir, 'facts.pdf'));
  await makeDocx(path.join(dir, 'lab.docx'));
  collection = memoryCollection({ chunk: { targetChars: 400, overlap: 60 } });
  await collection.add([path.join(dir, 'facts.pdf'), path.join(dir, 'lab.docx')]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The whole grounded lecture, as the pipeline writes it (no cache). */
function groundedDeck(provider: LlmProvider, source: Collection, options: GroundedLectureOptions): Promise<Deck> {
  return wholeDeck(writeGrounded(source, options, testWriterContext(provider)));
}

describe('writeGrounded', () => {
  it('writes every slide from its retrieved passages, and cites the right pages', async () => {
    const server = await startLlmServer({ responder: citingResponder });
    const provider = await makeProvider('ollama', server.url);
    try {
      const deck = await groundedDeck(provider, collection, { slides: 3, documents: ['facts.pdf'] });
      expect(DeckSchema.safeParse(deck).success).toBe(true);
      const prompts = chatRequests(server).map((r) => userPrompt(r.body));
      // The outline is planned from passages of the documents.
      expect(prompts[0]).toMatch(/^Passages:$/m);
      expect(prompts[0]).toContain('Carbfix');
      const slidePrompts = prompts.filter((p) => field(p, 'Slide title'));
      expect(slidePrompts).toHaveLength(3);
      for (const [i, planned] of PLANNED.entries()) {
        const prompt = slidePrompts.find((p) => field(p, 'Slide title') === planned.title)!;
        const expected = await retrieveForSlide(collection, planned, 4, { documents: ['facts.pdf'] });
        for (const passage of expected) {
          expect(prompt).toContain(`[id: ${passage.id}]`);
          expect(prompt).toContain(passage.text);
        }
        expect(expected[0]!.page).toBe([3, 2, 4][i]);
      }
      const [title, geo, ice, wildlife] = deck.slides;
      expect(title!.notes).toBe('Based on: facts.pdf');
      expect(geo!.sources).toEqual([expect.objectContaining({ file: 'facts.pdf', page: 3, heading: 'Geothermal Energy', chunkId: expect.any(String) })]);
      expect(ice!.sources![0]).toMatchObject({ page: 2 });
      expect(wildlife!.sources![0]).toMatchObject({ page: 4 });
      expect(geo!.notes).toBe('Check the figures.\n\nSource: facts.pdf, p. 3');
      expect(collection.getChunk(geo!.sources![0]!.chunkId!)!.text).toContain('Carbfix');
    } finally {
      await provider.close();
      await server.close();
    }
  });

  it('narrows to a topic, and falls back to the best passages when the model cites none', async () => {
    // The default responder answers with valid shapes but never cites a passage.
    const server = await startLlmServer();
    const provider = await makeProvider('openai', server.url);
    try {
      const deck = await groundedDeck(provider, collection, { topic: 'laboratory acids', slides: 2 });
      const outlinePrompt = userPrompt(chatRequests(server)[0]!.body);
      expect(field(outlinePrompt, 'Topic')).toBe('laboratory acids');
      expect(outlinePrompt).toContain('Add acid to water');
      expect(outlinePrompt).not.toContain('puffins');
      for (const slide of deck.slides.slice(1)) {
        expect(slide.sources!.length).toBeGreaterThan(0);
        expect(slide.notes).toMatch(/Sources?: /);
      }
    } finally {
      await provider.close();
      await server.close();
    }
  });

  it('writes through the cache: the same documents again ask the LLM nothing; an edited passage asks again', async () => {
    const server = await startLlmServer({ responder: citingResponder });
    const provider = await makeProvider('ollama', server.url);
    const cacheDir = path.join(dir, 'cache');
    try {
      const notes = path.join(dir, 'field-notes.md');
      const indexed = async (text: string) => {
        await writeFile(notes, text);
        const source = memoryCollection();
        await source.add([notes]);
        return source;
      };
      const run = (source: Collection) => wholeDeck(writeGrounded(source, { slides: 3 }, testWriterContext(provider, { cacheDir })));
      const text = '# Iceland\n\n## Geothermal\n\nHellisheidi turns carbon dioxide into basalt rock.\n\n## Ice\n\nVatnajokull is the largest ice cap.\n';
      const first = await run(await indexed(text));
      const asked = chatRequests(server).length;
      expect(asked).toBe(4);
      expect(await run(await indexed(text))).toEqual(first);
      expect(chatRequests(server)).toHaveLength(asked);
      // An edited document makes different prompts (they carry the passages), so new answers.
      await run(await indexed(text.replace('largest ice cap', 'largest ice cap in Europe')));
      expect(chatRequests(server).length).toBeGreaterThan(asked);
    } finally {
      await provider.close();
      await server.close();
    }
  });

  it('streams the outline: a slide is written as soon as its entry arrives; staged waits for the whole outline', async () => {
    for (const schedule of ['per-slide', 'staged'] as const) {
      const server = await startLlmServer({ responder: citingResponder, latencyMsPerToken: 3 });
      const provider = await makeProvider('ollama', server.url);
      try {
        const deck = await wholeDeck(writeGrounded(collection, { slides: 3, documents: ['facts.pdf'], schedule }, testWriterContext(provider, { concurrency: 4 })));
        expect(deck.slides.map((s) => s.title)).toEqual(['Iceland', ...PLANNED.map((p) => p.title)]);
        const [outline, ...slides] = chatRequests(server);
        expect(slides).toHaveLength(3);
        if (schedule === 'per-slide') expect(slides[0]!.start, 'the first slide call starts while the outline streams').toBeLessThan(outline!.end!);
        else for (const call of slides) expect(call.start).toBeGreaterThanOrEqual(outline!.end!);
        // A slide's prompt shows the lecture up to it and the total, as it stood when it was written.
        const first = userPrompt(slides.find((c) => field(userPrompt(c.body), 'Slide title') === PLANNED[0]!.title)!.body);
        expect(field(first, 'Slide number')).toBe('1 of 3');
        expect(first).not.toContain(PLANNED[2]!.title);
      } finally {
        await provider.close();
        await server.close();
      }
    }
  });

  it("a cancel while the outline streams rejects the header and every slide with 'aborted'", async () => {
    const server = await startLlmServer({ responder: citingResponder, latencyMsPerToken: 5 });
    const provider = await makeProvider('ollama', server.url);
    const controller = new AbortController();
    try {
      const written = writeGrounded(collection, { slides: 3, documents: ['facts.pdf'] }, testWriterContext(provider, { signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      const settled = await Promise.allSettled([written.header, ...written.slides]);
      const reasons = settled.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'fulfilled'));
      expect(reasons.filter((r) => r !== 'aborted')).toEqual([]);
    } finally {
      await provider.close();
      await server.close();
    }
  });

  it('says so when the topic is not in the documents', async () => {
    const server = await startLlmServer();
    const provider = await makeProvider('ollama', server.url);
    try {
      const error = await groundedDeck(provider, collection, { topic: 'quantum chromodynamics', slides: 2 }).catch((e: unknown) => e);
      expect((error as any).code).toBe('bad-input');
      expect((error as Error).message).toMatch(/Nothing in the documents matches the topic/);
      expect(chatRequests(server)).toHaveLength(0);
    } finally {
      await provider.close();
      await server.close();
    }
  });
});
