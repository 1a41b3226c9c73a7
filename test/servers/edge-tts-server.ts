/**
 * A local stand-in for the Edge read-aloud service: a real HTTP + WebSocket server on 127.0.0.1
 * speaking its wire protocol (token-checked upgrade at …/edge/v1, `speech.config` and `ssml`
 * text frames in; `turn.start`, `audio.metadata` word boundaries in 100-ns ticks, binary
 * `Path:audio` frames and `turn.end` out; voices/list over HTTP). Speech is real: eSpeak
 * speaks the SSML's text at its prosody rate and the audio is encoded as the requested format
 * (MP3 through FFmpeg, like the real service, or RIFF/raw PCM). Fault knobs: refuse upgrades
 * with a status, drop the socket mid-stream, delay answers. Used by tests; no vitest import.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../../src/testing/http-helpers.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { runFfmpeg } from '../../src/media/run-ffmpeg.js';
import { encodeWav } from '../../src/media/wav.js';
import { resampleLinear } from '../../src/speech/resample-linear.js';
import type { SpeechProvider } from '../../src/speech/contract.js';
import { espeakProvider } from '../../src/speech/providers/espeak.js';
import { binaryFrame, EDGE_TRUSTED_CLIENT_TOKEN, parseTextFrame, textFrame, TICKS_PER_SECOND } from '../../src/speech/providers/edge-protocol.js';

export interface EdgeServerVoice {
  ShortName: string;
  Locale: string;
  Gender: 'Male' | 'Female';
  /** eSpeak voice that speaks it. */
  espeak: string;
}

export interface EdgeTtsServerOptions {
  /** The next N upgrades are refused with `refuseStatus`. */
  refuseUpgrades?: number;
  refuseStatus?: number;
  /** The next N turns lose their socket after the first audio frame. */
  dropMidStream?: number;
  /** Delay before answering each turn. */
  latencyMs?: number;
  /** Accept any Sec-MS-GEC (default: it must match the server's clock). */
  skipTokenCheck?: boolean;
  /** Bytes of audio per binary frame (default 4096). */
  chunkBytes?: number;
}

export interface EdgeTtsServer {
  /** Base URL to pass as --tts-url (ws://127.0.0.1:PORT/consumer/speech/synthesize/readaloud). */
  url: string;
  options: EdgeTtsServerOptions;
  stats: { upgrades: number; refused: number; turns: number; dropped: number; peakTurns: number; voiceLists: number; ssml: string[]; formats: string[] };
  close(): Promise<void>;
}

export const EDGE_TEST_VOICES: EdgeServerVoice[] = [
  { ShortName: 'en-US-AriaNeural', Locale: 'en-US', Gender: 'Female', espeak: 'en-us' },
  { ShortName: 'en-US-GuyNeural', Locale: 'en-US', Gender: 'Male', espeak: 'en-us' },
  { ShortName: 'en-GB-SoniaNeural', Locale: 'en-GB', Gender: 'Female', espeak: 'en' },
  { ShortName: 'fr-FR-DeniseNeural', Locale: 'fr-FR', Gender: 'Female', espeak: 'fr' },
  { ShortName: 'de-DE-KatjaNeural', Locale: 'de-DE', Gender: 'Female', espeak: 'de' },
];

const BASE = '/consumer/speech/synthesize/readaloud';

export async function startEdgeTtsServer(options: EdgeTtsServerOptions = {}): Promise<EdgeTtsServer> {
  const speaker = await espeakProvider.setup({});
  const ffmpeg = resolveMediaBinaries().ffmpeg;
  const stats: EdgeTtsServer['stats'] = { upgrades: 0, refused: 0, turns: 0, dropped: 0, peakTurns: 0, voiceLists: 0, ssml: [], formats: [] };
  let activeTurns = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === `${BASE}/voices/list`) {
      stats.voiceLists++;
      if (url.searchParams.get('trustedclienttoken') !== EDGE_TRUSTED_CLIENT_TOKEN) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(EDGE_TEST_VOICES.map(voiceEntry)));
    }
    res.writeHead(404).end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    stats.upgrades++;
    const refusal = refusalStatus(req, options);
    if (refusal) {
      stats.refused++;
      socket.end(`HTTP/1.1 ${refusal} Refused\r\nDate: ${new Date().toUTCString()}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveConnection(ws, { speaker, ffmpeg, options, stats, onTurn: (delta) => {
        activeTurns += delta;
        stats.peakTurns = Math.max(stats.peakTurns, activeTurns);
      } });
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `ws://127.0.0.1:${port}${BASE}`,
    options,
    stats,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await speaker.close();
    },
  };
}

