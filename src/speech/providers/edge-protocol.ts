/**
 * The Edge read-aloud wire format, as pure functions (no sockets), shared by the provider and
 * the local test server. Text frames are HTTP-like: `Name:value` header lines, a blank line,
 * then a body. Binary frames start with a 2-byte big-endian header length, then the header
 * text, then audio bytes. The service sends `turn.start`, `audio.metadata` (word boundaries,
 * offsets in 100-ns ticks), binary `Path:audio` frames and finally `turn.end`.
 */
import { createHash, randomUUID } from 'node:crypto';

export const EDGE_TRUSTED_CLIENT_TOKEN = '6A5AA1D4EAFF4E9FB37E23D68491D6F4';
/** The service endpoint; `/edge/v1` (WebSocket) and `/voices/list` (HTTPS) hang below it. */
export const EDGE_DEFAULT_URL = 'wss://speech.platform.bing.com/consumer/speech/synthesize/readaloud';
/** The Edge build whose token version and User-Agent we present; bump both together. */
export const EDGE_CHROMIUM_VERSION = '143.0.3650.75';
/**
 * MP3 is what Edge itself asks for. The consumer endpoint refuses RIFF/raw PCM formats (and
 * may block clients that ask), so the audio is decoded with FFmpeg (see decode-audio.ts).
 */
export const EDGE_OUTPUT_FORMAT = 'audio-24khz-48kbitrate-mono-mp3';
export const EDGE_ORIGIN = 'chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold';
/** Windows FILETIME epoch (1601) to Unix epoch, in seconds. */
const WIN_EPOCH_OFFSET_SEC = 11_644_473_600;
/** Edge metadata offsets are 100-ns ticks. */
export const TICKS_PER_SECOND = 10_000_000;

export interface EdgeFrame {
  headers: Record<string, string>;
  body: string;
}

export interface EdgeWordBoundary {
  text: string;
  /** Seconds from the start of the turn's audio. */
  start: number;
  end: number;
}

export interface EdgeEndpoints {
  /** WebSocket URL without query (…/edge/v1). */
  synthesize: string;
  /** HTTP(S) URL of the voice list (…/voices/list). */
  voices: string;
}

/** Base URL (ws, wss, http or https; with or without `/edge/v1`) → both endpoints. */
export function edgeEndpoints(base: string = EDGE_DEFAULT_URL): EdgeEndpoints {
  const url = new URL(base);
  const root = url.pathname.replace(/\/+$/, '').replace(/\/(edge\/v1|voices\/list)$/, '');
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  return {
    synthesize: `${secure ? 'wss' : 'ws'}://${url.host}${root}/edge/v1`,
    voices: `${secure ? 'https' : 'http'}://${url.host}${root}/voices/list`,
  };
}

/**
 * The rolling anti-abuse token: SHA-256 (uppercase hex) of the Windows FILETIME tick count,
 * rounded down to 5 minutes, followed by the trusted client token.
 */
export function secMsGec(nowMs: number): string {
  let seconds = Math.floor(nowMs / 1000) + WIN_EPOCH_OFFSET_SEC;
  seconds -= seconds % 300;
  const ticks = BigInt(seconds) * 10_000_000n;
  return createHash('sha256').update(`${ticks}${EDGE_TRUSTED_CLIENT_TOKEN}`, 'ascii').digest('hex').toUpperCase();
}

export function secMsGecVersion(): string {
  return `1-${EDGE_CHROMIUM_VERSION}`;
}

/** Query string parameters the service checks. */
export function edgeQuery(nowMs: number, connectionId: string = connectId()): string {
  return new URLSearchParams({
    TrustedClientToken: EDGE_TRUSTED_CLIENT_TOKEN,
    ConnectionId: connectionId,
    'Sec-MS-GEC': secMsGec(nowMs),
    'Sec-MS-GEC-Version': secMsGecVersion(),
  }).toString();
}

