import path from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';

/**
 * Splits a Slidev deck (`slides.md`, https://sli.dev) into the slides Slidev itself shows,
 * following `@slidev/parser` rule for rule — `core.ts` (`parse`, `parseSlide`, `matter`) for one
 * file and `fs.ts` (`load`) for `src:` imports — quirks included, so the slide count is the one
 * the author sees in Slidev. Pure: the caller reads imported files through `readFile`.
 */

export interface SlidevSlide {
  /** File the slide came from (the main file as given, or an imported file as resolved). */
  file: string;
  /** 1-based line in `file` where `content` starts (the slide's first line when it has no content). */
  line: number;
  /**
   * The slide's YAML front matter ({} if none) with its importers' keys merged over it; for the
   * first slide of the main file this is the headmatter.
   */
  frontmatter: Record<string, unknown>;
  /** The slide's Markdown, trimmed, without its front matter and note comment. */
  content: string;
  /** Body of the last comment when it ends the slide (Slidev's note), trimmed; absent when empty. */
  note?: string;
}

export interface SlidevProblem {
  /** 'error': the YAML is broken, or the deck cannot be split as Slidev splits it. */
  severity: 'error' | 'warning';
  file: string;
  /** 1-based line in `file`. */
  line: number;
  message: string;
}

/**
 * Reads an imported file; `importPath` is already resolved against `fromFile` (the importing
 * file), so it is absolute when the main file's path is. Returns undefined when there is no such file.
 */
export type ReadSlidevImport = (importPath: string, fromFile: string) => string | undefined;

export interface SplitSlidevOptions {
  /** The main file's path: named in slides and problems, and the base of `src:` imports. */
  file: string;
  /** Without it, every `src:` import is reported missing. */
  readFile?: ReadSlidevImport;
}

export interface SlidevSplit {
  /** The main file's first front matter, as Slidev's `load` returns it. */
  headmatter: Record<string, unknown>;
  slides: SlidevSlide[];
  problems: SlidevProblem[];
}

/** Slidev has no limit; nesting this deep is a mistake, and stopping beats recursing for ever. */
const MAX_IMPORT_DEPTH = 10;

export function splitSlidevSlides(text: string, options: SplitSlidevOptions): SlidevSplit {
  const context: LoadContext = {
    mainFile: options.file,
    readFile: options.readFile,
    parsed: new Map(),
    slides: [],
    problems: [],
  };
  const entry = parseFile(text, options.file, context.problems);
  context.parsed.set(fileKey(options.file), entry);
  for (const slide of entry) loadSlide(context, slide, {}, []);
  return { headmatter: { ...entry[0]?.frontmatter }, slides: context.slides, problems: context.problems };
}

/**
 * Headmatter keys only Slidev reads (packages/types/src/frontmatter.ts, `HeadmatterConfig` and
 * `Frontmatter`). Keys other tools use too are left out, since a false match would make plain
 * notes split by Slidev's rules: `theme`, `title`, `class`, `info`, `author`, `transition` (Marp
 * has it), `layout` (Jekyll), `titleTemplate` (VitePress), `css` (Pandoc), `background`.
 */
const SLIDEV_ONLY_KEYS = new Set([
  'addons',
  'aspectRatio',
  'browserExporter',
  'canvasWidth',
  'clickAnimation',
  'clicksStart',
  'codeCopy',
  'colorSchema',
  'comark',
  'contextMenu',
  'download',
  'dragPos',
  'drawings',
  'exportFilename',
  'fonts',
  'hideInToc',
  'highlighter',
  'htmlAttrs',
  'lineNumbers',
  'magicMoveCopy',
  'magicMoveDuration',
  'mdc',
  'monaco',
  'monacoRunAdditionalDeps',
  'monacoRunUseStrict',
  'monacoTypesAdditionalPackages',
  'monacoTypesIgnorePackages',
  'monacoTypesSource',
  'notesAutoRuby',
  'plantUmlServer',
  'preloadImages',
  'remoteAssets',
  'routeAlias',
  'routerMode',
  'selectable',
  'seoMeta',
  'src',
  'themeConfig',
  'twoslash',
  'wakeLock',
]);

