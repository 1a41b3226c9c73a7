import { readFileSync } from 'node:fs';
import { LectraError } from '../errors.js';
import { twemojiDataUri } from '../layout/emoji.js';
import { FALLBACK_FAMILIES, FONT_FAMILIES } from '../layout/fonts.js';
import { firstBaselineOffset, fontSegments, measureEm } from '../layout/measure-text.js';
import { tableParts } from '../layout/table-parts.js';
import { FRAME_HEIGHT_PX, FRAME_WIDTH_PX, PX_PER_IN, type ImageBox, type RectBox, type SlideLayout, type TextBox, type TextLine } from '../layout/types.js';
import { runStyle } from '../layout/wrap-text.js';

/**
 * One slide layout → an SVG of the 1080p frame. It draws the layout's boxes and nothing else, so
 * the video shows what the PPTX holds. Text goes line by line at the positions the layout
 * measured; glyphs the main font lacks are put in the fallback family explicitly, exactly as
 * the layout measured them, instead of trusting the renderer's own fallback choice.
 */
export interface FrameSvgOptions {
  /** Returns a data URI for an image file; the default reads PNG and JPEG files as they are. */
  embedImage?: (path: string) => string;
}

const FALLBACK_FAMILY = FALLBACK_FAMILIES[0];
const PX_PER_PT = PX_PER_IN / 72;

