/**
 * Pair kerning read straight from a font's GPOS table, extension lookups (type 9) included —
 * that is where Inter keeps its class kerning (opentype.js, used before, skipped them and read
 * zero); resvg (rustybuzz) applies them, so without them the layout would measure narrower than
 * what is drawn.
 * Only what width measurement needs is read: the `kern` feature's pair adjustments (type 2,
 * directly or through type 9), x-advance only.
 */
import { fontTableOffsets } from './ttf-metrics.js';

type Kerning = (left: number, right: number) => number;

interface PairSubtable {
  format: 1 | 2;
  /** Absolute offset of the subtable in the font file. */
  at: number;
  coverage: number;
  xAdvanceOffset: number; // byte offset of XAdvance inside ValueRecord1, -1 if absent
  record1Size: number;
  record2Size: number;
}

class Reader {
  constructor(private readonly view: DataView) {}
  u16(at: number): number {
    return this.view.getUint16(at);
  }
  i16(at: number): number {
    return this.view.getInt16(at);
  }
  u32(at: number): number {
    return this.view.getUint32(at);
  }
  tag(at: number): string {
    return String.fromCharCode(this.view.getUint8(at), this.view.getUint8(at + 1), this.view.getUint8(at + 2), this.view.getUint8(at + 3));
  }
}

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v; v >>= 1) c += v & 1;
  return c;
}

function kernLookupIndexes(r: Reader, gpos: number): number[] {
  const featureList = gpos + r.u16(gpos + 6);
  const indexes = new Set<number>();
  const count = r.u16(featureList);
  for (let i = 0; i < count; i++) {
    const rec = featureList + 2 + 6 * i;
    if (r.tag(rec) !== 'kern') continue;
    const feature = featureList + r.u16(rec + 4);
    const n = r.u16(feature + 2);
    for (let j = 0; j < n; j++) indexes.add(r.u16(feature + 4 + 2 * j));
  }
  // Lookups apply in lookup-list order whatever order the features name them.
  return [...indexes].sort((a, b) => a - b);
}

function pairSubtable(r: Reader, at: number): PairSubtable | undefined {
  const format = r.u16(at);
  if (format !== 1 && format !== 2) return undefined;
  const vf1 = r.u16(at + 4);
  const vf2 = r.u16(at + 6);
  return {
    format,
    at,
    coverage: at + r.u16(at + 2),
    xAdvanceOffset: vf1 & 0x4 ? 2 * popcount(vf1 & 0x3) : -1,
    record1Size: 2 * popcount(vf1),
    record2Size: 2 * popcount(vf2),
  };
}

function lookupSubtables(r: Reader, lookup: number): PairSubtable[] {
  const type = r.u16(lookup);
  const count = r.u16(lookup + 4);
  const out: PairSubtable[] = [];
  for (let i = 0; i < count; i++) {
    let sub = lookup + r.u16(lookup + 6 + 2 * i);
    if (type === 9) {
      if (r.u16(sub + 2) !== 2) continue;
      sub += r.u32(sub + 4);
    } else if (type !== 2) continue;
    const parsed = pairSubtable(r, sub);
    if (parsed) out.push(parsed);
  }
  return out;
}

function coverageIndex(r: Reader, at: number, glyph: number): number {
  const format = r.u16(at);
  const count = r.u16(at + 2);
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (format === 1) {
      const g = r.u16(at + 4 + 2 * mid);
      if (g === glyph) return mid;
      if (g < glyph) lo = mid + 1;
      else hi = mid - 1;
    } else {
      const rec = at + 4 + 6 * mid;
      const start = r.u16(rec);
      if (glyph < start) hi = mid - 1;
      else if (glyph > r.u16(rec + 2)) lo = mid + 1;
      else return r.u16(rec + 4) + glyph - start;
    }
  }
  return -1;
}

function glyphClass(r: Reader, at: number, glyph: number): number {
  const format = r.u16(at);
  if (format === 1) {
    const start = r.u16(at + 2);
    const count = r.u16(at + 4);
    return glyph >= start && glyph < start + count ? r.u16(at + 6 + 2 * (glyph - start)) : 0;
  }
  let lo = 0;
  let hi = r.u16(at + 2) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const rec = at + 4 + 6 * mid;
    if (glyph < r.u16(rec)) hi = mid - 1;
    else if (glyph > r.u16(rec + 2)) lo = mid + 1;
    else return r.u16(rec + 4);
  }
  return 0;
}

/** The x-advance adjustment of one subtable, or undefined when the subtable does not apply. */
function subtableKern(r: Reader, s: PairSubtable, left: number, right: number): number | undefined {
  const cov = coverageIndex(r, s.coverage, left);
  if (cov < 0) return undefined;
  const recordSize = s.record1Size + s.record2Size;
  if (s.format === 1) {
    const set = s.at + r.u16(s.at + 10 + 2 * cov);
    const count = r.u16(set);
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const rec = set + 2 + mid * (2 + recordSize);
      const second = r.u16(rec);
      if (second === right) return s.xAdvanceOffset < 0 ? 0 : r.i16(rec + 2 + s.xAdvanceOffset);
      if (second < right) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined; // not in this pair set: a later subtable may have the pair
  }
  const class1 = glyphClass(r, s.at + r.u16(s.at + 8), left);
  const class2 = glyphClass(r, s.at + r.u16(s.at + 10), right);
  const class2Count = r.u16(s.at + 14);
  const rec = s.at + 16 + (class1 * class2Count + class2) * recordSize;
  return s.xAdvanceOffset < 0 ? 0 : r.i16(rec + s.xAdvanceOffset);
}

/**
 * A kerning function (font units) for a TrueType/OpenType file, or undefined when the font has
 * no GPOS `kern` feature (the caller then uses the legacy `kern` table).
 */
export function readGposKerning(bytes: Uint8Array): Kerning | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(view);
  const gpos = fontTableOffsets(view).get('GPOS');
  if (gpos === undefined) return undefined;
  const lookupList = gpos + r.u16(gpos + 8);
  const lookups = kernLookupIndexes(r, gpos).map((i) => lookupSubtables(r, lookupList + r.u16(lookupList + 2 + 2 * i)));
  if (lookups.every((l) => l.length === 0)) return undefined;
  return (left, right) => {
    let total = 0;
    for (const subtables of lookups) {
      for (const s of subtables) {
        const v = subtableKern(r, s, left, right);
        if (v !== undefined) {
          total += v;
          break; // the first subtable that covers the pair is the one applied in a lookup
        }
      }
    }
    return total;
  };
}
