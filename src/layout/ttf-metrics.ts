/**
 * The few TrueType tables text measurement needs, read straight from the font bytes: units per
 * em and line metrics (`head`, `hhea`), advance widths (`hmtx`), the character map (`cmap`
 * formats 4 and 12) and the legacy `kern` table (format 0). Parsing whole fonts with opentype.js
 * cost 160 ms and ~70 MB of heap for the seven bundled faces; this reads a few KB of tables and
 * keeps the bytes it was given. GPOS kerning is read by gpos-kerning.ts.
 */
export interface TtfMetrics {
  unitsPerEm: number;
  /** hhea ascender (font units, positive). */
  ascender: number;
  /** hhea descender (font units, negative as stored). */
  descender: number;
  glyphIndex: (codePoint: number) => number;
  advance: (glyph: number) => number;
  /** Pair kerning from the `kern` table (0 when the font has none). */
  kern: (left: number, right: number) => number;
}

export function readTtfMetrics(bytes: Uint8Array): TtfMetrics {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = fontTableOffsets(view);
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`the font has no ${tag} table`);
    return at;
  };
  const head = table('head');
  const hhea = table('hhea');
  const hmtx = table('hmtx');
  const metricsCount = view.getUint16(hhea + 34);
  return {
    unitsPerEm: view.getUint16(head + 18),
    ascender: view.getInt16(hhea + 4),
    descender: view.getInt16(hhea + 6),
    glyphIndex: characterMap(view, table('cmap')),
    advance: (glyph) => view.getUint16(hmtx + 4 * Math.min(glyph, metricsCount - 1)),
    kern: kernPairs(view, tables.get('kern')),
  };
}

/** Where each table starts, from the font's table directory (tag → byte offset). */
export function fontTableOffsets(view: DataView): Map<string, number> {
  const out = new Map<string, number>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(view.getUint8(record), view.getUint8(record + 1), view.getUint8(record + 2), view.getUint8(record + 3));
    out.set(tag, view.getUint32(record + 8));
  }
  return out;
}

/** The best Unicode subtable: full-repertoire format 12 first, then BMP format 4. */
function characterMap(view: DataView, cmap: number): (codePoint: number) => number {
  const count = view.getUint16(cmap + 2);
  const subtables: Array<{ platform: number; encoding: number; at: number; format: number }> = [];
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const at = cmap + view.getUint32(record + 4);
    subtables.push({ platform: view.getUint16(record), encoding: view.getUint16(record + 2), at, format: view.getUint16(at) });
  }
  const unicode = (s: (typeof subtables)[number]) => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10));
  const format12 = subtables.find((s) => unicode(s) && s.format === 12);
  if (format12) return format12Lookup(view, format12.at);
  const format4 = subtables.find((s) => unicode(s) && s.format === 4);
  if (format4) return format4Lookup(view, format4.at);
  throw new Error('the font has no Unicode cmap (format 4 or 12)');
}

function format12Lookup(view: DataView, at: number): (codePoint: number) => number {
  const groups = view.getUint32(at + 12);
  return (cp) => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const group = at + 16 + 12 * mid;
      const start = view.getUint32(group);
      if (cp < start) hi = mid - 1;
      else if (cp > view.getUint32(group + 4)) lo = mid + 1;
      else return view.getUint32(group + 8) + (cp - start);
    }
    return 0;
  };
}

function format4Lookup(view: DataView, at: number): (codePoint: number) => number {
  const segments = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (cp) => {
    if (cp > 0xffff) return 0;
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (view.getUint16(ends + 2 * mid) < cp) lo = mid + 1;
      else hi = mid;
    }
    const start = view.getUint16(starts + 2 * lo);
    if (cp < start || cp > view.getUint16(ends + 2 * lo)) return 0;
    const delta = view.getInt16(deltas + 2 * lo);
    const rangeOffset = view.getUint16(rangeOffsets + 2 * lo);
    if (rangeOffset === 0) return (cp + delta) & 0xffff;
    const glyph = view.getUint16(rangeOffsets + 2 * lo + rangeOffset + 2 * (cp - start));
    return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
  };
}

/** The `kern` table's format-0 pairs (the OpenType version-0 header), as a lookup. */
function kernPairs(view: DataView, kern: number | undefined): (left: number, right: number) => number {
  const pairs = new Map<number, number>();
  if (kern !== undefined && view.getUint16(kern) === 0) {
    let at = kern + 4;
    for (let t = view.getUint16(kern + 2); t > 0; t--) {
      const length = view.getUint16(at + 2);
      const format = view.getUint16(at + 4) >> 8;
      if (format === 0) {
        const count = view.getUint16(at + 6);
        for (let i = 0; i < count; i++) {
          const pair = at + 14 + 6 * i;
          pairs.set(view.getUint16(pair) * 65536 + view.getUint16(pair + 2), view.getInt16(pair + 4));
        }
      }
      at += length;
    }
  }
  return (left, right) => pairs.get(left * 65536 + right) ?? 0;
}
