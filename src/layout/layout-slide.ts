import { creditLine, requiresAttribution } from '../images/credits.js';
import type { Block, Deck, ImageBlock, Slide, SlideLayoutKind } from '../deck/schema.js';
import { inferLayout } from '../deck/slide-content.js';
import { fitText, round } from './fit-text.js';
import { imageBox, stackBlocks, type IndexedBlock, type StackContext } from './layout-blocks.js';
import { fontSegments } from './measure-text.js';
import { parseInline } from './parse-inline.js';
import { tableParts } from './table-parts.js';
import { runStyle } from './wrap-text.js';
import { fitAspect, GRID, SAFE_MARGIN, type Area } from './slide-grid.js';
import { getTheme, SCRIM_OPACITY, type Theme } from './themes.js';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN, type LayoutBox, type RectBox, type SlideLayout, type TextBox } from './types.js';

/**
 * Deck slide → absolute boxes (inches) that both renderers draw. Text is wrapped and fitted with
 * the real fonts here, once, so the PPTX and the video frames cannot disagree.
 */
export interface LayoutOptions {
  /** Pixel sizes of images by path (EXIF-rotated), from readImageInfo; missing ones count as 4:3. */
  images?: Map<string, { width: number; height: number }>;
  /** Syntax colours of the slide's code blocks (highlight-code.ts), computed before the layout. */
  highlight?: StackContext['highlight'];
  /** The slide's display formulas, typeset before the layout (math-image.ts). */
  math?: StackContext['math'];
  /** The slide's diagrams (```dot), drawn before the layout (diagram-image.ts). */
  diagram?: StackContext['diagram'];
}

interface Ctx {
  slide: Slide;
  index: number;
  deck: Deck;
  theme: Theme;
  options: LayoutOptions;
  cut: string[];
}

export function layoutDeck(deck: Deck, options: LayoutOptions = {}): SlideLayout[] {
  return deck.slides.map((slide, i) => layoutSlide(slide, i, deck, options));
}

export function layoutSlide(slide: Slide, index: number, deck: Deck, options: LayoutOptions = {}): SlideLayout {
  const theme = slideTheme(deck, slide);
  const ctx: Ctx = { slide, index, deck, theme, options, cut: [] };
  const kind = effectiveKind(slide, index);
  const boxes: LayoutBox[] = [...background(ctx)];
  if (kind === 'title' || kind === 'section') boxes.push(...titleSlide(ctx, kind));
  else if (kind === 'center') boxes.push(...centredSlide(ctx));
  else boxes.push(...contentSlide(ctx, kind));
  boxes.push(...header(ctx), ...footer(ctx, kind));
  const layout: SlideLayout = { index, kind, width: SLIDE_WIDTH_IN, height: SLIDE_HEIGHT_IN, background: theme.background, boxes };
  if (ctx.cut.length > 0) layout.cut = ctx.cut;
  const missing = missingGlyphs(boxes);
  if (missing.length > 0) layout.missingGlyphs = missing;
  return layout;
}

/** Characters of the slide's text that no bundled font has: never a silent box. */
function missingGlyphs(boxes: LayoutBox[]): string[] {
  const found = new Set<string>();
  for (const box of boxes.flatMap((b) => (b.kind === 'table' ? tableParts(b) : [b]))) {
    if (box.kind !== 'text') continue;
    for (const run of box.lines.flatMap((line) => line.runs)) {
      for (const seg of fontSegments(run.text, runStyle(run, box.font, box.bold))) {
        if (seg.missing) for (const ch of seg.text) if (ch.trim()) found.add(ch);
      }
    }
  }
  return [...found].map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${ch}`);
}

/** The deck's theme, inverted for `class: invert`, with the slide's own colours over it. */
export function slideTheme(deck: Deck, slide: Pick<Slide, 'style'>): Theme {
  const style = slide.style;
  const inverted = style?.class.includes('invert');
  const base = getTheme(inverted ? (deck.theme === 'dark' ? 'light' : 'dark') : deck.theme);
  const background = style?.background ? longHex(style.background) : base.background;
  const color = style?.color ? longHex(style.color) : undefined;
  return { ...base, background, ...(color ? { text: color, title: color } : {}), scrim: style?.background ? background : base.scrim };
}

function longHex(colour: string): string {
  const hex = colour.slice(1);
  return `#${(hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex).toUpperCase()}`;
}