/** True when the headmatter has a key only Slidev uses (and does not say `marp: true`). */
export function looksLikeSlidev(headmatter: Record<string, unknown>): boolean {
  if (headmatter.marp === true) return false;
  return Object.keys(headmatter).some((key) => SLIDEV_ONLY_KEYS.has(key));
}

// ─── One file: core.ts `parse` ──────────────────────────────────────────────────────────────

/** One slide of one file before imports are followed (core.ts `SourceSlideInfo`). */
interface SourceSlide {
  file: string;
  /** 1-based line of the slide's first line (the `---` opening its front matter, when it has one). */
  start: number;
  frontmatter: Record<string, unknown>;
  /** Line of the `src:` key, for messages about the import. */
  srcLine: number;
  content: string;
  contentLine: number;
  note?: string;
}

function parseFile(text: string, file: string, problems: SlidevProblem[]): SourceSlide[] {
  // Slidev keeps a BOM, which hides the headmatter; editors add one silently, so it goes.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return sliceLines(lines).map(({ start, end }) => parseSlide(lines.slice(start, end).join('\n'), start + 1, file, problems));
}

interface LineRange {
  /** 0-based index of the first line. */
  start: number;
  /** 0-based index after the last line. */
  end: number;
}

/**
 * The line ranges core.ts `parse` cuts a file into. A line whose trimEnd() starts with `---`
 * ends a slide, except inside a ``` fence or an HTML comment left open on an earlier line. When
 * the separator's 4th character is not `-` and the next line is not blank, the lines up to the
 * next line that is exactly `---` are the new slide's front matter.
 */
function sliceLines(lines: string[]): LineRange[] {
  const ranges: LineRange[] = [];
  let start = 0;
  let inComment = false;
  const cut = (end: number): void => {
    // core.ts `slice`: no lines, no slide — and `start` stays, so a second separator in a row
    // (`----` twice, or a leading `---` followed by a blank line) becomes the next slide's first line.
    if (end === start) return;
    ranges.push({ start, end });
    start = end + 1;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trimEnd();
    if (inComment) {
      inComment = commentOpenAfter(raw, true);
    } else if (line.startsWith('---')) {
      cut(i);
      if (opensFrontMatter(line, lines[i + 1])) {
        start = i;
        i = frontMatterEnd(lines, i);
      }
    } else if (line.trimStart().startsWith('```')) {
      i = fenceEnd(lines, i, line);
    } else {
      inComment = commentOpenAfter(raw, false);
    }
  }
  // The rest is the last slide, so a file ending in `---` and a newline ends with an empty slide.
  if (start <= lines.length - 1) cut(lines.length);
  return ranges;
}

/** `---` and `---anything`, not `----`, with a non-blank line right after. */
function opensFrontMatter(separator: string, next: string | undefined): boolean {
  return separator[3] !== '-' && next !== undefined && next.trim() !== '';
}

/** Index of the line that closes the front matter opened at `open` (lines.length if none does). */
function frontMatterEnd(lines: string[], open: number): number {
  let i = open + 1;
  while (i < lines.length && lines[i]!.trimEnd() !== '---') i++;
  return i;
}

/**
 * Index of the line closing the fence opened at `open`: the first line that starts with the same
 * indentation and backtick run. An unclosed fence hides nothing (core.ts goes on after its opening
 * line). Only backtick fences count: core.ts does not know `~~~`.
 */
function fenceEnd(lines: string[], open: number, openLine: string): number {
  const fence = /^\s*`+/.exec(openLine)![0];
  for (let i = open + 1; i < lines.length; i++) if (lines[i]!.startsWith(fence)) return i;
  return open;
}

/** Whether an HTML comment is still open at the end of `line` (core.ts `advanceHtmlCommentState`). */
function commentOpenAfter(line: string, open: boolean): boolean {
  let cursor = 0;
  while (cursor < line.length) {
    if (open) {
      const end = line.indexOf('-->', cursor);
      if (end < 0) return true;
      open = false;
      cursor = end + 3;
    } else {
      const begin = line.indexOf('<!--', cursor);
      if (begin < 0) return false;
      const end = line.indexOf('-->', begin + 4);
      if (end < 0) return true;
      cursor = end + 3;
    }
  }
  return open;
}

// ─── One slide: core.ts `parseSlide` and `matter` ───────────────────────────────────────────

// core.ts RE_FRONTMATTER and RE_YAML_CODEBLOCK. The block ends at the first `---` (or ```) even
// inside a line, as in Slidev; lines are already split, so `\n` needs no `\r?`.
const FRONT_MATTER = /^---.*\n([\s\S]*?)---/;
const YAML_BLOCK = /^\s*```ya?ml([\s\S]*?)```/;
const COMMENT = /<!--([\s\S]*?)-->/g;