export function edgeHeaders(): Record<string, string> {
  const major = EDGE_CHROMIUM_VERSION.split('.')[0];
  return {
    Pragma: 'no-cache',
    'Cache-Control': 'no-cache',
    Origin: EDGE_ORIGIN,
    'User-Agent': `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36 Edg/${major}.0.0.0`,
    'Accept-Encoding': 'gzip, deflate, br, zstd',
    'Accept-Language': 'en-US,en;q=0.9',
    Cookie: `muid=${randomUUID().replace(/-/g, '').toUpperCase()};`,
  };
}

export function connectId(): string {
  return randomUUID().replace(/-/g, '');
}

/** JavaScript Date.toString()-style timestamp in UTC, as Edge sends it. */
export function edgeTimestamp(date: Date): string {
  const day = date.toUTCString().slice(0, 3);
  const [, dd, mon, yyyy, time] = date.toUTCString().split(' ');
  return `${day} ${mon} ${dd} ${yyyy} ${time} GMT+0000 (Coordinated Universal Time)`;
}

export function speechConfigMessage(date: Date, outputFormat: string = EDGE_OUTPUT_FORMAT): string {
  const config = {
    context: { synthesis: { audio: { metadataoptions: { sentenceBoundaryEnabled: 'false', wordBoundaryEnabled: 'true' }, outputFormat } } },
  };
  return `X-Timestamp:${edgeTimestamp(date)}\r\nContent-Type:application/json; charset=utf-8\r\nPath:speech.config\r\n\r\n${JSON.stringify(config)}\r\n`;
}

export function ssmlMessage(requestId: string, date: Date, ssml: string): string {
  // The trailing "Z" after the timestamp is what Edge sends.
  return `X-RequestId:${requestId}\r\nContent-Type:application/ssml+xml\r\nX-Timestamp:${edgeTimestamp(date)}Z\r\nPath:ssml\r\n\r\n${ssml}`;
}

/** A text frame (or a binary frame's header block) → headers and body. */
export function parseTextFrame(data: string): EdgeFrame {
  const split = data.indexOf('\r\n\r\n');
  const head = split === -1 ? data : data.slice(0, split);
  const body = split === -1 ? '' : data.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

export function textFrame(headers: Record<string, string>, body: string): string {
  return `${Object.entries(headers).map(([k, v]) => `${k}:${v}`).join('\r\n')}\r\n\r\n${body}`;
}

/** A binary frame → its headers and audio bytes; undefined when the length prefix is broken. */
export function parseBinaryFrame(data: Buffer): { headers: Record<string, string>; audio: Buffer } | undefined {
  if (data.length < 2) return undefined;
  const headerLength = data.readUInt16BE(0);
  if (data.length < 2 + headerLength) return undefined;
  const { headers } = parseTextFrame(data.toString('utf8', 2, 2 + headerLength));
  return { headers, audio: data.subarray(2 + headerLength) };
}

export function binaryFrame(headers: Record<string, string>, audio: Buffer): Buffer {
  const head = Buffer.from(`${Object.entries(headers).map(([k, v]) => `${k}:${v}`).join('\r\n')}\r\n`, 'utf8');
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(head.length, 0);
  return Buffer.concat([prefix, head, audio]);
}

/** `audio.metadata` body → its word boundaries (sentence and punctuation boundaries are skipped). */
export function parseWordBoundaries(body: string): EdgeWordBoundary[] {
  const parsed = JSON.parse(body) as { Metadata?: Array<{ Type?: string; Data?: { Offset?: number; Duration?: number; text?: { Text?: string } } }> };
  const words: EdgeWordBoundary[] = [];
  for (const item of parsed.Metadata ?? []) {
    if (item.Type !== 'WordBoundary' || !item.Data) continue;
    const text = item.Data.text?.Text ?? '';
    const offset = Number(item.Data.Offset ?? 0);
    const duration = Number(item.Data.Duration ?? 0);
    if (text.trim() === '' || !Number.isFinite(offset)) continue;
    words.push({ text, start: offset / TICKS_PER_SECOND, end: (offset + Math.max(0, duration)) / TICKS_PER_SECOND });
  }
  return words;
}
