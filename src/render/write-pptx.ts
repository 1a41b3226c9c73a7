import { randomBytes } from 'node:crypto';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type JSZip from 'jszip';
import { loadJsZip, loadPptxGen } from '../heavy-deps.js';
import type { Deck, Slide } from '../deck/schema.js';
import { LectraError } from '../errors.js';
import { FONT_FAMILIES } from '../layout/fonts.js';
import {
  SLIDE_HEIGHT_IN,
  SLIDE_WIDTH_IN,
  type ImageBox,
  type RectBox,
  type SlideLayout,
  type TableBox,
  type TextBox,
  type TextRun,
} from '../layout/types.js';
import { addNarrationTiming } from './pptx-narration.js';

/**
 * Writes the deck as a .pptx whose shapes sit exactly on the layout boxes the PNG frames are
 * drawn from ("one layout, two renderers"). pptxgenjs builds the package (geometry, images,
 * media, notes); the text bodies are then replaced with XML written here, because pptxgenjs
 * emits a `<a:pPr>` before every run of a multi-run paragraph, which PowerPoint must "repair".
 */
export interface PptxNarration {
  /** WAV, MP3 or M4A file played automatically when the slide appears. */
  audioPath?: string;
  /** Seconds until the slide advances by itself. */
  durationSec?: number;
}

export interface WritePptxInput {
  deck: Deck;
  /** One per deck slide, in order. */
  layouts: SlideLayout[];
  narration?: Array<PptxNarration | undefined>;
}

const EMU_PER_IN = 914400;
const AUDIO_EXTENSIONS = new Set(['wav', 'mp3', 'm4a']);
/** The audio icon sits just right of the slide: invisible in the show, still selectable when editing. */
const AUDIO_ICON = { x: SLIDE_WIDTH_IN + 0.2, y: SLIDE_HEIGHT_IN - 0.6, size: 0.4 };
const ROLE_NAMES: Record<TextBox['role'], string> = {
  title: 'Title',
  subtitle: 'Subtitle',
  heading: 'Heading',
  paragraph: 'Text',
  bullet: 'Bullet',
  quote: 'Quote',
  code: 'Code',
  caption: 'Caption',
  header: 'Header',
  footer: 'Footer',
};
/** Name pptxgenjs gives the body placeholder of every notes slide. */
const NOTES_SHAPE_NAME = 'Notes Placeholder 2';

interface ShapePatch {
  txBody: string;
  placeholder?: 'title';
}
type PptxGenJS = Awaited<ReturnType<typeof loadPptxGen>>;
type Pptx = InstanceType<PptxGenJS>;
type PptxSlide = ReturnType<Pptx['addSlide']>;

export async function writePptx(input: WritePptxInput, outPath: string): Promise<void> {
  await checkInput(input);
  let data: Buffer;
  try {
    const { pptx, patches } = buildPresentation(input, await loadPptxGen());
    // Uncompressed: the package is re-zipped once in postProcess, so compressing here is wasted work.
    const raw = (await pptx.write({ outputType: 'nodebuffer', compression: false })) as Uint8Array;
    data = await postProcess(raw, input, patches);
  } catch (error) {
    if (error instanceof LectraError) throw error;
    throw new LectraError('render-failed', `Could not build the PowerPoint file: ${errorText(error)}`, {
      cause: error,
      file: outPath,
    });
  }
  await writeAtomically(outPath, data);
}

// ---------------------------------------------------------------- input checks

async function checkInput(input: WritePptxInput): Promise<void> {
  const { deck, layouts, narration } = input;
  if (layouts.length !== deck.slides.length) {
    throw new LectraError('internal', `writePptx got ${layouts.length} layouts for ${deck.slides.length} slides.`);
  }
  for (const [i, layout] of layouts.entries()) {
    checkSlideSize(layout, i);
    for (const box of layout.boxes) {
      if (box.kind === 'image') await checkImage(box, i);
    }
    const audio = narration?.[i]?.audioPath;
    if (audio !== undefined) await checkAudio(audio, i);
  }
}

