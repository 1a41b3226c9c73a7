import { readFile, readdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../src/testing/http-helpers.js';
import { json, removeDir, startTestServer, waitForState, type TestServer } from './helpers.js';

/** A solid-colour PNG; `noise` fills it with random pixels instead (so it does not compress). */
function png(width: number, height: number, rgb: [number, number, number], noise = false): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    image.data[i * 4] = noise ? Math.floor(Math.random() * 256) : rgb[0];
    image.data[i * 4 + 1] = noise ? Math.floor(Math.random() * 256) : rgb[1];
    image.data[i * 4 + 2] = noise ? Math.floor(Math.random() * 256) : rgb[2];
    image.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(image);
}

/** Share of a frame's pixels close to a colour. */
function shareOf(frame: Buffer, rgb: [number, number, number]): number {
  const image = PNG.sync.read(frame);
  let hits = 0;
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b] = [image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!];
    if (Math.abs(r - rgb[0]) < 30 && Math.abs(g - rgb[1]) < 30 && Math.abs(b - rgb[2]) < 30) hits++;
  }
  return hits / (image.width * image.height);
}

const RED: [number, number, number] = [220, 20, 20];
const BLUE: [number, number, number] = [20, 40, 220];
const RED_PNG = png(320, 240, RED);
const DATA_URI = `data:image/png;base64,${RED_PNG.toString('base64')}`;
/** A stretch of the data URI's payload: it must appear nowhere but in the request. */
const PAYLOAD_SAMPLE = RED_PNG.toString('base64').slice(40, 100);
const QUICK = { only: ['deck', 'frames'] };