/** A layout whose content is missing falls back to one that can show what there is. */
function effectiveKind(slide: Slide, index: number): SlideLayoutKind {
  const kind = slide.style?.class.includes('lead') && !slide.layout ? 'center' : inferLayout(slide, index);
  if (kind === 'image' && !slide.blocks.some((b) => b.type === 'image')) return slide.blocks.length > 0 ? 'content' : 'title';
  return kind;
}

function text(partial: Omit<TextBox, 'kind' | 'indent' | 'valign'> & Partial<Pick<TextBox, 'valign' | 'indent'>>): TextBox {
  return { kind: 'text', valign: 'top', indent: 0, ...partial };
}

function rect(role: RectBox['role'], area: Area, fill: string, radius = 0): RectBox {
  return { kind: 'rect', role, ...area, fill, radius };
}

function indexed(blocks: Block[], keep: (block: Block) => boolean): IndexedBlock[] {
  return blocks.flatMap((block, index) => (keep(block) ? [{ block, index }] : []));
}

function stackContext(ctx: Ctx, align: 'left' | 'center' = 'left'): StackContext {
  return { theme: ctx.theme, images: ctx.options.images, highlight: ctx.options.highlight, math: ctx.options.math, diagram: ctx.options.diagram, align };
}

const isBackground = (block: Block): boolean => block.type === 'image' && block.position === 'background';

// ---- background ----

/**
 * Background pictures cover the slide (several share it side by side, as Marp draws them); text
 * over them gets a scrim so it stays readable.
 */
function background(ctx: Ctx): LayoutBox[] {
  const pictures = ctx.slide.blocks.filter((b): b is ImageBlock => b.type === 'image' && b.position === 'background');
  if (pictures.length === 0) return [];
  const w = SLIDE_WIDTH_IN / pictures.length;
  const boxes: LayoutBox[] = pictures.map((picture, i) => {
    const natural = ctx.options.images?.get(picture.src) ?? { width: 16, height: 9 };
    const full = { x: i * w, y: 0, w, h: SLIDE_HEIGHT_IN };
    const contain = picture.fit === 'contain';
    const area = contain ? fitAspect(full, natural.width, natural.height) : full;
    return imageBox({ ...picture, fit: contain ? 'contain' : 'cover' }, area.x, area.y, area.w, area.h, natural);
  });
  const hasText = Boolean(ctx.slide.title || ctx.slide.subtitle || ctx.slide.blocks.some((b) => b.type !== 'image'));
  if (hasText) boxes.push({ ...rect('scrim', { x: 0, y: 0, w: SLIDE_WIDTH_IN, h: SLIDE_HEIGHT_IN }, ctx.theme.scrim), opacity: SCRIM_OPACITY });
  return boxes;
}

// ---- title and section slides ----

const TITLE_SLIDE = { width: 11.0, titleMax: 54, titleMin: 28, titleMaxH: 3.1, subMax: 28, subMin: 18, subMaxH: 1.5, gap: 0.32, centre: 3.6 };

function titleSlide(ctx: Ctx, kind: 'title' | 'section'): LayoutBox[] {
  const { slide, deck, theme, index } = ctx;
  const first = index === 0 && kind === 'title';
  const titleText = slide.title || (first ? deck.title : '');
  const subtitleText = slide.subtitle ?? (first ? deck.subtitle : undefined) ?? '';
  const T = TITLE_SLIDE;
  const x = (SLIDE_WIDTH_IN - T.width) / 2;
  const blocks = indexed(slide.blocks, (b) => !isBackground(b));
  const title = titleText
    ? fitText({ runs: parseInline(titleText), font: 'sans', bold: true, width: T.width, maxHeight: blocks.length > 0 ? 1.8 : T.titleMaxH, maxSize: T.titleMax, minSize: T.titleMin, lineRatio: 1.12 })
    : undefined;
  const sub = subtitleText
    ? fitText({ runs: parseInline(subtitleText), font: 'sans', bold: false, width: T.width, maxHeight: T.subMaxH, maxSize: T.subMax, minSize: T.subMin, lineRatio: 1.25 })
    : undefined;
  const ruleW = 1.2;
  const groupH = (title?.height ?? 0) + T.gap + GRID.ruleH + (sub ? T.gap + sub.height : 0);
  const bottom = SLIDE_HEIGHT_IN - SAFE_MARGIN - (first && deck.author ? 0.8 : 0.4);
  // Blocks under the title (a cover's "by Ada", a section's summary) are centred as a group with it.
  const room = bottom - SAFE_MARGIN - groupH - T.gap;
  const measured = blocks.length > 0 ? stackBlocks(blocks, { x, y: 0, w: T.width, h: Math.max(0.5, room) }, stackContext(ctx, 'center'), 'top') : undefined;
  const total = groupH + (measured ? T.gap + measured.height : 0);
  let y = Math.max(SAFE_MARGIN, Math.min(T.centre - total / 2, bottom - total));
  const boxes: LayoutBox[] = [];
  if (title) {
    boxes.push(text({ role: 'title', x, y, w: T.width, h: title.height, font: 'sans', fontSize: title.fontSize, lineHeight: title.lineHeight, color: theme.title, bold: true, align: 'center', lines: title.lines }));
    y += title.height + T.gap;
  }
  boxes.push(rect('accent', { x: (SLIDE_WIDTH_IN - ruleW) / 2, y, w: ruleW, h: GRID.ruleH }, theme.accent, GRID.ruleH / 2));
  y += GRID.ruleH + T.gap;
  if (sub) {
    boxes.push(text({ role: 'subtitle', x, y, w: T.width, h: sub.height, font: 'sans', fontSize: sub.fontSize, lineHeight: sub.lineHeight, color: theme.muted, bold: false, align: 'center', lines: sub.lines }));
    y += sub.height + T.gap;
  }
  if (measured) {
    const placed = stackBlocks(blocks, { x, y, w: T.width, h: measured.height }, stackContext(ctx, 'center'), 'top');
    boxes.push(...placed.boxes);
    ctx.cut.push(...placed.cut);
  }
  if (first && deck.author) boxes.push(authorLine(deck.author, theme));
  return boxes;
}

