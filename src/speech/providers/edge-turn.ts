import type WebSocket from 'ws';
import { loadWs } from '../../heavy-deps.js';
import { abortError } from '../../errors.js';
import {
  connectId,
  edgeHeaders,
  edgeQuery,
  parseBinaryFrame,
  parseTextFrame,
  parseWordBoundaries,
  speechConfigMessage,
  ssmlMessage,
  type EdgeWordBoundary,
} from './edge-protocol.js';

export interface EdgeTurnOptions {
  /** WebSocket endpoint without query (…/edge/v1). */
  endpoint: string;
  ssml: string;
  outputFormat: string;
  /** Milliseconds without any frame before the attempt is given up. */
  idleTimeoutMs: number;
  /** Current time for the token, corrected for server clock skew. */
  nowMs: number;
  signal?: AbortSignal;
}

export interface EdgeTurnResult {
  audio: Buffer;
  words: EdgeWordBoundary[];
}

/** Why one attempt failed, and whether another attempt may succeed. */
export class EdgeTurnError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** The server's Date header on a refused upgrade (to correct clock skew). */
    readonly serverDate?: string,
  ) {
    super(message);
    this.name = 'EdgeTurnError';
  }
}

/**
 * One synthesis turn on a fresh WebSocket (the service serves one turn per connection):
 * send speech.config and the SSML, collect audio frames and word boundaries until
 * `turn.end`. A socket that closes before `turn.end` is a retryable failure; the caller
 * discards the partial audio and asks again.
 */
export async function runEdgeTurn(options: EdgeTurnOptions): Promise<EdgeTurnResult> {
  const WebSocketClient = await loadWs();
  return runTurn(options, WebSocketClient);
}

function runTurn(options: EdgeTurnOptions, WebSocketClient: typeof WebSocket): Promise<EdgeTurnResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal.reason));
  return new Promise((resolve, reject) => {
    const socket = new WebSocketClient(`${options.endpoint}?${edgeQuery(options.nowMs)}`, {
      headers: edgeHeaders(),
      handshakeTimeout: options.idleTimeoutMs,
      perMessageDeflate: false,
    });
    const chunks: Buffer[] = [];
    const words: EdgeWordBoundary[] = [];
    let started = false;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;

    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      if (idle) clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (error: Error): void => {
      finish(() => reject(error));
      socket.terminate();
    };
    const touch = (): void => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => fail(new EdgeTurnError(`no answer for ${options.idleTimeoutMs / 1000}s`, true)), options.idleTimeoutMs);
    };
    function onAbort(): void {
      fail(abortError(signal?.reason));
    }

    signal?.addEventListener('abort', onAbort, { once: true });
    touch();
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      const date = typeof response.headers.date === 'string' ? response.headers.date : undefined;
      response.resume();
      fail(new EdgeTurnError(`the server refused the connection (HTTP ${status})`, status === 429 || status >= 500, status, date));
    });
    socket.on('open', () => {
      touch();
      const now = new Date(options.nowMs);
      socket.send(speechConfigMessage(now, options.outputFormat));
      socket.send(ssmlMessage(connectId(), now, options.ssml));
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      touch();
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        const frame = parseBinaryFrame(buffer);
        if (!frame) return fail(new EdgeTurnError('a binary frame had a broken header', true));
        if (frame.headers.Path === 'audio' && frame.audio.length > 0) chunks.push(frame.audio);
        return;
      }
      const frame = parseTextFrame(buffer.toString('utf8'));
      const path = frame.headers.Path;
      if (path === 'turn.start') started = true;
      else if (path === 'audio.metadata') {
        try {
          words.push(...parseWordBoundaries(frame.body));
        } catch {
          return fail(new EdgeTurnError('the word-boundary metadata was not JSON', true));
        }
      } else if (path === 'turn.end') {
        finish(() => resolve({ audio: Buffer.concat(chunks), words }));
        socket.close(1000);
      }
    });
    socket.on('error', (error) => {
      fail(new EdgeTurnError(error.message, true));
    });
    socket.on('close', (code) => {
      const where = started ? 'mid-stream' : 'before the turn started';
      fail(new EdgeTurnError(`the connection closed ${where} (code ${code})`, true));
    });
  });
}