function parseSlide(raw: string, start: number, file: string, problems: SlidevProblem[]): SourceSlide {
  const lineAt = (offset: number): number => start + countNewlines(raw.slice(0, offset));
  // A ```yaml block counts only when there is no `---` front matter.
  const match = FRONT_MATTER.exec(raw) ?? YAML_BLOCK.exec(raw);
  const yaml = match?.[1];
  const bodyStart = match ? match[0].length : 0;
  const front =
    yaml === undefined
      ? { data: {}, srcLine: start }
      : readYaml(yaml, lineAt(bodyStart - 3 - yaml.length), start, file, problems);
  const body = raw.slice(bodyStart);
  const { content, note } = splitNote(body.trim());
  const leading = body.length - body.trimStart().length;
  return {
    file,
    start,
    frontmatter: front.data,
    srcLine: front.srcLine,
    content,
    contentLine: content === '' ? start : lineAt(bodyStart + leading),
    ...(note ? { note } : {}),
  };
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}

/** The slide's last comment is its note only when nothing but whitespace follows it. */
function splitNote(content: string): { content: string; note?: string } {
  const last = [...content.matchAll(COMMENT)].at(-1);
  if (last === undefined || last.index + last[0].length < content.length) return { content };
  return { content: content.slice(0, last.index).trim(), note: last[1]!.trim() };
}

/**
 * Parses front matter whose first line is file line `firstLine`. Like Slidev, a YAML error keeps
 * what could be read (so the slide count stays Slidev's), but it is reported as an error.
 */
function readYaml(
  yaml: string,
  firstLine: number,
  slideStart: number,
  file: string,
  problems: SlidevProblem[],
): { data: Record<string, unknown>; srcLine: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter });
  for (const error of doc.errors) {
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const line = firstLine + (error.linePos?.[0].line ?? 1) - 1;
    problems.push({ severity: 'error', file, line, message: `the slide's front matter is not valid YAML: ${reason}.` });
  }
  const srcKey = isMap(doc.contents) ? doc.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'src')?.key : undefined;
  const srcOffset = isScalar(srcKey) ? srcKey.range?.[0] : undefined;
  const srcLine = srcOffset === undefined ? slideStart : firstLine + lineCounter.linePos(srcOffset).line - 1;
  const data = yamlValue(doc, firstLine, file, problems);
  if (data === null || data === undefined) return { data: {}, srcLine };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ severity: 'warning', file, line: firstLine, message: 'the slide\'s front matter is not `key: value` lines, so it is ignored.' });
    return { data: {}, srcLine };
  }
  return { data: data as Record<string, unknown>, srcLine };
}

/** The document as plain data; toJSON() throws only on pathological input (e.g. alias bombs). */
function yamlValue(doc: Document, firstLine: number, file: string, problems: SlidevProblem[]): unknown {
  try {
    return doc.toJSON();
  } catch (error) {
    problems.push({ severity: 'error', file, line: firstLine, message: `the slide's front matter could not be read: ${(error as Error).message}.` });
    return undefined;
  }
}

// ─── Imports: fs.ts `load` ──────────────────────────────────────────────────────────────────

interface LoadContext {
  mainFile: string;
  readFile: ReadSlidevImport | undefined;
  /** Each file is parsed once (fs.ts `markdownFiles`), so its problems are reported once. */
  parsed: Map<string, SourceSlide[]>;
  slides: SlidevSlide[];
  problems: SlidevProblem[];
}

/** Two spellings of one path (`./a.md`, `a.md`) are the same file for caching and cycles. */
function fileKey(file: string): string {
  return path.normalize(file);
}

/**
 * Adds `slide` to the deck, or the slides its `src:` imports. `override` holds the importers'
 * front matter, `chain` the files of the importing slides (outermost first).
 */