/** The package uses PowerPoint's 16:9 "wide" page; any other size would shift every box. */
function checkSlideSize(layout: SlideLayout, i: number): void {
  if (Math.abs(layout.width - SLIDE_WIDTH_IN) > 0.01 || Math.abs(layout.height - SLIDE_HEIGHT_IN) > 0.01) {
    throw new LectraError(
      'internal',
      `Slide layout is ${layout.width}×${layout.height} in; the PPTX writer needs ${SLIDE_WIDTH_IN}×${SLIDE_HEIGHT_IN} in.`,
      { slide: i + 1 },
    );
  }
}

async function checkImage(box: ImageBox, i: number): Promise<void> {
  if (!(await exists(box.path))) {
    throw new LectraError('missing-image', `Image ${box.path} does not exist — check the image path in the deck.`, {
      slide: i + 1,
      file: box.path,
    });
  }
}

async function checkAudio(audioPath: string, i: number): Promise<void> {
  if (!AUDIO_EXTENSIONS.has(extensionOf(audioPath))) {
    throw new LectraError(
      'bad-input',
      `Narration audio ${audioPath} is not WAV, MP3 or M4A; PowerPoint cannot embed it — convert it first.`,
      { slide: i + 1, file: audioPath },
    );
  }
  if (!(await exists(audioPath))) {
    throw new LectraError('file-not-found', `Narration audio ${audioPath} does not exist.`, {
      slide: i + 1,
      file: audioPath,
    });
  }
}

// ---------------------------------------------------------------- building with pptxgenjs

function buildPresentation(input: WritePptxInput, PptxGen: PptxGenJS): { pptx: Pptx; patches: Array<Map<string, ShapePatch>> } {
  const { deck } = input;
  const pptx = new PptxGen();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = deck.title;
  pptx.author = deck.author ?? '';
  pptx.subject = deck.subtitle ?? '';
  const patches = input.layouts.map((layout, i) => {
    const slide = pptx.addSlide();
    slide.background = { color: hexColor(layout.background) };
    const slidePatches = drawBoxes(pptx, slide, layout, deck.lang);
    const notes = speakerNotes(deck.slides[i]);
    if (notes !== '') slide.addNotes(notes);
    const audioPath = input.narration?.[i]?.audioPath;
    if (audioPath !== undefined) addAudio(slide, audioPath);
    return slidePatches;
  });
  return { pptx, patches };
}

/** Draws the boxes in order (later on top); returns the text bodies to put in afterwards. */
function drawBoxes(pptx: Pptx, slide: PptxSlide, layout: SlideLayout, lang: string): Map<string, ShapePatch> {
  const patches = new Map<string, ShapePatch>();
  let hasTitle = false;
  layout.boxes.forEach((box, i) => {
    if (box.kind === 'rect') drawRect(pptx, slide, box, i);
    else if (box.kind === 'image') drawImage(slide, box, i);
    else if (box.kind === 'table') drawTable(slide, box, i, lang);
    else {
      const name = `${ROLE_NAMES[box.role]} ${i + 1}`;
      slide.addText(plainText(box), { ...place(box), objectName: name, isTextBox: true, margin: 0 });
      // Only one title placeholder per slide; it is what outline view and screen readers list.
      const placeholder = box.role === 'title' && !hasTitle ? 'title' : undefined;
      hasTitle ||= placeholder !== undefined;
      patches.set(name, { txBody: textBodyXml(box, lang), placeholder });
    }
  });
  return patches;
}

function drawRect(pptx: Pptx, slide: PptxSlide, box: RectBox, i: number): void {
  const radius = Math.min(box.radius, box.w / 2, box.h / 2);
  slide.addShape(radius > 0 ? pptx.ShapeType.roundRect : pptx.ShapeType.rect, {
    ...place(box),
    fill: { color: hexColor(box.fill), ...(box.opacity !== undefined && box.opacity < 1 ? { transparency: Math.round((1 - box.opacity) * 100) } : {}) },
    line: { type: 'none' },
    rectRadius: radius > 0 ? radius : undefined,
    objectName: `${box.role} ${i + 1}`,
  });
}

