import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEncryptedPdf, makeFactsPdf, makeImageOnlyPdf } from '../documents/make-fixtures.js';
import { json, removeDir, startTestServer, type TestServer } from './helpers.js';

/** POST /upload_document with fetch's own multipart encoding. */
async function upload(base: string, name: string, bytes: Uint8Array | string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  const response = await fetch(`${base}/upload_document`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}

/**
 * Streams a multipart upload of `megabytes` MB of zeros (one reused 1 MB buffer: nothing big is
 * allocated) and resolves with the server's answer, which may arrive before the body is sent.
 */
function streamBigUpload(base: string, megabytes: number, announceLength: boolean): Promise<{ status: number; body: any; sentMb: number }> {
  const boundary = '----lectra-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(1024 * 1024);
  let sentMb = 0;
  const body = Readable.from(
    (function* () {
      yield head;
      for (; sentMb < megabytes; sentMb++) yield chunk;
      yield tail;
    })(),
  );
  const { hostname, port } = new URL(base);
  const length = head.length + megabytes * chunk.length + tail.length;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        path: '/upload_document',
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(announceLength ? { 'content-length': String(length) } : { 'transfer-encoding': 'chunked' }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          body.destroy();
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), sentMb });
        });
      },
    );
    // The server may answer and close while we are still sending: that is the point.
    req.on('error', (error) => (sentMb >= megabytes ? reject(error) : undefined));
    body.pipe(req);
  });
}

describe('POST /upload_document and GET /list_collections', () => {
  let api: TestServer;
  let pdf: Buffer;

  beforeAll(async () => {
    api = await startTestServer();
    const file = path.join(api.dataDir, 'fixtures', 'iceland.pdf');
    await makeFactsPdf(file);
    pdf = await readFile(file);
  });
  afterAll(async () => {
    await api?.close();
    if (api) await removeDir(api.dataDir);
  });

  it('indexes an uploaded PDF and lists it in its collection', async () => {
    const { status, body } = await upload(api.url, 'Iceland Guide.pdf', pdf, { collection: 'geo' });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'ok', collection: 'geo', change: 'added', document: { name: 'Iceland Guide.pdf', title: 'Iceland Field Guide', kind: 'pdf' } });
    expect(body.document.chunks).toBeGreaterThanOrEqual(4);
    expect(body.document.id).toMatch(/^[0-9a-f]{12}$/);

    // The same bytes again: nothing to do.
    const again = await upload(api.url, 'Iceland Guide.pdf', pdf, { collection: 'geo' });
    expect(again.body).toMatchObject({ change: 'unchanged', document: { id: body.document.id } });
    // No collection named: "default"; ?collection= works too.
    expect((await upload(api.url, 'notes.md', '# Puffins\n\nPuffins nest on cliffs.\n')).body).toMatchObject({ collection: 'default', document: { kind: 'md' } });
    const viaQuery = await fetch(`${api.url}/upload_document?collection=other`, { method: 'POST', body: formWith('a.txt', 'Plain text about glaciers.') });
    expect(((await viaQuery.json()) as any).collection).toBe('other');

    const list = await json(`${api.url}/list_collections`);
    expect(list.status).toBe(200);
    expect(list.body.collections.map((c: any) => c.name)).toEqual(['default', 'geo', 'other']);
    const geo = list.body.collections.find((c: any) => c.name === 'geo');
    expect(geo.documents).toEqual([expect.objectContaining({ id: body.document.id, name: 'Iceland Guide.pdf', kind: 'pdf', chunks: body.document.chunks, bytes: pdf.length })]);
    // The file is kept in the collection (lectures are written from it); no server paths leak out.
    expect(await readdir(path.join(api.dataDir, 'collections', 'geo', 'files'))).toEqual(['Iceland Guide.pdf']);
    expect(JSON.stringify(list.body)).not.toContain(api.dataDir);
  });

  it('refuses unknown types, unreadable PDFs and bad names with 400, indexing nothing', async () => {
    const exe = await upload(api.url, 'setup.exe', 'MZ\u0000\u0000binary', { collection: 'bad' });
    expect(exe.status).toBe(400);
    expect(exe.body.error.code).toBe('unsupported-document');
    for (const ext of ['.pdf', '.docx', '.md', '.html', '.txt']) expect(exe.body.error.message).toContain(ext);

    const dir = path.join(api.dataDir, 'fixtures');
    await makeImageOnlyPdf(path.join(dir, 'scan.pdf'));
    await makeEncryptedPdf(path.join(dir, 'secret.pdf'));
    const scan = await upload(api.url, 'scan.pdf', await readFile(path.join(dir, 'scan.pdf')), { collection: 'bad' });
    expect(scan.status).toBe(400);
    expect(scan.body.error).toMatchObject({ code: 'no-text-layer' });
    expect(scan.body.error.message).toMatch(/scan\.pdf.*no text layer.*OCR/);
    const secret = await upload(api.url, 'secret.pdf', await readFile(path.join(dir, 'secret.pdf')), { collection: 'bad' });
    expect(secret.status).toBe(400);
    expect(secret.body.error).toMatchObject({ code: 'encrypted-document' });
    expect(secret.body.error.message).toContain('secret.pdf');
    const fake = await upload(api.url, 'fake.docx', 'not a zip at all', { collection: 'bad' });
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toBe('corrupt-document');

    const badName = await upload(api.url, 'a.md', '# A\n\nText.', { collection: '../etc' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.field).toBe('collection');
    const noFile = await fetch(`${api.url}/upload_document`, { method: 'POST', body: (() => { const f = new FormData(); f.append('collection', 'x'); return f; })() });
    expect(noFile.status).toBe(400);
    const notMultipart = await json(`${api.url}/upload_document`, { method: 'POST', body: { file: 'x' } });
    expect(notMultipart.status).toBe(400);

    const list = await json(`${api.url}/list_collections`);
    expect(list.body.collections.map((c: any) => c.name)).not.toContain('bad');
    expect(await readdir(path.join(api.dataDir, 'collections', '.uploads'))).toEqual([]);
  });

  it('answers 413 to a 60 MB upload while it streams, keeping nothing', async () => {
    const streamed = await streamBigUpload(api.url, 60, false);
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.code).toBe('too-large');
    expect(streamed.body.error.message).toMatch(/huge\.pdf is over the 50 MB upload limit/);
    // Announced up front: refused before the body is read.
    const announced = await streamBigUpload(api.url, 60, true);
    expect(announced.status).toBe(413);
    expect(announced.sentMb, 'refused before the body was sent').toBeLessThan(60);
    expect(await readdir(path.join(api.dataDir, 'collections', '.uploads'))).toEqual([]);
    // The server is fine afterwards.
    expect((await json(`${api.url}/list_collections`)).status).toBe(200);
  });

  it('documents the new endpoints in /openapi.json', async () => {
    const { body } = await json(`${api.url}/openapi.json`);
    expect(body.paths['/upload_document'].post.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(body.paths['/upload_document'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '413']));
    for (const route of ['/list_collections', '/get_quiz_checkpoints']) expect(body.paths[route].get).toBeDefined();
    for (const route of ['/generate_quiz', '/submit_quiz_answer']) expect(body.paths[route].post.requestBody).toBeDefined();
    expect(body.paths['/jobs'].post.requestBody.content['application/json'].schema.properties.collection).toBeDefined();
    expect(body.paths['/generate_presentation'].post.requestBody.content['application/json'].schema.properties.quiz_every).toBeDefined();
  });
});

function formWith(name: string, text: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([text]), name);
  return form;
}
