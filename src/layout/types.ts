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
  /** Drawn in the monospace font (inline `code`, and maths until it is typeset). */
  mono?: boolean;
  /** A link's target: drawn in the link colour, a hyperlink in the PPTX. */
  link?: string;
  /** `==marked==` text: drawn on the highlight colour. */
  highlight?: boolean;
  /** Inline maths: `text` is its readable Unicode ("E = mc²"), `tex` what the author wrote. */
  math?: boolean;
  tex?: string;
  /** Colour of this run, when it differs from its box's (links). */
  color?: string;
}

/** One line of a wrapped paragraph; `width` is its measured advance in inches. */
export interface TextLine {
  runs: TextRun[];
  width: number;
}

export interface TextBox {
  kind: 'text';
  /** What the box holds; tests and the PPTX writer use it (e.g. a title becomes the title placeholder's text). */
  role: 'title' | 'subtitle' | 'heading' | 'paragraph' | 'bullet' | 'quote' | 'code' | 'caption' | 'header' | 'footer';
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
  /** Nesting level for bullets: 0, 1 or 2. */
  level?: number;
  /** Index of the top-level list item this box belongs to (bullets; counted over the slide). */
  bulletIndex?: number;
  /** Index in the slide's `blocks` of the block this box draws (reveal steps use it). */
  block?: number;
  /** Colour behind highlighted runs. */
  highlightColor?: string;
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
  /** cover: the picture fills the box and is cropped to it (centred); contain (default): the box has its aspect ratio. */
  fit?: 'contain' | 'cover';
  /** Pixel size of the picture, for cropping (cover). */
  natural?: { width: number; height: number };
}

export interface RectBox {
  kind: 'rect';
  role: 'code-background' | 'code-emphasis' | 'accent' | 'scrim' | 'quote-bar' | 'table-fill';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  /** Corner radius in inches (0 = square). */
  radius: number;
  /** 0–1; absent = opaque. Scrims under text on background pictures. */
  opacity?: number;
}

/** One table cell's wrapped text. */
export interface TableCell {
  lines: TextLine[];
  align: 'left' | 'center' | 'right';
}

/**
 * A table: the PPTX writer makes it a native table (`a:tbl`) with these column widths and row
 * heights; the frame rasteriser draws the same grid (tableParts).
 */
export interface TableBox {
  kind: 'table';
  x: number;
  y: number;
  w: number;
  h: number;
  /** Inches, one per column; they sum to w. */
  columns: number[];
  rows: Array<{ h: number; header: boolean; cells: TableCell[] }>;
  fontSize: number;
  lineHeight: number;
  /** Inches of padding inside each cell. */
  padX: number;
  padY: number;
  color: string;
  headerColor: string;
  headerFill: string;
  stripeFill: string;
  borderColor: string;
  block?: number;
}

export type LayoutBox = TextBox | ImageBox | RectBox | TableBox;

export interface SlideLayout {
  index: number;
  kind: import('../deck/schema.js').SlideLayoutKind;
  width: number;
  height: number;
  background: string;
  /** Drawn in order: later boxes are on top. */
  boxes: LayoutBox[];
  /** What could not be shown in full even at the smallest readable size (the caller warns). */
  cut?: string[];
  /** Characters no bundled font draws (each once), e.g. "U+1F9EE 🧮" (the caller warns). */
  missingGlyphs?: string[];
}
