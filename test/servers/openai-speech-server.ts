/**
 * A local stand-in for OpenAI-compatible speech servers (OpenAI, Kokoro-FastAPI): a real
 * node:http server on 127.0.0.1 with `POST /v1/audio/speech` ({model, input, voice,
 * response_format, speed}) answering real eSpeak speech as WAV (streamed-style, data size
 * 0xFFFFFFFF), raw 24 kHz PCM or MP3, and `GET /v1/audio/voices` in Kokoro's shape. Errors use
 * OpenAI's `{error: {message, type, param}}` body. Knobs: required key (401), latency, failing
 * first calls (500), no voices endpoint (404). Used by tests; no vitest import.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { runFfmpeg } from '../../src/media/run-ffmpeg.js';
import { encodeWav } from '../../src/media/wav.js';
import { resampleLinear } from '../../src/speech/resample-linear.js';
import { espeakProvider } from '../../src/speech/providers/espeak.js';
import { listenOnLoopback, readBody, sendJson } from '../../src/testing/http-helpers.js';

export interface OpenAiSpeechServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get 401. */
  apiKey?: string;
  latencyMs?: number;
  /** The next N speech calls answer HTTP 500. */
  failFirst?: number;
  /** `kokoro` (default): {voices:[{id,name}]}; `legacy`: {voices:["…"]}; `none`: 404 like OpenAI. */
  voicesEndpoint?: 'kokoro' | 'legacy' | 'none';
  /** Voice ids and the eSpeak voice that speaks each. */
  voices?: Record<string, string>;
}

export interface OpenAiSpeechServer {
  /** The /v1 base to pass as --tts-url. */
  url: string;
  options: OpenAiSpeechServerOptions;
  requests: Array<{ path: string; body?: Record<string, unknown>; authorization?: string }>;
  close(): Promise<void>;
}

const DEFAULT_VOICES: Record<string, string> = { alloy: 'en-us', nova: 'en-us', af_bella: 'en-us', bf_emma: 'en', ff_siwis: 'fr' };

export async function startOpenAiSpeechServer(options: OpenAiSpeechServerOptions = {}): Promise<OpenAiSpeechServer> {
  const speaker = await espeakProvider.setup({});
  const ffmpeg = resolveMediaBinaries().ffmpeg;
  const requests: OpenAiSpeechServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, 500, (error as Error).message, 'server_error'));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    requests.push({ path: url.pathname, body, authorization: req.headers.authorization });
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    const voices = options.voices ?? DEFAULT_VOICES;
    if (req.method === 'GET' && url.pathname === '/v1/audio/voices') {
      if (options.voicesEndpoint === 'none') return sendError(res, 404, 'Not found', 'invalid_request_error');
      const list = options.voicesEndpoint === 'legacy' ? Object.keys(voices) : Object.keys(voices).map((id) => ({ id, name: id }));
      return sendJson(res, 200, { voices: list });
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/audio/speech') return sendError(res, 404, 'Not found', 'invalid_request_error');
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if ((options.failFirst ?? 0) > 0) {
      options.failFirst = (options.failFirst ?? 0) - 1;
      return sendError(res, 500, 'The server had an error while processing your request.', 'server_error');
    }
    const { input, voice, response_format: format = 'mp3', speed = 1, model } = body ?? {};
    if (typeof input !== 'string' || input.trim() === '') return sendError(res, 400, "Missing required parameter: 'input'.", 'invalid_request_error', undefined, 'input');
    if (typeof model !== 'string' || !['tts-1', 'tts-1-hd', 'kokoro', 'gpt-4o-mini-tts'].includes(model)) return sendError(res, 400, `Unsupported model: ${String(model)}`, 'invalid_request_error', undefined, 'model');
    const espeakVoice = typeof voice === 'string' ? voices[voice] : undefined;
    if (!espeakVoice) return sendError(res, 400, `Voice '${String(voice)}' not found. Available voices: ${Object.keys(voices).join(', ')}`, 'invalid_request_error', undefined, 'voice');
    const spoken = await speaker.synthesize({ text: input, voice: espeakVoice, lang: 'en', rate: Number(speed) });
    const pcm = resampleLinear(spoken.samples, spoken.sampleRate, 24_000);
    const audio = await encode(pcm, String(format), ffmpeg);
    if (!audio) return sendError(res, 400, `Unsupported response_format: ${String(format)}`, 'invalid_request_error', undefined, 'response_format');
    res.writeHead(200, { 'content-type': `audio/${format === 'mp3' ? 'mpeg' : String(format)}` });
    res.end(audio);
  }

  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    options,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await speaker.close();
    },
  };
}

async function encode(pcm: Int16Array, format: string, ffmpeg: string): Promise<Buffer | undefined> {
  const wav = encodeWav(pcm, 24_000);
  if (format === 'pcm') return wav.subarray(44);
  if (format === 'wav') {
    // Streamed WAVs (OpenAI, Kokoro) cannot know their length: sizes are written as 0xFFFFFFFF.
    const streamed = Buffer.from(wav);
    streamed.writeUInt32LE(0xffffffff, 4);
    streamed.writeUInt32LE(0xffffffff, 40);
    return streamed;
  }
  if (format !== 'mp3') return undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'openai-server-'));
  try {
    await writeFile(path.join(dir, 'in.wav'), wav);
    await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', path.join(dir, 'in.wav'), '-c:a', 'libmp3lame', '-b:a', '64k', '-y', path.join(dir, 'out.mp3')], { binary: ffmpeg });
    return await readFile(path.join(dir, 'out.mp3'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}



function sendError(res: ServerResponse, status: number, message: string, type: string, code?: string, param?: string): void {
  sendJson(res, status, { error: { message, type, param: param ?? null, code: code ?? null } });
}
