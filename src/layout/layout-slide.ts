import { creditLine, requiresAttribution } from '../images/credits.js';
import { inferLayout, type Deck, type Slide, type SlideImage } from '../deck/schema.js';
import { fitText, round } from './fit-text.js';
import { layoutBullets } from './layout-bullets.js';
import { layoutCode } from './layout-code.js';
import { parseInline } from './parse-inline.js';
import { fitAspect, GRID, SAFE_MARGIN, type Area } from './slide-grid.js';
import { getTheme, type Theme } from './themes.js';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN, type ImageBox, type LayoutBox, type RectBox, type SlideLayout, type TextBox } from './types.js';

/**
 * Deck slide → absolute boxes (inches) that both renderers draw. Text is wrapped and fitted with
 * the real fonts here, once, so the PPTX and the video frames cannot disagree.
 */
export interface LayoutOptions {
  /** Pixel sizes of images by path (EXIF-rotated), from readImageInfo; missing ones count as 4:3. */
  images?: Map<string, { width: number; height: number }>;
}

interface Ctx {
  slide: Slide;
  index: number;
  deck: Deck;
  theme: Theme;
  options: LayoutOptions;
}

export function layoutDeck(deck: Deck, options: LayoutOptions = {}): SlideLayout[] {
  return deck.slides.map((slide, i) => layoutSlide(slide, i, deck, options));
}

export function layoutSlide(slide: Slide, index: number, deck: Deck, options: LayoutOptions = {}): SlideLayout {
  const ctx: Ctx = { slide, index, deck, theme: getTheme(deck.theme), options };
  const kind = effectiveKind(slide, index);
  const boxes = kind === 'title' ? titleSlide(ctx) : [...contentSlide(ctx, kind), ...footer(ctx)];
  return { index, kind, width: SLIDE_WIDTH_IN, height: SLIDE_HEIGHT_IN, background: ctx.theme.background, boxes };
}

/** A named layout whose content is missing falls back to one that can show what there is. */
function effectiveKind(slide: Slide, index: number): SlideLayout['kind'] {
  const kind = inferLayout(slide, index);
  if (kind === 'code' && !slide.code) return slide.image ? 'image' : 'bullets';
  if (kind === 'bullets-image' && !slide.image) return 'bullets';
  return kind;
}

function text(partial: Omit<TextBox, 'kind' | 'indent' | 'valign'> & Partial<Pick<TextBox, 'valign' | 'indent'>>): TextBox {
  return { kind: 'text', valign: 'top', indent: 0, ...partial };
}

function rect(role: RectBox['role'], area: Area, fill: string, radius = 0): RectBox {
  return { kind: 'rect', role, ...area, fill, radius };
}

// ---- title slide ----

const TITLE_SLIDE = { width: 11.0, titleMax: 54, titleMin: 28, titleMaxH: 3.1, subMax: 28, subMin: 18, subMaxH: 1.5, gap: 0.32, centre: 3.6 };

function titleSlide(ctx: Ctx): LayoutBox[] {
  const { slide, deck, theme, index } = ctx;
  const titleText = slide.title || (index === 0 ? deck.title : '');
  const subtitleText = slide.subtitle ?? (index === 0 ? deck.subtitle : undefined) ?? '';
  const T = TITLE_SLIDE;
  const x = (SLIDE_WIDTH_IN - T.width) / 2;
  const title = titleText
    ? fitText({ runs: parseInline(titleText), font: 'sans', bold: true, width: T.width, maxHeight: T.titleMaxH, maxSize: T.titleMax, minSize: T.titleMin, lineRatio: 1.12 })
    : undefined;
  const sub = subtitleText
    ? fitText({ runs: parseInline(subtitleText), font: 'sans', bold: false, width: T.width, maxHeight: T.subMaxH, maxSize: T.subMax, minSize: T.subMin, lineRatio: 1.25 })
    : undefined;
  const ruleW = 1.2;
  const groupH = (title?.height ?? 0) + T.gap + GRID.ruleH + (sub ? T.gap + sub.height : 0);
  let y = Math.max(SAFE_MARGIN, T.centre - groupH / 2);
  const boxes: LayoutBox[] = [];
  if (title) {
    boxes.push(text({ role: 'title', x, y, w: T.width, h: title.height, font: 'sans', fontSize: title.fontSize, lineHeight: title.lineHeight, color: theme.title, bold: true, align: 'center', lines: title.lines }));
    y += title.height + T.gap;
  }
  boxes.push(rect('accent', { x: (SLIDE_WIDTH_IN - ruleW) / 2, y, w: ruleW, h: GRID.ruleH }, theme.accent, GRID.ruleH / 2));
  y += GRID.ruleH + T.gap;
  if (sub) {
    boxes.push(text({ role: 'subtitle', x, y, w: T.width, h: sub.height, font: 'sans', fontSize: sub.fontSize, lineHeight: sub.lineHeight, color: theme.muted, bold: false, align: 'center', lines: sub.lines }));
  }
  if (index === 0 && deck.author) boxes.push(authorLine(deck.author, theme));
  return boxes;
}

