import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../src/testing/http-helpers.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/**
 * Stand-ins for the Openverse, Wikimedia Commons, Pexels and Unsplash APIs on 127.0.0.1. Each
 * answers its search endpoint with a fixture shaped like the real API (test/fixtures/images/)
 * whose image URLs point back at the same server, and serves real 800×600 JPEG/PNG gradients.
 * Fault options make the search endpoints slow, failing or hanging, or the images bad.
 */
export type ImageServerName = 'openverse' | 'wikimedia' | 'pexels' | 'unsplash';

export interface ImageServerOptions {
  /** Delay before answering a search, in ms. */
  delayMs?: number;
  /** Status for search answers instead of 200 (e.g. 429 or 500). */
  status?: number;
  /** Serve an HTML error page labelled image/jpeg for every image. */
  htmlAsImage?: boolean;
  /** Serve a 20 MB body (chunked, no Content-Length) for every image. */
  hugeImage?: boolean;
  /** Never answer searches. */
  hang?: boolean;
  /** Which servers get the faults above (default: all). */
  only?: ImageServerName[];
}

export interface ImageServers {
  openverseUrl: string;
  wikimediaUrl: string;
  pexelsUrl: string;
  unsplashUrl: string;
  /** "<server> <METHOD> <path?query>" for every request, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

export const TEST_PEXELS_KEY = 'test-pexels-key';
export const TEST_UNSPLASH_KEY = 'test-unsplash-key';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/images');
const HUGE_BYTES = 20 * 1024 * 1024;

interface Images {
  jpeg: Buffer;
  png: Buffer;
}

export async function startImageServers(options: ImageServerOptions = {}): Promise<ImageServers> {
  const images = await gradientImages();
  const requests: string[] = [];
  const servers: Server[] = [];
  const start = async (name: ImageServerName, search: SearchRoute): Promise<string> => {
    const faults = !options.only || options.only.includes(name) ? options : {};
    const server = createServer((req, res) => {
      requests.push(`${name} ${req.method} ${req.url}`);
      handle(name, req, res, search, faults, images).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
    const port = await listenOnLoopback(server);
    servers.push(server);
    return `http://127.0.0.1:${port}`;
  };
  const openverseUrl = await start('openverse', { path: '/v1/images/', fixture: 'openverse-search.json' });
  const wikimediaRoot = await start('wikimedia', { path: '/w/api.php', fixture: 'wikimedia-search.json', needsUserAgent: true });
  const pexelsUrl = await start('pexels', { path: '/v1/search', fixture: 'pexels-search.json', auth: TEST_PEXELS_KEY });
  const unsplashUrl = await start('unsplash', { path: '/search/photos', fixture: 'unsplash-search.json', auth: `Client-ID ${TEST_UNSPLASH_KEY}` });
  return {
    openverseUrl,
    wikimediaUrl: `${wikimediaRoot}/w/api.php`,
    pexelsUrl,
    unsplashUrl,
    requests,
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections(); // hanging requests would keep close() waiting forever
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

interface SearchRoute {
  path: string;
  fixture: string;
  /** Exact Authorization header the real API would require. */
  auth?: string;
  /** Wikimedia blocks clients that do not say who they are. */
  needsUserAgent?: boolean;
}

async function handle(name: ImageServerName, req: IncomingMessage, res: ServerResponse, search: SearchRoute, faults: ImageServerOptions, images: Images): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const base = `http://${req.headers.host}`;
  if (url.pathname.startsWith('/images/')) return serveImage(url.pathname, res, faults, images);
  if (name === 'unsplash' && /^\/photos\/[^/]+\/download$/.test(url.pathname)) {
    if (req.headers.authorization !== search.auth) return json(res, 401, { errors: ['OAuth error: The access token is invalid'] });
    return json(res, 200, { url: `${base}/images/unsplash-full.jpg?ixid=abc` });
  }
  if (url.pathname !== search.path) return json(res, 404, { detail: 'Not found.' });
  if (faults.hang) return; // the socket stays open until the client gives up or close() runs
  if (faults.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
  if (search.auth && req.headers.authorization !== search.auth) return json(res, 401, { error: 'Unauthorized' });
  if (search.needsUserAgent && !/LECTRA/i.test(req.headers['user-agent'] ?? '')) {
    return json(res, 403, { error: { code: 'blocked', info: 'Please set a user-agent and respect our robot policy https://w.wiki/4wJS.' } });
  }
  if (faults.status && faults.status !== 200) {
    const headers = faults.status === 429 ? { 'Retry-After': '30' } : undefined;
    return json(res, faults.status, { detail: faults.status === 429 ? 'Request was throttled.' : 'Internal server error' }, headers);
  }
  const text = (await readFile(path.join(FIXTURES, search.fixture), 'utf8')).replaceAll('{{BASE}}', base);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(text);
}

function serveImage(pathname: string, res: ServerResponse, faults: ImageServerOptions, images: Images): void {
  const extension = path.extname(pathname).toLowerCase();
  if (extension !== '.jpg' && extension !== '.png') return void res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>');
  if (faults.htmlAsImage) {
    return void res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end('<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Rate limit exceeded</h1></body></html>');
  }
  if (faults.hugeImage) return streamHuge(res);
  const [type, body] = extension === '.png' ? ['image/png', images.png] : ['image/jpeg', images.jpeg];
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length }).end(body);
}

/** A JPEG header followed by 20 MB of filler, in 1 MB chunks; stops when the client hangs up. */
function streamHuge(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'image/jpeg' });
  const chunk = Buffer.alloc(1024 * 1024, 0x55);
  chunk.set([0xff, 0xd8, 0xff, 0xe0], 0);
  let sent = 0;
  const pump = (): void => {
    while (sent < HUGE_BYTES && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

let cached: Promise<Images> | undefined;

/** An 800×600 colour gradient as JPEG and PNG: real, decodable, and not one flat colour. */
function gradientImages(): Promise<Images> {
  cached ??= (async () => {
    const width = 800;
    const height = 600;
    const raw = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        raw[i] = Math.round((x / width) * 255);
        raw[i + 1] = Math.round((y / height) * 255);
        raw[i + 2] = 160;
      }
    }
    const input = { raw: { width, height, channels: 3 as const } };
    return { jpeg: await sharp(raw, input).jpeg({ quality: 85 }).toBuffer(), png: await sharp(raw, input).png().toBuffer() };
  })();
  return cached;
}