function loadSlide(context: LoadContext, slide: SourceSlide, override: Record<string, unknown>, chain: string[]): void {
  // fs.ts `loadSlide`: a hidden or disabled slide (or import) is left out of the deck entirely.
  if (slide.frontmatter.disabled || slide.frontmatter.hide) return;
  if (slide.frontmatter.src) {
    importSlides(context, slide, override, chain);
    return;
  }
  context.slides.push({
    file: slide.file,
    line: slide.contentLine,
    // The importers' keys win over the slide's own (Slidev's "frontmatter merging").
    frontmatter: { ...slide.frontmatter, ...override },
    content: slide.content,
    ...(slide.note ? { note: slide.note } : {}),
  });
}

function importSlides(context: LoadContext, slide: SourceSlide, override: Record<string, unknown>, chain: string[]): void {
  const src = slide.frontmatter.src;
  const warn = (message: string): void => void context.problems.push({ severity: 'warning', file: slide.file, line: slide.srcLine, message });
  if (typeof src !== 'string') {
    warn(`\`src\` must be the path of a Markdown file, e.g. \`src: ./pages/intro.md\`, so this slide was dropped.`);
    return;
  }
  const [importPath = '', range] = src.split('#');
  const target = resolveImport(importPath, slide.file, context.mainFile);
  const importChain = [...chain, fileKey(slide.file)];
  if (importChain.includes(fileKey(target))) {
    warn(`\`src: ${src}\` imports ${target}, which is already being imported (a cycle), so it was skipped, as Slidev skips it.`);
    return;
  }
  if (importChain.length > MAX_IMPORT_DEPTH) {
    context.problems.push({
      severity: 'error',
      file: slide.file,
      line: slide.srcLine,
      message: `\`src: ${src}\` nests imports more than ${MAX_IMPORT_DEPTH} deep: import the files from fewer levels.`,
    });
    return;
  }
  const slides = importedSlides(context, target, slide.file);
  if (slides === undefined) {
    warn(`\`src: ${src}\`: ${target} was not found, so this slide was dropped.`);
    return;
  }
  // fs.ts: the importing slide's keys (without `src`) apply to every slide it imports, and an
  // outer importer's keys win over an inner one's.
  const { src: _src, ...own } = slide.frontmatter;
  const merged = { ...own, ...override };
  for (const index of slideRange(slides.length, range)) loadSlide(context, slides[index - 1]!, merged, importChain);
}

/** fs.ts: `/pages/a.md` is relative to the deck's folder, any other path to the importing file. */
function resolveImport(importPath: string, fromFile: string, mainFile: string): string {
  if (importPath.startsWith('/')) return path.join(path.dirname(mainFile), importPath.slice(1));
  if (path.isAbsolute(importPath)) return importPath; // `C:\…` on Windows
  return path.join(path.dirname(fromFile), importPath);
}

function importedSlides(context: LoadContext, file: string, fromFile: string): SourceSlide[] | undefined {
  const key = fileKey(file);
  const cached = context.parsed.get(key);
  if (cached !== undefined) return cached;
  const text = context.readFile?.(file, fromFile);
  if (text === undefined) return undefined;
  const slides = parseFile(text, file, context.problems);
  context.parsed.set(key, slides);
  return slides;
}

/**
 * The 1-based slide numbers `src: file.md#2,5-7` picks (utils.ts `parseRangeString`): none or
 * `all`/`*` is every slide, `none` is none, and an open range `3-` runs to the end. Numbers past
 * the end are dropped as in Slidev; so are 0 and fractions, which make Slidev log an error.
 */
function slideRange(total: number, range: string | undefined): number[] {
  if (!range || range === 'all' || range === '*') return numbers(1, total + 1);
  if (range === 'none') return [];
  const picked = new Set<number>();
  for (const part of range.split(/[,;]/)) {
    if (!part.includes('-')) {
      picked.add(Number(part));
      continue;
    }
    const [from = '', to = ''] = part.split('-', 2);
    // Bounded by the slide count, so `1-99999999` cannot run long.
    for (const n of numbers(Number(from), Math.min(to ? Number(to) + 1 : total + 1, total + 1))) picked.add(n);
  }
  return [...picked].filter((n) => Number.isInteger(n) && n >= 1 && n <= total).sort((a, b) => a - b);
}

/** from, from + 1, … while below `to` (nothing when either is NaN). */
function numbers(from: number, to: number): number[] {
  const result: number[] = [];
  for (let n = from; n < to; n++) result.push(n);
  return result;
}
