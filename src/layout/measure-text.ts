import { readFileSync } from 'node:fs';
import { LectraError } from '../errors.js';
import { EMOJI_EM, twemojiFile } from './emoji.js';
import { fontFiles } from './fonts.js';
import { readGposKerning } from './gpos-kerning.js';
import { readTtfMetrics, type TtfMetrics } from './ttf-metrics.js';
import type { FontRole } from './types.js';

/**
 * Text measurement with the same TTF files resvg draws with. Widths are computed glyph by glyph
 * (advance + GPOS pair kerning, as resvg's shaper applies it), from tables read straight from
 * the TTFs (ttf-metrics.ts, gpos-kerning.ts). Characters the primary face lacks are measured — and drawn, see
 * `fontSegments` — with the fallback face (DejaVu Sans).
 */
export interface RunStyle {
  font: FontRole;
  bold?: boolean;
  italic?: boolean;
}

/** A stretch of text drawn with one face: the style's own, or one of the fallback chain. */
export interface FontSegment {
  text: string;
  fallback: boolean;
  /** Which face of FALLBACK_FAMILIES draws it (when `fallback`). */
  fallbackIndex?: number;
  /** No bundled font has these characters (e.g. CJK): a renderer draws placeholder boxes. */
  missing: boolean;
  /** A colour emoji drawn as a Twemoji picture (one character a segment, EMOJI_EM wide). */
  emoji?: string;
  /** Advance width in em (multiply by the font size). */
  em: number;
}

type FaceKey = 'sans' | 'sans-bold' | 'sans-italic' | 'sans-bold-italic' | 'mono' | 'mono-bold' | 'fallback' | 'fallback-1' | 'fallback-2' | 'fallback-3';

const CHAIN: FaceKey[] = ['fallback', 'fallback-1', 'fallback-2', 'fallback-3'];

/** A face's metrics, with kerning from GPOS where the font has it (else its `kern` table). */
type Face = TtfMetrics;

const faces = new Map<FaceKey, Face>();

function faceFile(key: FaceKey): string {
  const f = fontFiles();
  const files: Record<FaceKey, string> = {
    sans: f.sans.regular,
    'sans-bold': f.sans.bold,
    'sans-italic': f.sans.italic,
    'sans-bold-italic': f.sans.boldItalic,
    mono: f.mono.regular,
    'mono-bold': f.mono.bold,
    fallback: f.fallback,
    'fallback-1': f.more[0]!,
    'fallback-2': f.more[1]!,
    'fallback-3': f.more[2]!,
  };
  return files[key];
}

function loadFace(key: FaceKey): Face {
  const file = faceFile(key);
  let bytes: Buffer;
  let font: TtfMetrics;
  try {
    bytes = readFileSync(file);
    font = readTtfMetrics(bytes);
  } catch (cause) {
    throw new LectraError('render-failed', `Could not load the font ${file} — reinstall LECTRA's dependencies (npm install).`, { cause });
  }
  return { ...font, kern: readGposKerning(bytes) ?? font.kern };
}

function face(key: FaceKey): Face {
  let f = faces.get(key);
  if (!f) {
    f = loadFace(key);
    faces.set(key, f);
  }
  return f;
}

function faceKey(style: RunStyle): FaceKey {
  if (style.font === 'mono') return style.bold ? 'mono-bold' : 'mono';
  if (style.bold) return style.italic ? 'sans-bold-italic' : 'sans-bold';
  return style.italic ? 'sans-italic' : 'sans';
}

/** CJK ideographs, kana, Hangul and full-width forms: no bundled font has them, and they are 1 em wide. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Zero-width characters (combining marks, joiners, variation selectors): drawn without advance. */
const ZERO_WIDTH = /[\u0300-\u036f\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff]/u;

/** Splits text into stretches drawn with the style's face and stretches drawn with the fallback face. */
export function fontSegments(text: string, style: RunStyle): FontSegment[] {
  const primary = face(faceKey(style));
  const out: FontSegment[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const lacks = primary.glyphIndex(cp) === 0 && !ZERO_WIDTH.test(ch);
    const index = lacks ? CHAIN.findIndex((key) => face(key).glyphIndex(cp) !== 0) : -1;
    const fallback = index >= 0;
    const emoji = lacks && !fallback ? twemojiFile(ch) : undefined;
    if (emoji) {
      out.push({ text: ch, fallback: false, missing: false, em: EMOJI_EM, emoji });
      continue;
    }
    const missing = lacks && !fallback;
    const last = out[out.length - 1];
    if (last && !last.emoji && last.fallback === fallback && last.missing === missing && (last.fallbackIndex ?? -1) === index) last.text += ch;
    else out.push({ text: ch, fallback, missing, em: 0, ...(fallback ? { fallbackIndex: index } : {}) });
  }
  for (const seg of out) if (!seg.emoji) seg.em = segmentEm(seg.text, seg.fallback ? face(CHAIN[seg.fallbackIndex ?? 0]!) : primary);
  return out;
}

/** Advance width in em of text drawn with one face (kerning on). */
function segmentEm(text: string, f: Face): number {
  let units = 0;
  let prev = -1;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const glyph = f.glyphIndex(cp);
    if (glyph === 0) {
      // Missing everywhere: resvg draws nothing or a box; reserve a full em for wide scripts.
      units += ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? f.unitsPerEm : f.advance(0);
      prev = -1;
      continue;
    }
    if (prev >= 0) units += f.kern(prev, glyph);
    units += f.advance(glyph);
    prev = glyph;
  }
  return units / f.unitsPerEm;
}

const emCache = new Map<string, number>();
const EM_CACHE_LIMIT = 50_000;

/** Advance width of text in em (font size 1), fallback glyphs included. */
export function measureEm(text: string, style: RunStyle): number {
  const key = `${faceKey(style)}\u0000${text}`;
  const hit = emCache.get(key);
  if (hit !== undefined) return hit;
  const em = fontSegments(text, style).reduce((sum, seg) => sum + seg.em, 0);
  // A bounded cache: layout re-measures the same words at every trial font size.
  if (emCache.size >= EM_CACHE_LIMIT) emCache.clear();
  emCache.set(key, em);
  return em;
}

/** Advance width in inches of text at a font size in points. */
export function measureText(text: string, fontSize: number, style: RunStyle): number {
  return (measureEm(text, style) * fontSize) / 72;
}

/** Ascent and descent of a role's regular face as fractions of the font size (hhea metrics). */
export function fontMetrics(font: FontRole): { ascent: number; descent: number } {
  const f = face(font === 'mono' ? 'mono' : 'sans');
  // hhea stores the descender as a negative offset below the baseline.
  return { ascent: f.ascender / f.unitsPerEm, descent: -f.descender / f.unitsPerEm };
}

/**
 * Where a box's first baseline sits below its top, in points: half the leading above the em box,
 * then the ascent. frame-svg draws with this and write-pptx approximates it.
 */
export function firstBaselineOffset(font: FontRole, fontSize: number, lineHeight: number): number {
  return (lineHeight - fontSize) / 2 + fontMetrics(font).ascent * fontSize;
}

/**
 * Height in points that n lines need so that the last line's descenders stay inside the box
 * (with a tight line height they reach below n × lineHeight).
 */
export function linesHeight(font: FontRole, fontSize: number, lineHeight: number, lines: number): number {
  if (lines <= 0) return 0;
  const ink = (lines - 1) * lineHeight + firstBaselineOffset(font, fontSize, lineHeight) + fontMetrics(font).descent * fontSize;
  return Math.max(lines * lineHeight, ink);
}
