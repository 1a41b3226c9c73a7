import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeckSchema } from '../../src/deck/schema.js';
import { extractDocument } from '../../src/documents/extract-document.js';
import { extractiveDeck } from '../../src/documents/extractive-deck.js';
import type { ExtractedDocument } from '../../src/documents/document-types.js';
import { makeDocx, makeFactsPdf } from './make-fixtures.js';

let dir: string;
let pdf: ExtractedDocument;
let docx: ExtractedDocument;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-extractive-'));
  await makeFactsPdf(path.join(dir, 'facts.pdf'));
  await makeDocx(path.join(dir, 'lab.docx'));
  pdf = await extractDocument(path.join(dir, 'facts.pdf'));
  docx = await extractDocument(path.join(dir, 'lab.docx'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('extractiveDeck (no LLM)', () => {
  it('makes a narrated lecture from the headings and key sentences, citing pages', () => {
    const deck = extractiveDeck(pdf, { slides: 4 });
    expect(DeckSchema.safeParse(deck).success).toBe(true);
    expect(deck.slides.map((s) => s.title)).toEqual(['Iceland Field Guide', 'Volcanoes of Iceland', 'Glaciers and Ice Caps', 'Geothermal Energy', 'Wildlife and Birds']);
    expect(deck.slides[0]!.narration).toMatch(/^Welcome\. This lecture is based on facts\.pdf\. We will look at /);
    const geo = deck.slides[3]!;
    expect(geo.narration).toContain('The Hellisheidi power station captures carbon dioxide and turns it into basalt rock within two years, a process named Carbfix.');
    expect(geo.blocks).toEqual([expect.objectContaining({ type: 'list', ordered: false })]);
    expect(geo.blocks[0]!.type === 'list' && geo.blocks[0]!.items.length).toBeGreaterThan(0);
    expect(geo.sources).toEqual([expect.objectContaining({ file: 'facts.pdf', page: 3 })]);
    expect(geo.notes).toBe('Source: facts.pdf, p. 3');
    for (const slide of deck.slides.slice(1)) expect(slide.narration.split(/\s+/).length).toBeGreaterThan(15);
  });

  it('merges or splits parts to the number of slides asked for', () => {
    const two = extractiveDeck([pdf, docx], { slides: 2 });
    expect(two.slides).toHaveLength(3);
    // Two sentences a page cannot make six slides: four, nothing invented.
    expect(extractiveDeck(pdf, { slides: 6 }).slides).toHaveLength(5);
    const long: ExtractedDocument = {
      file: '/x/rivers.md',
      name: 'rivers.md',
      title: 'Rivers',
      kind: 'md',
      sections: [{ heading: 'Rivers', text: Array.from({ length: 12 }, (_, i) => `River fact ${i} says the delta ${i} carries silt to the sea.`).join(' ') }],
    };
    const split = extractiveDeck(long, { slides: 3 });
    expect(split.slides.map((s) => s.title)).toEqual(['Rivers', 'Rivers', 'Rivers (continued)', 'Rivers (continued)']);
  });

  it('keeps only what is about the topic', () => {
    const deck = extractiveDeck([pdf, docx], { slides: 1, topic: 'acid water boiling' });
    expect(deck.slides[1]!.narration).toContain('Add acid to water');
    expect(deck.slides[1]!.sources![0]).toMatchObject({ file: 'lab.docx', heading: 'Handling Acids' });
    expect(() => extractiveDeck(pdf, { slides: 2, topic: 'quantum chromodynamics' })).toThrow(/Nothing in the documents matches/);
  });
});