function authorLine(author: string, theme: Theme): TextBox {
  const fitted = fitText({ runs: parseInline(author), font: 'sans', bold: false, width: TITLE_SLIDE.width, maxHeight: 0.45, maxSize: 18, minSize: 14, lineRatio: 1.25 });
  const y = SLIDE_HEIGHT_IN - SAFE_MARGIN - 0.35 - fitted.height;
  const x = (SLIDE_WIDTH_IN - TITLE_SLIDE.width) / 2;
  return text({ role: 'caption', x, y, w: TITLE_SLIDE.width, h: fitted.height, font: 'sans', fontSize: fitted.fontSize, lineHeight: fitted.lineHeight, color: theme.muted, bold: false, align: 'center', lines: fitted.lines });
}

// ---- centred slides (Marp `lead`, Slidev center/statement/fact/quote) ----

function centredSlide(ctx: Ctx): LayoutBox[] {
  const { slide, theme } = ctx;
  const width = GRID.contentW;
  const blocks = indexed(slide.blocks, (b) => !isBackground(b));
  const title = slide.title
    ? fitText({ runs: parseInline(slide.title), font: 'sans', bold: true, width, maxHeight: 1.8, maxSize: 48, minSize: 28, lineRatio: 1.12 })
    : undefined;
  const gap = title && blocks.length > 0 ? 0.35 : 0;
  const top = SAFE_MARGIN + 0.3;
  const bottom = GRID.contentBottom;
  const room = bottom - top - (title?.height ?? 0) - gap;
  const measured = blocks.length > 0 ? stackBlocks(blocks, { x: GRID.contentX, y: 0, w: width, h: room }, stackContext(ctx, 'center'), 'top') : undefined;
  const total = (title?.height ?? 0) + gap + (measured?.height ?? 0);
  let y = top + Math.max(0, (bottom - top - total) / 2);
  const boxes: LayoutBox[] = [];
  if (title) {
    boxes.push(text({ role: 'title', x: GRID.contentX, y, w: width, h: title.height, font: 'sans', fontSize: title.fontSize, lineHeight: title.lineHeight, color: theme.title, bold: true, align: 'center', lines: title.lines }));
    y += title.height + gap;
  }
  if (measured) {
    const placed = stackBlocks(blocks, { x: GRID.contentX, y, w: width, h: measured.height }, stackContext(ctx, 'center'), 'top');
    boxes.push(...placed.boxes);
    ctx.cut.push(...placed.cut);
  }
  return boxes;
}

// ---- content slides ----

/** Title sizes: the normal one, and a compact one for slides whose content does not fit. */
const TITLE_SIZES = [
  { maxSize: 40, maxHeight: GRID.titleMaxH },
  { maxSize: 28, maxHeight: 0.9 },
];