function voiceEntry(voice: EdgeServerVoice) {
  const [lang, region, name] = voice.ShortName.split('-');
  return {
    Name: `Microsoft Server Speech Text to Speech Voice (${lang}-${region}, ${name})`,
    ShortName: voice.ShortName,
    Gender: voice.Gender,
    Locale: voice.Locale,
    SuggestedCodec: 'audio-24khz-48kbitrate-mono-mp3',
    FriendlyName: `Microsoft ${name.replace(/Neural$/, '')} Online (Natural) - Test (${voice.Locale})`,
    Status: 'GA',
    VoiceTag: { ContentCategories: ['General'], VoicePersonalities: ['Friendly'] },
  };
}

/**
 * The Sec-MS-GEC tokens the stand-in accepts: this 5-minute window's and the one before (a request
 * made just before a window boundary), worked out here from the published algorithm rather than
 * with the client's own function, so a wrong client token is refused.
 */
function acceptedTokens(nowMs: number): string[] {
  const window = 300n;
  const seconds = BigInt(Math.floor(nowMs / 1000)) + 11_644_473_600n;
  const start = seconds - (seconds % window);
  return [start, start - window].map((s) => createHash('sha256').update(`${s * 10_000_000n}${EDGE_TRUSTED_CLIENT_TOKEN}`).digest('hex').toUpperCase());
}

function refusalStatus(req: IncomingMessage, options: EdgeTtsServerOptions): number | undefined {
  if ((options.refuseUpgrades ?? 0) > 0) {
    options.refuseUpgrades = (options.refuseUpgrades ?? 0) - 1;
    return options.refuseStatus ?? 403;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== `${BASE}/edge/v1`) return 404;
  if (url.searchParams.get('TrustedClientToken') !== EDGE_TRUSTED_CLIENT_TOKEN || !url.searchParams.get('ConnectionId')) return 403;
  if (!options.skipTokenCheck && !acceptedTokens(Date.now()).includes(url.searchParams.get('Sec-MS-GEC') ?? '')) return 403;
  if (!url.searchParams.get('Sec-MS-GEC-Version')) return 403;
  return undefined;
}

interface ConnectionContext {
  speaker: SpeechProvider;
  ffmpeg: string;
  options: EdgeTtsServerOptions;
  stats: EdgeTtsServer['stats'];
  onTurn: (delta: number) => void;
}

function serveConnection(ws: WebSocket, ctx: ConnectionContext): void {
  let outputFormat = 'audio-24khz-48kbitrate-mono-mp3';
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const frame = parseTextFrame(data.toString());
    if (frame.headers.Path === 'speech.config') {
      outputFormat = (JSON.parse(frame.body) as { context: { synthesis: { audio: { outputFormat: string } } } }).context.synthesis.audio.outputFormat;
    } else if (frame.headers.Path === 'ssml') {
      ctx.stats.turns++;
      ctx.stats.ssml.push(frame.body);
      ctx.stats.formats.push(outputFormat);
      ctx.onTurn(1);
      answerTurn(ws, frame.headers['X-RequestId'] ?? '', frame.body, outputFormat, ctx)
        .catch(() => ws.terminate())
        .finally(() => ctx.onTurn(-1));
    }
  });
}