export function frameSvg(layout: SlideLayout, options: FrameSvgOptions = {}): string {
  const embed = options.embedImage ?? embedImageFile;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${FRAME_WIDTH_PX}" height="${FRAME_HEIGHT_PX}" viewBox="0 0 ${FRAME_WIDTH_PX} ${FRAME_HEIGHT_PX}">`,
    `<rect x="0" y="0" width="100%" height="100%" fill="${attr(layout.background)}"/>`,
  ];
  for (const box of layout.boxes) {
    if (box.kind === 'rect') parts.push(rectSvg(box));
    else if (box.kind === 'image') parts.push(imageSvg(box, embed));
    else if (box.kind === 'table') parts.push(...tableParts(box).map((part) => (part.kind === 'rect' ? rectSvg(part) : textSvg(part))));
    else parts.push(textSvg(box));
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function rectSvg(box: RectBox): string {
  const r = box.radius > 0 ? ` rx="${num(box.radius * PX_PER_IN)}"` : '';
  const opacity = box.opacity !== undefined && box.opacity < 1 ? ` fill-opacity="${num(box.opacity)}"` : '';
  return `<rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.w)}" height="${px(box.h)}"${r} fill="${attr(box.fill)}"${opacity}/>`;
}

function imageSvg(box: ImageBox, embed: (path: string) => string): string {
  // A contained picture's box already has its aspect ratio, so stretching is exact; a covering
  // one is scaled to fill the box and cropped to it, centred (as the PPTX crops it).
  const aspect = box.fit === 'cover' ? 'xMidYMid slice' : 'none';
  return `<image x="${px(box.x)}" y="${px(box.y)}" width="${px(box.w)}" height="${px(box.h)}" preserveAspectRatio="${aspect}" xlink:href="${attr(embed(box.path))}"/>`;
}

function textSvg(box: TextBox): string {
  const out: string[] = [];
  const lineHeightPx = box.lineHeight * PX_PER_PT;
  const blockHeight = box.lines.length * lineHeightPx;
  const free = box.h * PX_PER_IN - blockHeight;
  const top = box.y * PX_PER_IN + (box.valign === 'middle' ? free / 2 : box.valign === 'bottom' ? free : 0);
  const baseline0 = top + firstBaselineOffset(box.font, box.fontSize, box.lineHeight) * PX_PER_PT;
  const preserve = ' xml:space="preserve"';
  if (box.marker && box.lines.length > 0) {
    const marker = { runs: [{ text: box.marker.text }], width: 0 };
    out.push(`<text y="${num(baseline0)}" fill="${attr(box.marker.color)}"${preserve}>${spans(box, marker, box.x * PX_PER_IN)}</text>`);
  }
  box.lines.forEach((line, i) => {
    const y = baseline0 + i * lineHeightPx;
    if (box.highlightColor) out.push(...highlights(box, line, y - baseline0 + top, lineHeightPx));
    const emoji: string[] = [];
    out.push(`<text y="${num(y)}" fill="${attr(box.color)}"${preserve}>${spans(box, line, lineX(box, line), { baseline: y, images: emoji })}</text>`, ...emoji);
  });
  return `<g font-size="${num(box.fontSize * PX_PER_PT)}">${out.join('')}</g>`;
}

/** Marks behind `==highlighted==` runs: one rectangle per run, the line's height. */
function highlights(box: TextBox, line: TextLine, lineTop: number, lineHeightPx: number): string[] {
  const out: string[] = [];
  let x = lineX(box, line);
  for (const run of line.runs) {
    const w = measureEm(run.text, runStyle(run, box.font, box.bold)) * box.fontSize * PX_PER_PT;
    if (run.highlight) out.push(`<rect x="${num(x)}" y="${num(lineTop)}" width="${num(w)}" height="${num(lineHeightPx)}" fill="${attr(box.highlightColor!)}"/>`);
    x += w;
  }
  return out;
}

/** Left edge of a line in px: alignment uses the width the layout measured. */
function lineX(box: TextBox, line: TextLine): number {
  const left = (box.x + box.indent) * PX_PER_IN;
  const free = (box.w - box.indent - line.width) * PX_PER_IN;
  if (box.align === 'center') return left + free / 2;
  if (box.align === 'right') return left + free;
  return left;
}

/**
 * Every run — and inside it every stretch drawn with the fallback font — is its own tspan at
 * the x the layout measured. resvg then shapes each stretch on its own, as measured; letting it
 * flow a fallback glyph inline shifts the rest of the line.
 */
function spans(box: TextBox, line: TextLine, left: number, emoji?: { baseline: number; images: string[] }): string {
  const out: string[] = [];
  let x = left;
  const sizePx = box.fontSize * PX_PER_PT;
  for (const run of line.runs) {
    const style = runStyle(run, box.font, box.bold);
    const weight = style.bold ? 'bold' : 'normal';
    const slant = style.italic ? 'italic' : 'normal';
    for (const seg of fontSegments(run.text, style)) {
      if (seg.emoji) {
        // Twemoji's square, 1 em, centred in the space the layout reserved, sitting on the baseline.
        const size = sizePx;
        emoji?.images.push(`<image x="${num(x + ((seg.em - 1) * sizePx) / 2)}" y="${num((emoji?.baseline ?? 0) - 0.85 * size)}" width="${num(size)}" height="${num(size)}" xlink:href="${attr(twemojiDataUri(seg.emoji))}"/>`);
        x += seg.em * sizePx;
        continue;
      }
      const family = seg.fallback ? quoteFamily(FALLBACK_FAMILIES[seg.fallbackIndex ?? 0]) : `${quoteFamily(FONT_FAMILIES[style.font])}, ${quoteFamily(FALLBACK_FAMILY)}`;
      // Characters no font has are placed one by one at the width the layout reserved for them.
      const pieces = seg.missing ? [...seg.text] : [seg.text];
      for (const text of pieces) {
        const colour = run.color ? ` fill="${attr(run.color)}"` : '';
        const underline = run.link !== undefined ? ' text-decoration="underline"' : '';
        out.push(`<tspan x="${num(x)}" font-family="${attr(family)}" font-weight="${weight}" font-style="${slant}"${colour}${underline}>${xml(text)}</tspan>`);
        x += (seg.missing ? measureEm(text, style) : seg.em) * box.fontSize * PX_PER_PT;
      }
    }
  }
  return out.join('');
}

function quoteFamily(name: string): string {
  return /\s/.test(name) ? `'${name}'` : name;
}

/** Default image embedding: PNG and JPEG files as they are; other formats need converting first. */
export function embedImageFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new LectraError('missing-image', `Image not found: ${path} — check the path in the slide.`, { cause, file: path });
  }
  const mime = sniffMime(bytes);
  if (!mime) {
    throw new LectraError('render-failed', `Image ${path} is not PNG or JPEG — convert it first (rasteriseFrame does this).`, { file: path });
  }
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

export function sniffMime(bytes: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

function px(inches: number): string {
  return num(inches * PX_PER_IN);
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function xml(text: string): string {
  // Characters XML 1.0 forbids (other control codes) are dropped rather than breaking the parse.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(text: string): string {
  return xml(text).replace(/"/g, '&quot;');
}