function drawImage(slide: PptxSlide, box: ImageBox, i: number): void {
  if (box.fit === 'cover' && box.natural) {
    // pptxgenjs crops a picture of w × h (the picture's own ratio) to the sizing box, centred.
    const h = (box.w * box.natural.height) / box.natural.width;
    slide.addImage({ path: box.path, x: box.x, y: box.y, w: box.w, h, sizing: { type: 'cover', w: box.w, h: box.h }, altText: box.alt, objectName: `Image ${i + 1}` });
    return;
  }
  slide.addImage({ path: box.path, ...place(box), altText: box.alt, objectName: `Image ${i + 1}` });
}

/**
 * A native table (`a:tbl`) on the layout's grid: the measured column widths and row heights,
 * the cell padding, header fill and stripes the frames show. Cell text is not broken into the
 * layout's lines: PowerPoint wraps it in the same column width.
 */
function drawTable(slide: PptxSlide, box: TableBox, i: number, lang: string): void {
  const rows = box.rows.map((row, r) =>
    row.cells.map((cell) => ({
      text: cell.lines.flatMap((line, l) =>
        line.runs.map((run, k) => ({
          text: run.text + (k === line.runs.length - 1 && l < cell.lines.length - 1 ? ' ' : ''),
          options: { bold: row.header || !!run.bold, italic: !!run.italic, fontFace: run.mono ? FONT_FAMILIES.mono : FONT_FAMILIES.sans, ...(run.color ? { color: hexColor(run.color) } : {}), lang },
        })),
      ),
      options: {
        align: cell.align,
        valign: 'top' as const,
        color: hexColor(row.header ? box.headerColor : box.color),
        fill: { color: hexColor(row.header ? box.headerFill : r % 2 === 0 ? box.stripeFill : slideBackground(slide)) },
      },
    })),
  );
  slide.addTable(rows, {
    x: box.x,
    y: box.y,
    w: box.w,
    colW: box.columns,
    rowH: box.rows.map((row) => row.h),
    fontSize: box.fontSize,
    fontFace: FONT_FAMILIES.sans,
    margin: [box.padY, box.padX, box.padY, box.padX],
    border: { type: 'solid', pt: 0.75, color: hexColor(box.borderColor) },
    autoPage: false,
    objectName: `Table ${i + 1}`,
  });
}

function slideBackground(slide: PptxSlide): string {
  const background = (slide as unknown as { background?: { color?: string } }).background;
  return background?.color ?? 'FFFFFF';
}

function addAudio(slide: PptxSlide, audioPath: string): void {
  slide.addMedia({
    type: 'audio',
    path: audioPath,
    extn: extensionOf(audioPath),
    x: AUDIO_ICON.x,
    y: AUDIO_ICON.y,
    w: AUDIO_ICON.size,
    h: AUDIO_ICON.size,
    objectName: 'Narration',
  });
}

function place(box: { x: number; y: number; w: number; h: number }): { x: number; y: number; w: number; h: number } {
  return { x: box.x, y: box.y, w: box.w, h: box.h };
}

function plainText(box: TextBox): string {
  return box.lines.map((line) => line.runs.map((run) => run.text).join('')).join('\n');
}

function speakerNotes(slide: Slide | undefined): string {
  return [slide?.narration.trim() ?? '', slide?.notes?.trim() ?? ''].filter((part) => part !== '').join('\n\n');
}

// ---------------------------------------------------------------- text body XML

/**
 * One paragraph per box: the layout already wrapped the text, so each line after the first
 * starts with `<a:br/>` (a soft break keeps one bullet per box), insets are 0, line spacing is
 * exact in points and autofit is off — PowerPoint shows the lines the frame shows.
 */
function textBodyXml(box: TextBox, lang: string): string {
  const anchor = { top: 't', middle: 'ctr', bottom: 'b' }[box.valign];
  const bodyPr = `<a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" anchor="${anchor}"><a:noAutofit/></a:bodyPr>`;
  const lines = box.lines
    .map((line, i) => {
      const lineBreak = i > 0 ? `<a:br>${runProps(box, {}, lang)}</a:br>` : '';
      return lineBreak + line.runs.filter((run) => run.text !== '').map((run) => runXml(box, run, lang)).join('');
    })
    .join('');
  const end = runProps(box, {}, lang, 'a:endParaRPr');
  return `<p:txBody>${bodyPr}<a:lstStyle/><a:p>${paragraphProps(box)}${lines}${end}</a:p></p:txBody>`;
}