async function answerTurn(ws: WebSocket, requestId: string, ssml: string, format: string, ctx: ConnectionContext): Promise<void> {
  if (ctx.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, ctx.options.latencyMs));
  const send = (path: string, body: string, type = 'application/json; charset=utf-8') =>
    ws.send(textFrame({ 'X-RequestId': requestId, 'Content-Type': type, Path: path }, body));
  send('turn.start', JSON.stringify({ context: { serviceTag: 'test' } }));
  const voice = voiceFromSsml(ssml);
  if (!voice) return void send('turn.end', '{}');
  const spoken = await ctx.speaker.synthesize({ text: textFromSsml(ssml), voice: voice.espeak, lang: voice.Locale, rate: rateFromSsml(ssml) });
  const audio = await encode(spoken.samples, spoken.sampleRate, format, ctx.ffmpeg);
  const words = spoken.words ?? [];
  const chunk = ctx.options.chunkBytes ?? 4096;
  const drop = (ctx.options.dropMidStream ?? 0) > 0;
  let nextWord = 0;
  for (let at = 0; at < audio.length; at += chunk) {
    // Boundaries go out just before the audio they describe, as the real service interleaves them.
    const until = ((at + chunk) / audio.length) * (spoken.samples.length / spoken.sampleRate);
    while (nextWord < words.length && words[nextWord].start <= until) send('audio.metadata', metadata(words[nextWord++]));
    ws.send(binaryFrame({ 'X-RequestId': requestId, 'Content-Type': contentType(format), 'X-StreamId': '1', Path: 'audio' }, audio.subarray(at, at + chunk)));
    if (drop) {
      ctx.options.dropMidStream = (ctx.options.dropMidStream ?? 1) - 1;
      ctx.stats.dropped++;
      ws.terminate();
      return;
    }
  }
  while (nextWord < words.length) send('audio.metadata', metadata(words[nextWord++]));
  send('turn.end', '{}');
}

function metadata(word: { text: string; start: number; end: number }): string {
  const ticks = (s: number) => Math.round(s * TICKS_PER_SECOND);
  return JSON.stringify({
    Metadata: [{ Type: 'WordBoundary', Data: { Offset: ticks(word.start), Duration: ticks(word.end - word.start), text: { Text: word.text, Length: word.text.length, BoundaryType: 'WordBoundary' } } }],
  });
}

function contentType(format: string): string {
  if (format.endsWith('mp3')) return 'audio/mpeg';
  if (format.startsWith('riff')) return 'audio/x-wav';
  return 'audio/basic';
}

async function encode(samples: Int16Array, rate: number, format: string, ffmpeg: string): Promise<Buffer> {
  const target = Number(/(\d+)khz/.exec(format)?.[1] ?? 24) * 1000;
  const pcm = resampleLinear(samples, rate, target);
  if (format.startsWith('riff-')) return encodeWav(pcm, target);
  if (format.startsWith('raw-')) return encodeWav(pcm, target).subarray(44);
  const dir = await mkdtemp(path.join(tmpdir(), 'edge-server-'));
  try {
    await writeFile(path.join(dir, 'in.wav'), encodeWav(pcm, target));
    // No Xing/LAME header, like the service's streamed MP3.
    await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', path.join(dir, 'in.wav'), '-c:a', 'libmp3lame', '-b:a', '48k', '-write_xing', '0', '-f', 'mp3', '-y', path.join(dir, 'out.mp3')], { binary: ffmpeg });
    return await readFile(path.join(dir, 'out.mp3'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function voiceFromSsml(ssml: string): EdgeServerVoice | undefined {
  const name = /<voice\s+name=['"]([^'"]+)['"]/.exec(ssml)?.[1] ?? '';
  const long = /\(([a-z]{2,3})-([A-Z]{2}), (\w+)\)/.exec(name);
  const short = long ? `${long[1]}-${long[2]}-${long[3]}` : name;
  return EDGE_TEST_VOICES.find((v) => v.ShortName === short);
}

/** The rate of the outermost prosody (`+25%` → 1.25). */
function rateFromSsml(ssml: string): number {
  const percent = /<prosody[^>]*\srate=['"]([+-]?\d+)%['"]/.exec(ssml)?.[1];
  return percent === undefined ? 1 : 1 + Number(percent) / 100;
}

function textFromSsml(ssml: string): string {
  const body = ssml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