/** The title at the top and its accent rule; returns the boxes and where content may start. */
function slideTitle(ctx: Ctx, size: (typeof TITLE_SIZES)[number], area: { x: number; w: number }): { boxes: LayoutBox[]; contentTop: number } {
  const top = titleY(ctx);
  if (!ctx.slide.title) return { boxes: [], contentTop: top };
  const fitted = fitText({ runs: parseInline(ctx.slide.title), font: 'sans', bold: true, width: area.w, maxHeight: size.maxHeight, maxSize: size.maxSize, minSize: 24, lineRatio: 1.15 });
  const title = text({ role: 'title', x: area.x, y: top, w: area.w, h: fitted.height, font: 'sans', fontSize: fitted.fontSize, lineHeight: fitted.lineHeight, color: ctx.theme.title, bold: true, align: 'left', lines: fitted.lines });
  const ruleY = top + fitted.height + GRID.ruleGap;
  const rule = rect('accent', { x: area.x, y: ruleY, w: GRID.ruleW, h: GRID.ruleH }, ctx.theme.accent, GRID.ruleH / 2);
  return { boxes: [title, rule], contentTop: ruleY + GRID.ruleH + GRID.ruleAfter };
}

/** The picture that gets a column of its own: placed left/right, or `auto` beside other content. */
function sidePicture(blocks: Block[]): ImageBlock | undefined {
  const placed = blocks.find((b): b is ImageBlock => b.type === 'image' && (b.position === 'left' || b.position === 'right'));
  if (placed) return placed;
  const others = blocks.filter((b) => b.type !== 'image');
  if (others.length === 0) return undefined;
  return blocks.find((b): b is ImageBlock => b.type === 'image' && b.position === 'auto');
}

/** Lays out the body under the normal title; if the body had to be cut, retries under a compact title. */
function contentSlide(ctx: Ctx, kind: SlideLayoutKind): LayoutBox[] {
  const blocks = ctx.slide.blocks;
  const side = kind === 'image' ? undefined : sidePicture(blocks);
  const share = side?.share ?? (side && side.fit === 'cover' && side.position !== 'auto' ? 0.4 : 1 - GRID.textShare);
  const bleed = side !== undefined && side.fit === 'cover' && side.position !== 'auto';
  const left = side?.position === 'left';
  // A bled picture fills its edge of the slide; a contained one sits in the content column.
  const sideW = bleed ? SLIDE_WIDTH_IN * share : (GRID.contentW + GRID.columnGap) * share - GRID.columnGap;
  const textX = side && left ? (bleed ? sideW + GRID.contentX * 0.75 : GRID.contentX + sideW + GRID.columnGap) : GRID.contentX;
  const textRight = side && !left ? (bleed ? SLIDE_WIDTH_IN - sideW - GRID.contentX * 0.75 : GRID.contentX + GRID.contentW - sideW - GRID.columnGap) : GRID.contentX + GRID.contentW;
  const textArea = { x: textX, w: textRight - textX };
  const flow = indexed(blocks, (b) => !isBackground(b) && b !== side);
  let chosen: { boxes: LayoutBox[]; cut: string[]; contentTop: number } | undefined;
  for (const size of TITLE_SIZES) {
    const { boxes, contentTop } = slideTitle(ctx, size, side ? textArea : { x: GRID.contentX, w: GRID.contentW });
    const area: Area = { ...textArea, y: contentTop, h: GRID.contentBottom - contentTop };
    const body = flow.length > 0 ? stackBlocks(flow, kind === 'image' ? imageOnly(ctx, area) : area, stackContext(ctx), kind === 'image' ? 'middle' : 'upper') : { boxes: [], cut: [], fits: true };
    chosen = { boxes: [...boxes, ...body.boxes], cut: body.cut, contentTop };
    if (body.fits) break;
  }
  ctx.cut.push(...(chosen?.cut ?? []));
  if (!side) return chosen?.boxes ?? [];
  const sideArea: Area = bleed
    ? { x: left ? 0 : SLIDE_WIDTH_IN - sideW, y: 0, w: sideW, h: SLIDE_HEIGHT_IN }
    : { x: left ? GRID.contentX : GRID.contentX + GRID.contentW - sideW, y: chosen?.contentTop ?? GRID.titleY, w: sideW, h: GRID.contentBottom - (chosen?.contentTop ?? GRID.titleY) };
  return [...picture(ctx, side, sideArea, bleed), ...(chosen?.boxes ?? [])];
}

/** Without a title a picture slide may use everything above the footer. */
function imageOnly(ctx: Ctx, area: Area): Area {
  if (ctx.slide.title) return area;
  const top = titleY(ctx) === GRID.titleY ? SAFE_MARGIN : titleY(ctx);
  return { x: SAFE_MARGIN, y: top, w: SLIDE_WIDTH_IN - 2 * SAFE_MARGIN, h: GRID.contentBottom - top };
}