function paragraphProps(box: TextBox): string {
  const algn = { left: 'l', center: 'ctr', right: 'r' }[box.align];
  const spacing =
    `<a:lnSpc><a:spcPts val="${Math.round(box.lineHeight * 100)}"/></a:lnSpc>` +
    '<a:spcBef><a:spcPts val="0"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft>';
  if (!box.marker) return `<a:pPr algn="${algn}" marL="0" indent="0">${spacing}<a:buNone/></a:pPr>`;
  // Hanging indent: the marker at x, the text (and its wrapped lines) at x + indent.
  const indent = emu(box.indent);
  const level = box.level ? ` lvl="${box.level}"` : '';
  return (
    `<a:pPr algn="${algn}" marL="${indent}" indent="${-indent}"${level}>${spacing}` +
    `<a:buClr>${srgb(box.marker.color)}</a:buClr><a:buSzPct val="100000"/>` +
    `<a:buFont typeface="${FONT_FAMILIES.sans}"/>${bulletXml(box.marker.text)}</a:pPr>`
  );
}

/** "3." / "3)" become PowerPoint numbering starting at 3; anything else a bullet character. */
function bulletXml(marker: string): string {
  const numbered = /^(\d+)([.)])$/.exec(marker.trim());
  if (numbered) {
    const type = numbered[2] === '.' ? 'arabicPeriod' : 'arabicParenR';
    return `<a:buAutoNum type="${type}" startAt="${Math.max(1, Number(numbered[1]))}"/>`;
  }
  const char = Array.from(marker.trim())[0] ?? '•';
  return `<a:buChar char="${escapeXml(char)}"/>`;
}

function runXml(box: TextBox, run: TextRun, lang: string): string {
  return `<a:r>${runProps(box, run, lang)}<a:t>${escapeXml(run.text)}</a:t></a:r>`;
}

function runProps(box: TextBox, run: Partial<TextRun>, lang: string, tag = 'a:rPr'): string {
  const bold = run.bold ?? box.bold;
  const face = run.mono ? FONT_FAMILIES.mono : FONT_FAMILIES[box.font];
  const fonts = `<a:latin typeface="${face}"/><a:ea typeface="${face}"/><a:cs typeface="${face}"/>`;
  const underline = run.link !== undefined ? ' u="sng"' : '';
  const attrs = `lang="${escapeXml(lang)}" sz="${Math.round(box.fontSize * 100)}" b="${bold ? 1 : 0}" i="${run.italic ? 1 : 0}"${underline} dirty="0"`;
  const highlight = run.highlight && box.highlightColor ? `<a:highlight>${srgb(box.highlightColor)}</a:highlight>` : '';
  return `<${tag} ${attrs}><a:solidFill>${srgb(run.color ?? box.color)}</a:solidFill>${highlight}${fonts}</${tag}>`;
}

function notesBodyXml(text: string, lang: string): string {
  const paragraphs = text
    .split(/\r?\n/)
    .map((line) =>
      line === ''
        ? `<a:p><a:endParaRPr lang="${escapeXml(lang)}" dirty="0"/></a:p>`
        : `<a:p><a:r><a:rPr lang="${escapeXml(lang)}" dirty="0"/><a:t>${escapeXml(line)}</a:t></a:r></a:p>`,
    )
    .join('');
  return `<p:txBody><a:bodyPr/><a:lstStyle/>${paragraphs}</p:txBody>`;
}

// ---------------------------------------------------------------- package post-processing

