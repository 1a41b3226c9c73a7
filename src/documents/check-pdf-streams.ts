import { documentErrors } from './document-errors.js';
import { measureInflated } from './measure-inflated.js';

export interface PdfStreamLimits {
  /** Largest inflated size of one stream. */
  streamBytes: number;
  /** Largest inflated size of all streams together. */
  totalBytes: number;
}

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');

/**
 * Refuses a PDF whose Flate streams inflate past the limits, before PDF.js decodes them: PDF.js
 * inflates a stream into one growing buffer (outside the worker's heap limit), so a page whose
 * content is a 1 GB bomb would be held whole. Every `stream … endstream` body is measured while
 * inflating (stopped at the limit); bodies that are not zlib data (JPEG images, other filters)
 * fail on their first bytes and cost nothing. Filters applied twice over are not unwrapped here:
 * the page and text limits and the worker's heap limit stand behind this check.
 */
export async function checkPdfStreams(file: string, bytes: Uint8Array, limits: PdfStreamLimits): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (let at = buffer.indexOf(STREAM); at >= 0; at = buffer.indexOf(STREAM, at + STREAM.length)) {
    // `endstream` contains `stream`; only a keyword that starts a body counts (followed by an end of line).
    if (at >= 3 && buffer.subarray(at - 3, at).toString('latin1') === 'end') continue;
    let start = at + STREAM.length;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] !== 0x0a) continue;
    start++;
    const end = buffer.indexOf(END, start);
    const body = buffer.subarray(start, end < 0 ? buffer.length : end);
    if (!looksLikeZlib(body)) continue;
    const room = Math.min(limits.streamBytes, limits.totalBytes - total);
    const size = await measureInflated(body, 'zlib', room);
    if (size > room) {
      throw room < limits.streamBytes ? documentErrors.inflatesTooLarge(file, 'its streams together', limits.totalBytes) : documentErrors.inflatesTooLarge(file, `a stream at byte ${at}`, limits.streamBytes);
    }
    total += size;
    at = end < 0 ? buffer.length : end;
  }
}

/** A zlib header: deflate method, a window size deflate allows, and the header checksum. */
function looksLikeZlib(body: Buffer): boolean {
  return body.length >= 2 && (body[0]! & 0x0f) === 8 && body[0]! >> 4 <= 7 && ((body[0]! << 8) | body[1]!) % 31 === 0;
}
