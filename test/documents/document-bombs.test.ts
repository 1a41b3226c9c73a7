import { readFile, stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCollection } from '../../src/documents/collection.js';
import { extractDocument } from '../../src/documents/extract-document.js';
import { extractInWorker } from '../../src/documents/extract-in-worker.js';
import { makeDocx, makeDocxBomb, makePdfBomb } from './make-fixtures.js';
import { rejection as errorOf } from '../support/rejection.js';

let dir: string;


beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-bombs-'));
  await makeDocxBomb(path.join(dir, 'bomb.docx'), 300);
  // The same, but its ZIP directory claims 1,000 bytes: only counting while inflating catches it.
  await makeDocxBomb(path.join(dir, 'liar.docx'), 300, { declaredBytes: 1000 });
  await makePdfBomb(path.join(dir, 'bomb.pdf'), 200);
  await makeDocxBomb(path.join(dir, 'small.docx'), 1);
  await makeDocx(path.join(dir, 'lab.docx'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decompression bombs', () => {
  it('are small files', async () => {
    expect((await stat(path.join(dir, 'bomb.docx'))).size).toBeLessThan(1024 * 1024);
    expect((await stat(path.join(dir, 'bomb.pdf'))).size).toBeLessThan(1024 * 1024);
  });

  it('a DOCX whose document.xml declares 300 MB is refused before anything is inflated', async () => {
    const error = await errorOf(extractDocument(path.join(dir, 'bomb.docx')));
    expect(error).toMatchObject({ code: 'too-large', file: path.join(dir, 'bomb.docx') });
    expect(error.message).toBe(
      "bomb.docx: word/document.xml inflates to more than 16 MB, the limit for a document's compressed parts — this is not a normal document (a decompression bomb?); if it is real, split it into smaller files.",
    );
  });

  it('a DOCX that lies about its size is stopped while inflating', async () => {
    const error = await errorOf(extractDocument(path.join(dir, 'liar.docx')));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('liar.docx: word/document.xml inflates to more than 16 MB');
  });

  it('a PDF whose page content inflates to 200 MB is refused before PDF.js reads it', async () => {
    const error = await errorOf(extractDocument(path.join(dir, 'bomb.pdf')));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^bomb\.pdf: a stream at byte \d+ inflates to more than 64 MB/);
  });

  it('documents under the limits still read, in the worker too', async () => {
    const small = await extractInWorker(path.join(dir, 'small.docx'), await readFile(path.join(dir, 'small.docx')));
    expect(small.kind).toBe('docx');
    expect(small.sections[0]!.text).toMatch(/^All work and no play makes a dull document\./);
    const lab = await memoryCollection().add([path.join(dir, 'lab.docx')]);
    expect(lab.added[0]).toMatchObject({ name: 'lab.docx', title: 'Lab Handbook' });
  });

  it('the worker reports the same errors, and a parse past its heap limit as too-large', async () => {
    const bomb = await errorOf(memoryCollection().add([path.join(dir, 'liar.docx')]));
    expect(bomb).toMatchObject({ code: 'too-large', file: path.join(dir, 'liar.docx') });
    expect(bomb.message).toContain('word/document.xml inflates to more than 16 MB');
    // A 1 MB document.xml needs more than a 16 MB heap: only the worker is stopped.
    const starved = await errorOf(extractInWorker(path.join(dir, 'small.docx'), await readFile(path.join(dir, 'small.docx')), { limits: { workerHeapMb: 16 } }));
    expect(starved.code).toBe('too-large');
    expect(starved.message).toBe(
      'small.docx needs more than 16 MB of memory to read, the limit for one document — split it into smaller files, or save it again (a damaged or unusual file can need far more than its size).',
    );
  });

  it('caps the text of one document', async () => {
    const error = await errorOf(extractDocument(path.join(dir, 'small.docx'), { limits: { textChars: 100_000 } }));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('small.docx holds more than 100,000 characters of text, the limit for one document — split it into smaller files (e.g. by chapter).');
  });

  it('a cancelled parse stops its worker', async () => {
    const controller = new AbortController();
    const pending = extractInWorker(path.join(dir, 'lab.docx'), await readFile(path.join(dir, 'lab.docx')), { signal: controller.signal });
    controller.abort();
    expect((await errorOf(pending)).code).toBe('aborted');
  });
});