async function postProcess(raw: Uint8Array, input: WritePptxInput, patches: Array<Map<string, ShapePatch>>): Promise<Buffer> {
  const zip = await (await loadJsZip()).loadAsync(raw);
  const { deck } = input;
  for (const [i, slidePatches] of patches.entries()) {
    await patchPart(zip, `ppt/slides/slide${i + 1}.xml`, slidePatches, i);
    const notes = speakerNotes(deck.slides[i]);
    if (notes !== '') {
      const notesPatch = new Map([[NOTES_SHAPE_NAME, { txBody: notesBodyXml(notes, deck.lang) }]]);
      await patchPart(zip, `ppt/notesSlides/notesSlide${i + 1}.xml`, notesPatch, i);
    }
  }
  const timings = input.layouts.map((_layout, i) => ({
    durationSec: input.narration?.[i]?.durationSec,
    hasAudio: input.narration?.[i]?.audioPath !== undefined,
  }));
  await addNarrationTiming(zip, timings);
  await setLanguage(zip, deck.lang);
  await storeMediaUncompressed(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' });
}

/** PCM audio and PNG/JPEG hardly shrink under deflate, which is most of the writing time: store them. */
async function storeMediaUncompressed(zip: JSZip): Promise<void> {
  // Skip the `ppt/media/` folder entry itself: zip.file(folder) is null.
  for (const name of Object.keys(zip.files).filter((n) => n.startsWith('ppt/media/') && !zip.files[n]!.dir)) {
    zip.file(name, await zip.file(name)!.async('uint8array'), { compression: 'STORE' });
  }
}

async function patchPart(zip: JSZip, partPath: string, patches: Map<string, ShapePatch>, i: number): Promise<void> {
  if (patches.size === 0) return;
  const xml = await readPart(zip, partPath);
  const applied = new Set<string>();
  const patched = xml.replace(/<p:sp>[\s\S]*?<\/p:sp>/g, (shape) => {
    const name = /<p:cNvPr id="\d+" name="([^"]*)"/.exec(shape)?.[1];
    const patch = name === undefined ? undefined : patches.get(name);
    if (name === undefined || patch === undefined) return shape;
    applied.add(name);
    return patchShape(shape, patch);
  });
  const missing = [...patches.keys()].filter((name) => !applied.has(name));
  if (missing.length > 0) {
    throw new LectraError('render-failed', `Shapes ${missing.join(', ')} were not found in ${partPath}.`, { slide: i + 1 });
  }
  zip.file(partPath, patched);
}

// Function replacers throughout: the text may contain `$&`-style sequences.
function patchShape(shape: string, patch: ShapePatch): string {
  let out = shape.replace(/<p:txBody>[\s\S]*<\/p:txBody>/, () => patch.txBody);
  if (patch.placeholder) {
    out = out
      .replace(/<p:cNvSpPr\b[^>]*\/>|<p:cNvSpPr\b[^>]*>[\s\S]*?<\/p:cNvSpPr>/, () => '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>')
      .replace(/<p:nvPr\s*\/>|<p:nvPr>\s*<\/p:nvPr>/, () => `<p:nvPr><p:ph type="${patch.placeholder}"/></p:nvPr>`);
  }
  return out;
}

async function setLanguage(zip: JSZip, lang: string): Promise<void> {
  const core = await readPart(zip, 'docProps/core.xml');
  if (core.includes('<dc:language>')) return;
  zip.file('docProps/core.xml', core.replace('</cp:coreProperties>', () => `<dc:language>${escapeXml(lang)}</dc:language></cp:coreProperties>`));
}

async function readPart(zip: JSZip, partPath: string): Promise<string> {
  const file = zip.file(partPath);
  if (!file) throw new LectraError('render-failed', `The presentation package has no part ${partPath}.`);
  return file.async('string');
}

// ---------------------------------------------------------------- output

/** Never leave a half-written deck under its final name. */
async function writeAtomically(outPath: string, data: Buffer): Promise<void> {
  const tmp = `${outPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, outPath);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new LectraError('render-failed', `Could not write ${outPath}: ${errorText(error)} — is the folder writable?`, {
      cause: error,
      file: outPath,
    });
  }
}

// ---------------------------------------------------------------- small helpers

function emu(inches: number): number {
  return Math.round(inches * EMU_PER_IN);
}

/** '#1e293b' → '1E293B' (pptxgenjs and DrawingML want bare hex). */
function hexColor(color: string): string {
  const hex = color.replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(hex)) return hex.toUpperCase();
  if (/^[0-9a-f]{3}$/i.test(hex)) return [...hex].map((c) => c + c).join('').toUpperCase();
  throw new LectraError('internal', `Layout colour "${color}" is not #RRGGBB.`);
}

function srgb(color: string): string {
  return `<a:srgbClr val="${hexColor(color)}"/>`;
}

function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '') // not allowed in XML 1.0
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