function authorLine(author: string, theme: Theme): TextBox {
  const fitted = fitText({ runs: parseInline(author), font: 'sans', bold: false, width: TITLE_SLIDE.width, maxHeight: 0.45, maxSize: 18, minSize: 14, lineRatio: 1.25 });
  const y = SLIDE_HEIGHT_IN - SAFE_MARGIN - 0.35 - fitted.height;
  const x = (SLIDE_WIDTH_IN - TITLE_SLIDE.width) / 2;
  return text({ role: 'caption', x, y, w: TITLE_SLIDE.width, h: fitted.height, font: 'sans', fontSize: fitted.fontSize, lineHeight: fitted.lineHeight, color: theme.muted, bold: false, align: 'center', lines: fitted.lines });
}

// ---- content slides ----

/** Title sizes: the normal one, and a compact one for slides whose content does not fit. */
const TITLE_SIZES = [
  { maxSize: 40, maxHeight: GRID.titleMaxH },
  { maxSize: 28, maxHeight: 0.9 },
];

/** The title at the top and its accent rule; returns the boxes and where content may start. */
function slideTitle(ctx: Ctx, size: (typeof TITLE_SIZES)[number]): { boxes: LayoutBox[]; contentTop: number } {
  if (!ctx.slide.title) return { boxes: [], contentTop: GRID.titleY };
  const fitted = fitText({ runs: parseInline(ctx.slide.title), font: 'sans', bold: true, width: GRID.contentW, maxHeight: size.maxHeight, maxSize: size.maxSize, minSize: 24, lineRatio: 1.15 });
  const title = text({ role: 'title', x: GRID.contentX, y: GRID.titleY, w: GRID.contentW, h: fitted.height, font: 'sans', fontSize: fitted.fontSize, lineHeight: fitted.lineHeight, color: ctx.theme.title, bold: true, align: 'left', lines: fitted.lines });
  const ruleY = GRID.titleY + fitted.height + GRID.ruleGap;
  const rule = rect('accent', { x: GRID.contentX, y: ruleY, w: GRID.ruleW, h: GRID.ruleH }, ctx.theme.accent, GRID.ruleH / 2);
  return { boxes: [title, rule], contentTop: ruleY + GRID.ruleH + GRID.ruleAfter };
}

/** Lays out the body under the normal title; if the body had to be cut, retries under a compact title. */
function contentSlide(ctx: Ctx, kind: SlideLayout['kind']): LayoutBox[] {
  let result: { boxes: LayoutBox[]; cramped: boolean } | undefined;
  for (const size of TITLE_SIZES) {
    const { boxes, contentTop } = slideTitle(ctx, size);
    const area: Area = { x: GRID.contentX, y: contentTop, w: GRID.contentW, h: GRID.contentBottom - contentTop };
    const body = slideBody(ctx, kind, area);
    result = { boxes: [...boxes, ...body.boxes], cramped: body.cramped };
    if (!body.cramped) break;
  }
  return result?.boxes ?? [];
}

