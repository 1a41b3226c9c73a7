import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/documents/chunk-document.js';
import type { ExtractedDocument } from '../../src/documents/document-types.js';

const sentence = (i: number) => `Sentence number ${i} explains one more detail about the water cycle and its stages.`;
const longParagraph = Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ');

const doc: ExtractedDocument = {
  file: '/docs/guide.pdf',
  name: 'guide.pdf',
  title: 'Guide',
  kind: 'pdf',
  sections: [
    { text: `${longParagraph}\n\nA short closing paragraph.`, page: 1, heading: 'Water' },
    { text: 'Page two has one short paragraph.', page: 2, heading: 'Air' },
  ],
};

describe('chunkDocument', () => {
  it('splits on sentence boundaries near the target size, with overlapping sentences', () => {
    const chunks = chunkDocument(doc, { targetChars: 400, overlap: 100 });
    const page1 = chunks.filter((c) => c.page === 1);
    expect(page1.length).toBeGreaterThan(4);
    for (const chunk of page1) {
      expect(chunk.text.length).toBeLessThanOrEqual(400 * 1.25);
      expect(chunk.text).toMatch(/^Sentence number \d+|^A short/);
      expect(chunk.text.trimEnd()).toMatch(/[.]$/);
    }
    // The next chunk starts with the previous chunk's last sentence.
    const lastOfFirst = page1[0]!.text.split(/(?<=\.) /).at(-1)!;
    expect(page1[1]!.text.startsWith(lastOfFirst)).toBe(true);
  });

  it('never crosses a section: each chunk keeps its page and heading', () => {
    const chunks = chunkDocument(doc, { targetChars: 400, overlap: 100 });
    expect(chunks.at(-1)).toMatchObject({ page: 2, heading: 'Air', file: 'guide.pdf', text: 'Page two has one short paragraph.' });
    expect(chunks.filter((c) => c.text.includes('Page two'))).toHaveLength(1);
  });

  it('gives stable, unique ids from the file and the position', () => {
    const a = chunkDocument(doc, { targetChars: 400 });
    const b = chunkDocument(doc, { targetChars: 400 });
    expect(a.map((c) => c.id)).toEqual(b.map((c) => c.id));
    expect(new Set(a.map((c) => c.id)).size).toBe(a.length);
    const other = chunkDocument({ ...doc, file: '/docs/other.pdf' }, { targetChars: 400 });
    expect(other[0]!.id).not.toBe(a[0]!.id);
  });

  it('keeps every sentence of the text', () => {
    const chunks = chunkDocument(doc, { targetChars: 300, overlap: 0 });
    const text = chunks.map((c) => c.text).join(' ');
    for (let i = 0; i < 30; i++) expect(text).toContain(sentence(i));
  });
});
