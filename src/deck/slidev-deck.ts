import path from 'node:path';
import { buildSlideBlocks } from './build-slide.js';
import type { LinkReferences } from './markdown.js';
import type { BlockInput, FlowBlockInput, SlideInput, SlideLayoutKind, StepSchema } from './schema.js';
import type { SlidevSlide, SlidevSplit } from './split-slidev.js';
import type { z } from 'zod';

/**
 * Slidev slides (split as Slidev splits them) → v2 slides: the slide's layout mapped to ours,
 * `::left::`/`::right::` and named slots into columns, `image:`/`background:` front matter into
 * pictures, `<v-click>`/`<v-clicks>` and `[click]` marks into reveal steps, and the note (the
 * slide's last comment, Slidev's rule) as narration; other comments are the author's, not said.
 */
export interface SlidevProblemSink {
  /** `line` is in the main file when `file` is; otherwise the message names the file. */
  warn(slide: number, line: number, message: string): void;
}

export interface BuiltSlidevSlide {
  slide: SlideInput;
  imageLine?: number;
}

const LAYOUTS: Record<string, SlideLayoutKind> = {
  default: 'content',
  cover: 'title',
  intro: 'title',
  end: 'center',
  center: 'center',
  statement: 'center',
  fact: 'center',
  quote: 'center',
  section: 'section',
  image: 'image',
  full: 'content',
  none: 'content',
  'two-cols': 'content',
  'two-cols-header': 'content',
  'image-left': 'content',
  'image-right': 'content',
  'iframe': 'content',
  'iframe-left': 'content',
  'iframe-right': 'content',
};

export function buildSlidevSlides(split: SlidevSplit, mainFile: string, sink: SlidevProblemSink, references: LinkReferences = {}): BuiltSlidevSlide[] {
  return split.slides.map((slide, i) => buildOne(slide, i + 1, mainFile, sink, references));
}

function buildOne(source: SlidevSlide, number: number, mainFile: string, sink: SlidevProblemSink, references: LinkReferences): BuiltSlidevSlide {
  const fm = source.frontmatter;
  const layoutName = typeof fm.layout === 'string' ? fm.layout : number === 1 ? 'cover' : 'default';
  const inMain = path.resolve(source.file) === path.resolve(mainFile);
  const where = (line: number, message: string): void =>
    sink.warn(number, inMain ? line : source.line, inMain ? message : `${path.basename(source.file)}:${line}: ${message}`);
  if (!(layoutName in LAYOUTS)) where(source.line, `Slidev layout \`${layoutName}\` is not one LECTRA draws, so the slide is laid out as \`default\`.`);
  const { content, marks, eachItem } = clickMarks(source.content);
  const slots = splitSlots(content);
  const startLine = source.line - 1;
  const build = (text: string) => {
    const built = buildSlideBlocks(text, {
      start: startLine,
      problems: { warn: (line, message) => where(line, message) },
      // Slidev shows no comment but the note (which the splitter took out already).
      onComment: () => undefined,
      references,
    });
    return { built };
  };
  const main = build(slots.default);
  const blocks: BlockInput[] = [...(main.built.slide.blocks ?? [])];
  const columnNames = slots.order.filter((name) => name !== 'default');
  if (columnNames.length > 0) {
    const columns = columnNames.map((name) => slotBlocks(build(slots.named[name]!).built));
    // two-cols: the default slot is the left column; two-cols-header: it is the header above.
    if (layoutName === 'two-cols' && blocks.length > 0) {
      columns.unshift(blocks.splice(0).filter((b): b is FlowBlockInput => b.type !== 'columns'));
    }
    if (columns.length >= 2) blocks.push({ type: 'columns', columns: columns.slice(0, 4) });
    else blocks.push(...(columns[0] ?? []));
  }
  blocks.unshift(...frontmatterPictures(fm, layoutName));
  const classes = typeof fm.class === 'string' ? fm.class.split(/\s+/) : [];
  const style = classes.includes('invert') ? { style: { class: ['invert' as const] } } : {};
  const narration = cleanNote(source.note ?? '');
  // `[click]` marks in the note name the same clicks the slide's v-clicks make; alone, they count them.
  const noteClicks = (source.note?.match(/\[click(?::\d+)?\]/gi) ?? []).length;
  const clicks = Math.max(marks, noteClicks);
  const steps = clicks > 0 ? stepsFor(blocks, clicks, eachItem) : undefined;
  const slide: SlideInput = {
    layout: LAYOUTS[layoutName] ?? 'content',
    title: main.built.slide.title ?? '',
    ...(main.built.slide.subtitle ? { subtitle: main.built.slide.subtitle } : {}),
    blocks,
    narration,
    ...style,
    ...(steps && steps.length > 0 ? { steps } : {}),
  };
  if (!main.built.hasContent && blocks.length === 0) where(source.line, narration ? 'this slide has narration but nothing to show.' : 'this slide is empty (Slidev shows it as a blank slide).');
  return { slide, imageLine: main.built.imageLine };
}