describe('images in decks sent to the API', () => {
  let api: TestServer;
  let images: Server;
  let imageBase: string;
  const served: string[] = [];

  beforeAll(async () => {
    const blue = png(400, 300, BLUE);
    const big = png(400, 400, [0, 0, 0], true);
    expect(big.length).toBeGreaterThan(300_000);
    images = createServer((request, response) => {
      served.push(request.url ?? '');
      if (request.url === '/blue.png') return response.writeHead(200, { 'content-type': 'image/png' }).end(blue);
      if (request.url === '/big.png') return response.writeHead(200, { 'content-type': 'image/png' }).end(big);
      if (request.url === '/error.png') return response.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><title>Oops</title><p>Server error</p>');
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    imageBase = `http://127.0.0.1:${await listenOnLoopback(images)}`;
    api = await startTestServer({ maxImageBytes: 256 * 1024 });
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => images?.close(resolve));
    if (api) await removeDir(api.dataDir);
  });

  it('stores a data: URI and a fetched http image in the job; the job renders them and keeps no base64', async () => {
    const deck = {
      version: 2,
      title: 'Pictures',
      slides: [
        { title: 'Red', blocks: [{ type: 'image', src: DATA_URI, alt: 'red' }] },
        { title: 'Blue', blocks: [{ type: 'image', src: `${imageBase}/blue.png`, alt: 'blue' }] },
        // The same picture again, inside a column this time.
        { title: 'Red again', blocks: [{ type: 'columns', columns: [[{ type: 'paragraph', text: 'The same picture.' }], [{ type: 'image', src: DATA_URI }]] }] },
      ],
    };
    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { deck, options: QUICK } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const job = await waitForState(api.url, created.body.id, ['done', 'failed']);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(served.filter((url) => url === '/blue.png')).toHaveLength(1);

    const jobDir = path.join(api.dataDir, 'jobs', job.id);
    // Stored once each, under their content hash, in the job's input folder.
    const stored = await readdir(path.join(jobDir, 'input', 'images'));
    expect(stored.sort()).toEqual([expect.stringMatching(/^[0-9a-f]{16}\.png$/), expect.stringMatching(/^[0-9a-f]{16}\.png$/)]);
    const input = JSON.parse(await readFile(path.join(jobDir, 'input', 'deck.json'), 'utf8'));
    const redSrc = input.slides[0].blocks[0].src;
    expect(input.slides[0].blocks).toEqual([{ type: 'image', src: expect.stringMatching(/^images\/[0-9a-f]{16}\.png$/), alt: 'red', position: 'auto' }]);
    expect(input.slides[1].blocks).toEqual([{ type: 'image', src: expect.stringMatching(/^images\/[0-9a-f]{16}\.png$/), alt: 'blue', position: 'auto' }]);
    expect(input.slides[1].blocks[0].src).not.toBe(redSrc);
    expect(input.slides[2].blocks[0].columns[1]).toEqual([{ type: 'image', src: redSrc, alt: '', position: 'auto' }]);
    expect(await readFile(path.join(jobDir, 'input', redSrc))).toEqual(RED_PNG);

    // The frames show the pictures.
    const frames = await Promise.all([1, 2].map((n) => readFile(path.join(jobDir, 'out', 'frames', `slide-00${n}.png`))));
    expect(shareOf(frames[0]!, RED)).toBeGreaterThan(0.1);
    expect(shareOf(frames[1]!, BLUE)).toBeGreaterThan(0.1);
    // Nothing the job wrote carries the data URI.
    for (const file of ['job.json', 'events.ndjson', 'input/deck.json', 'out/deck.json']) {
      const text = await readFile(path.join(jobDir, file), 'utf8');
      expect(text, file).not.toContain(PAYLOAD_SAMPLE);
      expect(text, file).not.toContain('data:image');
    }
    expect(JSON.stringify((await json(`${api.url}/jobs/${job.id}`)).body)).not.toContain('data:image');

    // An edit with another data URI is stored in the job's output folder and renders too.
    const edited = JSON.parse(await readFile(path.join(jobDir, 'out', 'deck.json'), 'utf8'));
    edited.slides[1].blocks = [{ type: 'image', src: `data:image/png;base64,${png(300, 200, BLUE).toString('base64')}` }];
    const put = await json(`${api.url}/jobs/${job.id}/deck`, { method: 'PUT', body: edited });
    expect(put.status, JSON.stringify(put.body)).toBe(202);
    expect((await waitForState(api.url, job.id, ['done', 'failed'])).state).toBe('done');
    const saved = JSON.parse(await readFile(path.join(jobDir, 'out', 'deck.json'), 'utf8'));
    expect(saved.slides[1].blocks).toEqual([expect.objectContaining({ type: 'image', src: expect.stringMatching(/^images\//) })]);
    expect((await stat(path.join(jobDir, 'out', saved.slides[1].blocks[0].src))).isFile()).toBe(true);
    expect(await readFile(path.join(jobDir, 'job.json'), 'utf8')).not.toContain('base64');
  });

  it('takes images of notes in too', async () => {
    const notes = `# Notes with a picture\n\n![red square](${DATA_URI})\n\n<!-- A red picture. -->\n`;
    const created = await json(`${api.url}/jobs`, { method: 'POST', body: { notes, options: QUICK } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const job = await waitForState(api.url, created.body.id, ['done', 'failed']);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const jobDir = path.join(api.dataDir, 'jobs', job.id);
    expect(shareOf(await readFile(path.join(jobDir, 'out', 'frames', 'slide-001.png')), RED)).toBeGreaterThan(0.1);
    for (const file of ['job.json', 'events.ndjson', 'out/deck.json']) expect(await readFile(path.join(jobDir, file), 'utf8'), file).not.toContain(PAYLOAD_SAMPLE);
  });

  it('refuses what is not a usable picture with 400 naming slides[i].blocks[j].src, storing nothing', async () => {
    const before = await readdir(path.join(api.dataDir, 'jobs'));
    const cases: Array<[string, RegExp]> = [
      ['data:text/plain;base64,aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGFuIGltYWdl', /the data: URI \(data:text\/plain;base64,…\) is not an image \(looks like text\) — send a PNG, JPEG, WebP, GIF or SVG picture\.$/],
      [`data:image/png;base64,${'A'.repeat(400_000)}`, /the data: URI holds about 0\.3 MB, over the 0\.3 MB limit — send a smaller picture \(at most 0\.3 MB\)\.$/],
      [`${imageBase}/big.png`, /big\.png sent a file larger than 0\.3 MB — send a smaller picture \(at most 0\.3 MB\)\.$/],
      [`${imageBase}/error.png`, /error\.png is not an image \(looks like an HTML page — probably an error page\)/],
      [`${imageBase}/gone.png`, /gone\.png answered HTTP 404/],
    ];
    for (const [src, message] of cases) {
      const deck = {
        version: 2,
        slides: [
          { title: 'Fine', blocks: [{ type: 'image', src: DATA_URI }] },
          { title: 'Broken', blocks: [{ type: 'paragraph', text: 'Below, a picture.' }, { type: 'image', src }] },
        ],
      };
      const answer = await json(`${api.url}/jobs`, { method: 'POST', body: { deck } });
      expect(answer.status, src.slice(0, 60)).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'bad-image', field: 'slides[1].blocks[1].src', slide: 2 });
      expect(answer.body.error.message).toMatch(/^slides\[1\]\.blocks\[1\]\.src \(slide 2\): /);
      expect(answer.body.error.message).toMatch(message);
      expect(answer.body.error.message.length).toBeLessThan(600);
    }
    expect(await readdir(path.join(api.dataDir, 'jobs'))).toEqual(before);
  });
});