/** A picture in its own area, with the credit line its licence asks for under it. */
function picture(ctx: Ctx, image: ImageBlock, full: Area, bleed: boolean): LayoutBox[] {
  const natural = ctx.options.images?.get(image.src) ?? { width: 4, height: 3 };
  if (bleed) return [imageBox({ ...image, fit: 'cover' }, full.x, full.y, full.w, full.h, natural)];
  const area = { ...full, h: full.h - 0.1 }; // a little air above the footer
  const credit = image.credit && requiresAttribution(image.credit.license, image.credit.provider) ? creditLine(image.credit) : '';
  const fitArea = credit ? { ...area, h: area.h - CREDIT_H } : area;
  const fitted = image.fit === 'cover' ? fitArea : fitAspect(fitArea, natural.width, natural.height);
  const box = imageBox(image, fitted.x, fitted.y, fitted.w, fitted.h, natural);
  if (!credit) return [box];
  // Licences such as CC BY require the credit where the picture is shown: a small line under it.
  const line = fitText({ runs: [{ text: credit }], font: 'sans', bold: false, width: box.w, maxHeight: CREDIT_H, maxSize: CREDIT_SIZE, minSize: 8, lineRatio: 1.2 });
  const caption = text({ role: 'caption', x: box.x, y: box.y + box.h + 0.04, w: box.w, h: CREDIT_H - 0.04, font: 'sans', fontSize: line.fontSize, lineHeight: line.lineHeight, color: ctx.theme.muted, bold: false, align: 'right', valign: 'top', lines: line.lines.slice(0, 1) });
  return [box, caption];
}

const CREDIT_H = 0.32;
const CREDIT_SIZE = 11;

// ---- header and footer ----

/** The header line sits at the top of the safe area; titles move down by HEADER_H when there is one. */
function header(ctx: Ctx): TextBox[] {
  const label = ctx.slide.style?.header;
  if (!label) return [];
  const fitted = fitText({ runs: parseInline(label), font: 'sans', bold: false, width: GRID.contentW, maxHeight: HEADER_H, maxSize: GRID.footerSize, minSize: GRID.footerSize, lineRatio: 1.2 });
  return [text({ role: 'header', x: GRID.contentX, y: SAFE_MARGIN, w: GRID.contentW, h: HEADER_H, font: 'sans', fontSize: fitted.fontSize, lineHeight: fitted.lineHeight, color: ctx.theme.muted, bold: false, valign: 'middle', align: 'left', lines: fitted.lines.slice(0, 1) })];
}

const HEADER_H = 0.3;

/** Where a content slide's title starts: under the header line when the slide has one. */
function titleY(ctx: Ctx): number {
  return ctx.slide.style?.header ? SAFE_MARGIN + HEADER_H + 0.12 : GRID.titleY;
}

/**
 * The deck title (or the slide's own footer) on the left and the page number on the right, on
 * content slides; a title or section slide shows them only when its style asks.
 */
function footer(ctx: Ctx, kind: SlideLayoutKind): TextBox[] {
  const { theme, deck, index, slide } = ctx;
  const cover = kind === 'title' || kind === 'section';
  const paginate = slide.style?.paginate ?? !cover;
  const label = slide.style?.footer ?? (cover ? '' : deck.title);
  const size = GRID.footerSize;
  const w = GRID.contentW;
  const base = { role: 'footer' as const, y: GRID.footerY, h: GRID.footerH, font: 'sans' as const, fontSize: size, color: theme.muted, bold: false, valign: 'middle' as const };
  const boxes: TextBox[] = [];
  if (label) {
    const fitted = fitText({ runs: parseInline(label), font: 'sans', bold: false, width: w - 2, maxHeight: GRID.footerH, maxSize: size, minSize: size, lineRatio: 1.2 });
    boxes.push(text({ ...base, lineHeight: fitted.lineHeight, x: GRID.contentX, w: w - 2, align: 'left', lines: fitted.lines.slice(0, 1) }));
  }
  if (paginate) {
    const number = fitText({ runs: [{ text: String(index + 1) }], font: 'sans', bold: false, width: 1.2, maxHeight: GRID.footerH, maxSize: size, minSize: size, lineRatio: 1.2 });
    boxes.push(text({ ...base, lineHeight: number.lineHeight, x: GRID.contentX + w - 1.2, w: 1.2, align: 'right', lines: number.lines }));
  }
  return boxes.map((b) => ({ ...b, h: round(Math.max(b.h, (b.lines.length * b.lineHeight) / 72), 4) }));
}