/**
 * `<v-click>`, `<v-clicks>` and `<v-after>` wrap what appears on a click: the tags go (their
 * content stays, as Slidev shows it at the end of the slide) and each opening tag counts a step.
 * `v-click` attributes on other tags count too.
 */
function clickMarks(content: string): { content: string; marks: number; eachItem: boolean } {
  let marks = 0;
  let eachItem = false;
  const out = content
    .replace(/<\/?v-(?:click|clicks|after)\b[^>]*>/g, (tag) => {
      if (tag.startsWith('<v-clicks')) eachItem = true;
      if (!tag.startsWith('</') && !tag.startsWith('<v-after')) marks++;
      return '';
    })
    .replace(/(<[a-zA-Z][^>]*?)\s+v-click(?:\.hide)?(?:="[^"]*")?/g, (_m, open: string) => {
      marks++;
      return open;
    });
  return { content: out, marks, eachItem };
}

/**
 * Steps over the blocks in order: with `<v-clicks>` every item of a list is a step (Slidev
 * reveals them one by one), otherwise each mark reveals the next block. Where exactly each
 * mark sat is refined by the reveal stage; the count and order are the author's.
 */
function stepsFor(blocks: BlockInput[], marks: number, eachItem: boolean): Array<z.input<typeof StepSchema>> {
  const steps: Array<z.input<typeof StepSchema>> = [];
  let left = marks;
  blocks.forEach((block, index) => {
    if (left <= 0) return;
    if (block.type === 'list' && eachItem) {
      block.items.forEach((item, i) => (item.level ?? 0) === 0 && steps.push({ block: index, item: i }));
      left--;
    } else if (block.type !== 'image' || block.position !== 'background') {
      steps.push({ block: index });
      left--;
    }
  });
  return steps;
}

/** A slot's blocks; a heading in it stays a heading of its column (the slide has its own title). */
function slotBlocks(built: ReturnType<typeof buildSlideBlocks>): FlowBlockInput[] {
  const blocks = (built.slide.blocks ?? []).filter((b): b is FlowBlockInput => b.type !== 'columns');
  const heading: FlowBlockInput[] = built.slide.title ? [{ type: 'heading', level: built.titleLevel ?? 2, text: built.slide.title }] : [];
  const subtitle: FlowBlockInput[] = built.slide.subtitle ? [{ type: 'heading', level: Math.min(6, (built.titleLevel ?? 2) + 1), text: built.slide.subtitle }] : [];
  return [...heading, ...subtitle, ...blocks];
}

/** `::name::` lines split a slide into slots; text before the first is the default slot. */
function splitSlots(content: string): { default: string; named: Record<string, string>; order: string[] } {
  const named: Record<string, string> = {};
  const order = ['default'];
  let current = 'default';
  const parts: Record<string, string[]> = { default: [] };
  let fence: string | undefined;
  for (const line of content.split('\n')) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (open && (fence === undefined || open.startsWith(fence))) fence = fence === undefined ? open : undefined;
    const slot = fence === undefined ? /^::\s*([\w-]+)\s*::\s*$/.exec(line) : null;
    if (slot) {
      current = slot[1]!;
      if (!parts[current]) {
        parts[current] = [];
        order.push(current);
      }
      continue;
    }
    parts[current]!.push(line);
  }
  for (const name of order) if (name !== 'default') named[name] = parts[name]!.join('\n');
  return { default: parts.default!.join('\n'), named, order };
}

/** `image:` (image, image-left/right layouts) and `background:` (cover and others) front matter. */
function frontmatterPictures(fm: Record<string, unknown>, layout: string): BlockInput[] {
  const image = typeof fm.image === 'string' ? fm.image : undefined;
  const background = typeof fm.background === 'string' && !/^#|^rgb|^hsl|^linear-gradient/.test(fm.background) ? fm.background : undefined;
  const out: BlockInput[] = [];
  if (image && (layout === 'image-left' || layout === 'image-right')) out.push({ type: 'image', src: image, alt: '', position: layout === 'image-left' ? 'left' : 'right', share: 0.5, fit: 'cover' });
  else if (image && layout === 'image') out.push({ type: 'image', src: image, alt: '', position: 'background', fit: 'cover' });
  if (background) out.push({ type: 'image', src: background, alt: '', position: 'background', fit: 'cover' });
  return out;
}

/** A Slidev note read aloud: `[click]` marks and HTML go, lines are joined into paragraphs. */
function cleanNote(note: string): string {
  return note
    .replace(/\[click(?::\d+)?\]/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).filter(Boolean).join(' '))
    .filter(Boolean)
    .join('\n\n');
}
