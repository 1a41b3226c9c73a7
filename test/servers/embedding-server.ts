/**
 * A local stand-in for embedding servers: Ollama `POST /api/embed {model, input}` →
 * `{embeddings}` and OpenAI-compatible `POST /v1/embeddings` → `{data: [{embedding, index}]}`.
 * Vectors are deterministic bags of words (each word hashed into one of `dimensions` buckets),
 * so texts sharing words are close: enough to test ranking without a model.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, sendJson } from '../../src/testing/http-helpers.js';

export interface EmbeddingServerOptions {
  dimensions?: number;
  models?: string[];
  /** The first N embedding calls answer HTTP 500. */
  failFirst?: number;
}

export interface EmbeddingServer {
  url: string;
  requests: Array<{ path: string; body: any }>;
  close(): Promise<void>;
}

export async function startEmbeddingServer(options: EmbeddingServerOptions = {}): Promise<EmbeddingServer> {
  const dimensions = options.dimensions ?? 64;
  const models = options.models ?? ['nomic-embed-text', 'text-embedding-3-small'];
  const requests: EmbeddingServer['requests'] = [];
  let calls = 0;
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    const body = raw ? JSON.parse(raw) : {};
    requests.push({ path, body });
    if (req.method !== 'POST' || (path !== '/api/embed' && path !== '/v1/embeddings')) return sendJson(res, 404, { error: 'not found' });
    if (++calls <= (options.failFirst ?? 0)) return sendJson(res, 500, { error: 'embedding runner crashed (test fault)' });
    if (!models.includes(body.model)) return sendJson(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
    const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
    const vectors = inputs.map((text) => bagOfWords(text, dimensions));
    if (path === '/api/embed') return sendJson(res, 200, { model: body.model, embeddings: vectors });
    return sendJson(res, 200, { object: 'list', model: body.model, data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })) });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'in', 'on', 'to', 'is', 'are', 'by', 'for', 'it', 'its', 'what', 'which', 'how', 'into', 'from', 'with', 'that', 'does']);

export function bagOfWords(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (STOP.has(word)) continue;
    const bucket = createHash('md5').update(word).digest().readUInt32BE(0) % dimensions;
    vector[bucket] += 1;
  }
  // An all-zero vector has no direction; give it a tiny constant one.
  if (!vector.some((x) => x !== 0)) vector[0] = 1e-6;
  return vector;
}


