import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/documents/extract-document.js';
import { DOCX_SECTIONS, PDF_PAGES, makeDocx, makeEncryptedPdf, makeFactsPdf, makeImageOnlyPdf } from './make-fixtures.js';
import { rejection as errorOf } from '../support/rejection.js';

let dir: string;


beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-extract-'));
  await makeFactsPdf(path.join(dir, 'facts.pdf'));
  await makeDocx(path.join(dir, 'lab.docx'));
  await makeEncryptedPdf(path.join(dir, 'locked.pdf'));
  await makeImageOnlyPdf(path.join(dir, 'scan.pdf'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('extractDocument', () => {
  it('reads a PDF page by page, with headings from the larger font and the metadata title', async () => {
    const doc = await extractDocument(path.join(dir, 'facts.pdf'));
    expect(doc).toMatchObject({ kind: 'pdf', name: 'facts.pdf', title: 'Iceland Field Guide' });
    expect(doc.sections.map((s) => s.page)).toEqual([1, 2, 3, 4]);
    expect(doc.sections.map((s) => s.heading)).toEqual(PDF_PAGES.map((p) => p.heading));
    expect(doc.sections[2]!.text).toContain('Carbfix');
    expect(doc.sections[2]!.text).not.toContain('Vatnajokull');
    // Wrapped lines are joined back into paragraphs, paragraphs kept apart.
    expect(doc.sections[2]!.text.split('\n\n')).toEqual(PDF_PAGES[2]!.paragraphs);
  });

  it('reads a DOCX with its heading styles as sections and its Title as the title', async () => {
    const doc = await extractDocument(path.join(dir, 'lab.docx'));
    expect(doc.kind).toBe('docx');
    expect(doc.title).toBe('Lab Handbook');
    expect(doc.sections.map((s) => s.heading)).toEqual(DOCX_SECTIONS.map((s) => s.heading));
    expect(doc.sections[1]!.text).toBe('Add acid to water, never water to acid, to avoid violent boiling.');
  });

  it('reads Markdown, HTML and plain text with their headings', async () => {
    await writeFile(path.join(dir, 'notes.md'), '---\ntitle: Tides\n---\n# Moon\n\nThe Moon pulls the oceans.\n\n<!-- spoken note -->\n\n## Sun\n\n- The Sun adds **spring** tides.\n');
    await writeFile(path.join(dir, 'page.html'), '<html><head><title>Tides page</title><script>x()</script></head><body><nav>Menu</nav><h2>Moon</h2><p>The Moon &amp; the sea.</p></body></html>');
    await writeFile(path.join(dir, 'plain.txt'), 'Tide notes\n\nHigh tide comes twice a day.\n\nLow tide follows.');
    const md = await extractDocument(path.join(dir, 'notes.md'));
    expect(md).toMatchObject({ kind: 'md', title: 'Tides' });
    expect(md.sections).toEqual([
      { heading: 'Moon', text: 'The Moon pulls the oceans.' },
      { heading: 'Sun', text: 'The Sun adds spring tides.' },
    ]);
    const html = await extractDocument(path.join(dir, 'page.html'));
    expect(html).toMatchObject({ kind: 'html', title: 'Tides page', sections: [{ heading: 'Moon', text: 'The Moon & the sea.' }] });
    const txt = await extractDocument(path.join(dir, 'plain.txt'));
    expect(txt).toMatchObject({ kind: 'txt', title: 'Tide notes', sections: [{ text: 'High tide comes twice a day.\n\nLow tide follows.' }] });
  });

  it('refuses an encrypted PDF, naming the file and how to remove the password', async () => {
    const error = await errorOf(extractDocument(path.join(dir, 'locked.pdf')));
    expect(error.code).toBe('encrypted-document');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/locked\.pdf is password-protected/);
    expect(error.message).toMatch(/qpdf --decrypt/);
  });

  it('refuses an image-only PDF: no text layer, run OCR first', async () => {
    const error = await errorOf(extractDocument(path.join(dir, 'scan.pdf')));
    expect(error.code).toBe('no-text-layer');
    expect(error.message).toMatch(/scan\.pdf: this PDF has no text layer .*run OCR first \(e\.g\. `ocrmypdf/);
  });

  it('refuses a corrupt DOCX (random bytes) and a renamed file', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
    await writeFile(path.join(dir, 'broken.docx'), bytes);
    const random = await errorOf(extractDocument(path.join(dir, 'broken.docx')));
    expect(random.code).toBe('corrupt-document');
    expect(random.message).toMatch(/broken\.docx is not a readable DOCX file/);
    // A ZIP header but no Word document inside: mammoth's error, still 'corrupt-document'.
    await writeFile(path.join(dir, 'zip.docx'), Buffer.concat([Buffer.from('PK\x03\x04'), bytes]));
    expect((await errorOf(extractDocument(path.join(dir, 'zip.docx')))).code).toBe('corrupt-document');
    await writeFile(path.join(dir, 'fake.pdf'), '<html>not a pdf</html>');
    expect((await errorOf(extractDocument(path.join(dir, 'fake.pdf')))).code).toBe('corrupt-document');
  });

  it('refuses unknown types, naming the supported ones (and the fix for old formats)', async () => {
    await writeFile(path.join(dir, 'sheet.xlsx'), 'x');
    const error = await errorOf(extractDocument(path.join(dir, 'sheet.xlsx')));
    expect(error.code).toBe('unsupported-document');
    expect(error.message).toMatch(/sheet\.xlsx: "\.xlsx" files are not supported — LECTRA reads \.pdf \.docx \.md/);
    await writeFile(path.join(dir, 'old.doc'), 'x');
    expect((await errorOf(extractDocument(path.join(dir, 'old.doc')))).message).toMatch(/save it as \.docx/);
  });

  it('refuses a file over the size limit before reading it (default 50 MB)', async () => {
    const big = path.join(dir, 'big.pdf');
    const handle = await open(big, 'w');
    await handle.truncate(60 * 1024 * 1024); // sparse: no 60 MB written
    await handle.close();
    const error = await errorOf(extractDocument(big));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/big\.pdf is 60 MB, over the 50 MB limit — split it/);
    const small = await errorOf(extractDocument(path.join(dir, 'facts.pdf'), { maxBytes: 100 }));
    expect(small.code).toBe('too-large');
  });

  it('reports a missing file and an empty one', async () => {
    expect((await errorOf(extractDocument(path.join(dir, 'nope.pdf')))).code).toBe('file-not-found');
    await writeFile(path.join(dir, 'empty.md'), '\n\n');
    expect((await errorOf(extractDocument(path.join(dir, 'empty.md')))).code).toBe('empty-input');
  });
});
