import { documentErrors } from './document-errors.js';
import { measureInflated } from './measure-inflated.js';

export interface ZipInflationLimits {
  /** Largest inflated size of one checked entry. */
  partBytes: number;
  /** Largest inflated size of all checked entries together. */
  totalBytes: number;
  /** Which entries the parser will inflate (the others are never read, so they cost nothing). */
  include: (name: string) => boolean;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_32 = 0xffffffff;

/**
 * Refuses a ZIP package (DOCX, PPTX…) whose entries inflate past the limits, before a parser
 * inflates them into memory. Each entry the parser will read is checked twice: its declared size
 * from the central directory (a truthful bomb is refused without inflating anything), then its
 * actual size, counted while inflating and stopped at the limit (a bomb that lies about its size).
 * The entries are found the way JSZip (mammoth's reader) finds them: the central directory's
 * sizes and offsets, ZIP64 included. A package this reader cannot follow is left to the parser,
 * which reports it as damaged.
 */
export async function checkZipInflation(file: string, bytes: Uint8Array, limits: ZipInflationLimits): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(buffer);
  if (!entries) return;
  let total = 0;
  for (const entry of entries) {
    if (!limits.include(entry.name)) continue;
    const room = Math.min(limits.partBytes, limits.totalBytes - total);
    const overWhich = () => (room < limits.partBytes ? documentErrors.inflatesTooLarge(file, 'its parts together', limits.totalBytes) : documentErrors.inflatesTooLarge(file, entry.name, limits.partBytes));
    if (entry.declaredSize > room) throw overWhich();
    const data = entryData(buffer, entry);
    if (!data) continue;
    const actual = entry.method === 0 ? data.length : entry.method === 8 ? await measureInflated(data, 'raw', room) : 0;
    if (actual > room) throw overWhich();
    total += actual;
  }
}

function readCentralDirectory(buffer: Buffer): ZipEntry[] | undefined {
  const eocd = lastSignature(buffer, EOCD, 22, 22 + 0xffff);
  if (eocd < 0) return undefined;
  let count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === MAX_32) {
    const locator = eocd - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== ZIP64_LOCATOR) return undefined;
    const zip64 = Number(buffer.readBigUInt64LE(locator + 8));
    if (zip64 + 56 > buffer.length || buffer.readUInt32LE(zip64) !== ZIP64_EOCD) return undefined;
    count = Number(buffer.readBigUInt64LE(zip64 + 32));
    offset = Number(buffer.readBigUInt64LE(zip64 + 48));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL) return entries;
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const entry: ZipEntry = {
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: buffer.readUInt16LE(offset + 10),
      compressedSize: buffer.readUInt32LE(offset + 20),
      declaredSize: buffer.readUInt32LE(offset + 24),
      localOffset: buffer.readUInt32LE(offset + 42),
    };
    readZip64Extra(buffer.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offsets too big for 32 bits sit in the ZIP64 extra field, in this order, only when their field is 0xFFFFFFFF. */
function readZip64Extra(extra: Buffer, entry: ZipEntry): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        const value = field + 8 <= at + 4 + size && field + 8 <= extra.length ? Number(extra.readBigUInt64LE(field)) : MAX_32;
        field += 8;
        return value;
      };
      if (entry.declaredSize === MAX_32) entry.declaredSize = next();
      if (entry.compressedSize === MAX_32) entry.compressedSize = next();
      if (entry.localOffset === MAX_32) entry.localOffset = next();
      return;
    }
    at += 4 + size;
  }
}

function entryData(buffer: Buffer, entry: ZipEntry): Buffer | undefined {
  const local = entry.localOffset;
  if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL) return undefined;
  const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
  return buffer.subarray(start, Math.min(buffer.length, start + entry.compressedSize));
}

/** The last offset of a 4-byte signature within `maxBack` bytes of the end (the EOCD may be followed by a comment). */
function lastSignature(buffer: Buffer, signature: number, minBack: number, maxBack: number): number {
  for (let at = buffer.length - minBack; at >= Math.max(0, buffer.length - maxBack); at--) {
    if (buffer.readUInt32LE(at) === signature) return at;
  }
  return -1;
}