function slideBody(ctx: Ctx, kind: SlideLayout['kind'], area: Area): { boxes: LayoutBox[]; cramped: boolean } {
  const { slide, theme } = ctx;
  if (kind === 'code' && slide.code) {
    const code = layoutCode(slide.code, area, theme);
    return { boxes: code.boxes, cramped: code.squeezed };
  }
  if (kind === 'image') return { boxes: imageOrPlaceholder(ctx, slide.title ? area : imageOnlyArea()), cramped: false };
  if (kind === 'bullets-image' && slide.image) {
    const textW = GRID.contentW * GRID.textShare;
    const textArea: Area = { ...area, w: textW };
    const imageArea: Area = { x: area.x + textW + GRID.columnGap, y: area.y, w: area.w - textW - GRID.columnGap, h: area.h };
    const bullets = layoutBullets(slide.bullets, slide.ordered, textArea, theme);
    return { boxes: [...bullets.boxes, ...imageOrPlaceholder(ctx, imageArea)], cramped: bullets.truncated };
  }
  const bullets = layoutBullets(slide.bullets, slide.ordered, area, theme);
  return { boxes: bullets.boxes, cramped: bullets.truncated };
}

/** Without a title the image may use everything above the footer. */
function imageOnlyArea(): Area {
  return { x: SAFE_MARGIN, y: SAFE_MARGIN, w: SLIDE_WIDTH_IN - 2 * SAFE_MARGIN, h: GRID.contentBottom - SAFE_MARGIN };
}

function imageOrPlaceholder(ctx: Ctx, full: Area): LayoutBox[] {
  const area = { ...full, h: full.h - 0.1 }; // a little air above the footer
  const image = ctx.slide.image;
  if (!image) return [rect('image-placeholder', fitAspect(area, 4, 3), ctx.theme.imagePlaceholder, 0.12)];
  const credit = image.credit && requiresAttribution(image.credit.license, image.credit.provider) ? creditLine(image.credit) : '';
  if (!credit) return [imageBox(image, area, ctx.options)];
  // Licences such as CC BY require the credit where the picture is shown: a small line under it.
  const box = imageBox(image, { ...area, h: area.h - CREDIT_H }, ctx.options);
  const fitted = fitText({ runs: [{ text: credit }], font: 'sans', bold: false, width: box.w, maxHeight: CREDIT_H, maxSize: CREDIT_SIZE, minSize: 8, lineRatio: 1.2 });
  const caption = text({ role: 'caption', x: box.x, y: box.y + box.h + 0.04, w: box.w, h: CREDIT_H - 0.04, font: 'sans', fontSize: fitted.fontSize, lineHeight: fitted.lineHeight, color: ctx.theme.muted, bold: false, align: 'right', valign: 'top', lines: fitted.lines.slice(0, 1) });
  return [box, caption];
}

const CREDIT_H = 0.32;
const CREDIT_SIZE = 11;

function imageBox(image: SlideImage, area: Area, options: LayoutOptions): ImageBox {
  const size = options.images?.get(image.src) ?? { width: 4, height: 3 };
  return { kind: 'image', ...fitAspect(area, size.width, size.height), path: image.src, alt: image.alt };
}

// ---- footer ----

function footer(ctx: Ctx): TextBox[] {
  const { theme, deck, index } = ctx;
  const size = GRID.footerSize;
  const w = GRID.contentW;
  const number = fitText({ runs: [{ text: String(index + 1) }], font: 'sans', bold: false, width: 1.2, maxHeight: GRID.footerH, maxSize: size, minSize: size, lineRatio: 1.2 });
  const base = { role: 'footer' as const, y: GRID.footerY, h: GRID.footerH, font: 'sans' as const, fontSize: size, lineHeight: number.lineHeight, color: theme.muted, bold: false, valign: 'middle' as const };
  const boxes = [text({ ...base, x: GRID.contentX + w - 1.2, w: 1.2, align: 'right', lines: number.lines })];
  if (deck.title) {
    const label = fitText({ runs: parseInline(deck.title), font: 'sans', bold: false, width: w - 2, maxHeight: GRID.footerH, maxSize: size, minSize: size, lineRatio: 1.2 });
    boxes.unshift(text({ ...base, x: GRID.contentX, w: w - 2, align: 'left', lines: label.lines.slice(0, 1) }));
  }
  return boxes.map((b) => ({ ...b, h: round(Math.max(b.h, b.lines.length * b.lineHeight / 72), 4) }));
}
