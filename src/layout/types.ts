/**
 * The layout of one slide: absolute boxes in slide units (inches; the slide is 13.333 × 7.5 in,
 * PowerPoint's 16:9 "wide" size). Both renderers draw exactly these boxes: write-pptx puts them
 * into the .pptx and frame-svg draws them for the PNG frames (144 px per inch at 1920×1080).
 * Font sizes are in points (1 pt = 1/72 in = 2 px on a 1080p frame).
 */
export const SLIDE_WIDTH_IN = 13.333;
export const SLIDE_HEIGHT_IN = 7.5;
export const FRAME_WIDTH_PX = 1920;
export const FRAME_HEIGHT_PX = 1080;
export const PX_PER_IN = FRAME_WIDTH_PX / SLIDE_WIDTH_IN;

export type FontRole = 'sans' | 'mono';

/** A stretch of text with one style. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Drawn in the monospace font (inline `code`). */
  mono?: boolean;
}

/** One line of a wrapped paragraph; `width` is its measured advance in inches. */
export interface TextLine {
  runs: TextRun[];
  width: number;
}

export interface TextBox {
  kind: 'text';
  /** What the box holds; tests and the PPTX writer use it (e.g. a title becomes the title placeholder's text). */
  role: 'title' | 'subtitle' | 'bullet' | 'code' | 'caption' | 'footer';
  x: number;
  y: number;
  w: number;
  h: number;
  font: FontRole;
  /** Points. */
  fontSize: number;
  /** Baseline-to-baseline distance in points. */
  lineHeight: number;
  color: string; // '#RRGGBB'
  bold: boolean;
  align: 'left' | 'center' | 'right';
  /** Vertical placement of the lines inside the box. */
  valign: 'top' | 'middle' | 'bottom';
  lines: TextLine[];
  /** Bullet marker ("•", "–", "3.") drawn at x; the text starts at x + indent. */
  marker?: { text: string; color: string };
  /** Inches from x to where the text starts (0 without a marker). */
  indent: number;
  /** Nesting level for bullets: 0 or 1. */
  level?: number;
  /** Index of the bullet this box belongs to, for bullets. */
  bulletIndex?: number;
}

export interface ImageBox {
  kind: 'image';
  x: number;
  y: number;
  w: number;
  h: number;
  /** Absolute file path of the image. */
  path: string;
  alt: string;
}

export interface RectBox {
  kind: 'rect';
  role: 'code-background' | 'accent' | 'image-placeholder';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  /** Corner radius in inches (0 = square). */
  radius: number;
}

export type LayoutBox = TextBox | ImageBox | RectBox;

export interface SlideLayout {
  index: number;
  kind: import('../deck/schema.js').SlideLayoutKind;
  width: number;
  height: number;
  background: string;
  /** Drawn in order: later boxes are on top. */
  boxes: LayoutBox[];
}
