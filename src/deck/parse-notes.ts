import type { Token } from 'markdown-it';
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import { LectraError } from '../errors.js';
import path from 'node:path';
import { buildSlideBlocks } from './build-slide.js';
import { buildSlidevSlides } from './slidev-deck.js';
import { looksLikeSlidev, splitSlidevSlides, type ReadSlidevImport } from './split-slidev.js';
import { inlineToMarkdown, inlineTokensToPlainText } from './inline-markdown.js';
import { md, type LinkReferences } from './markdown.js';
import { DECK_VERSION, THEMES, type BlockInput, type Deck, type DeckInput, type SlideInput } from './schema.js';
import { validateDeck } from './validate-deck.js';
import { looksBinary } from './looks-binary.js';

export { looksBinary };
import { languageHint, supportedLanguage } from '../config/languages.js';

/**
 * Markdown notes → Deck, with no I/O (slidev `packages/parser/src/core.ts` is the model): the
 * caller reads the file, and every problem found is collected with its line instead of stopping
 * at the first. Marp and Slidev files parse as they are.
 */

/** Something wrong in the notes. Errors stop the parse (thrown together); warnings are returned. */
export interface NotesProblem {
  severity: 'error' | 'warning';
  /** 1-based line in the original text. */
  line: number;
  /** 1-based slide number in the returned deck, when the problem belongs to a kept slide. */
  slide?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

export interface ParseNotesOptions {
  /** Name used in messages (the path the user gave). */
  file?: string;
  /** The notes' path on disk: Slidev `src:` imports are read relative to it (default: `file`). */
  path?: string;
  /** Reads a Slidev `src:` import (already resolved against the importing file); none = imports are reported missing. */
  readFile?: ReadSlidevImport;
  /** How slides are split: `auto` (default) tells Marp (`marp: true`) and Slidev (its head matter keys) from plain notes. */
  format?: NotesFormat;
}

export const NOTES_FORMATS = ['auto', 'notes', 'marp', 'slidev'] as const;
export type NotesFormat = (typeof NOTES_FORMATS)[number];

export interface ParsedNotes {
  deck: Deck;
  problems: NotesProblem[];
  /** Per slide, the line of its image (for messages about the file it names). */
  imageLines: Array<number | undefined>;
}

/** `notes.md:12: slide 3: …` — the editor-clickable form used in warnings and error details. */
export function formatNotesProblem(problem: NotesProblem, file: string): string {
  const slide = problem.slide === undefined ? '' : `slide ${problem.slide}: `;
  const severity = problem.severity === 'warning' ? 'warning: ' : '';
  return `${file}:${problem.line}: ${severity}${slide}${problem.message}`;
}

export function parseNotes(text: string, options: ParseNotesOptions = {}): ParsedNotes {
  const file = options.file ?? 'notes.md';
  const lines = checkText(text, file).split('\n');
  const problems: NotesProblem[] = [];
  const format = options.format ?? 'auto';
  const front = readFrontMatter(lines, file, problems, format);
  let built: BuiltSlide[];
  if (front.slidev) {
    built = slidevSlides(lines.join('\n'), file, options, problems);
  } else {
    const chunks = front.marp ? splitMarpSlides(lines, front, problems) : plainOrSeparated(lines, front, problems);
    if (chunks.every((chunk) => isBlank(chunk.lines))) throw noSlides(file, front);
    // A Marp deck keeps every slide Marp makes, empty ones too: the slide count is the author's.
    built = buildSlides(chunks, problems, front);
  }
  const slides = built.map((b) => b.slide);
  if (slides.length === 0) throw noSlides(file, front);
  throwIfFatal(problems, file);

  const deck: DeckInput = {
    version: DECK_VERSION,
    ...front.settings,
    title: front.settings.title ?? plainText(slides[0]!.title ?? ''),
    slides,
  };
  // The builder only makes valid slides; validating still applies every default in one place.
  return { deck: validateDeck(deck, file), problems, imageLines: built.map((b) => b.imageLine) };
}

/** A Slidev deck: split by Slidev's rules (imports included), each slide built from its Markdown. */
function slidevSlides(text: string, file: string, options: ParseNotesOptions, problems: NotesProblem[]): BuiltSlide[] {
  const mainFile = options.path ?? file;
  const split = splitSlidevSlides(text, { file: mainFile, readFile: options.readFile });
  const name = (problemFile: string): string => (path.resolve(problemFile) === path.resolve(mainFile) ? '' : `${path.basename(problemFile)}:`);
  for (const problem of split.problems) {
    const own = name(problem.file) === '';
    problems.push({ severity: problem.severity, line: own ? problem.line : 1, message: own ? problem.message : `${name(problem.file)}${problem.line}: ${problem.message}` });
  }
  const references = linkReferences(split.slides.map((slide) => slide.content).join('\n\n'));
  return buildSlidevSlides(split, mainFile, { warn: (slide, line, message) => problems.push({ severity: 'warning', line, slide, message }) }, references);
}

// ─── Text checks ────────────────────────────────────────────────────────────────────────────

/** Strips a BOM and normalises line ends; rejects binary and empty text. */
function checkText(text: string, file: string): string {
  if (looksBinary(text)) {
    throw new LectraError(
      'binary-input',
      `${file} looks like a binary file, not text: pass Markdown notes (.md) or a deck.json saved as UTF-8.`,
      { file },
    );
  }
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (clean.trim() === '') {
    throw new LectraError('empty-input', `${file} is empty: write at least one slide, e.g. \`# Title\`.`, { file });
  }
  return clean;
}


function isBlank(lines: string[]): boolean {
  return lines.every((line) => line.trim() === '');
}

const isSeparator = (line: string | undefined): boolean => line !== undefined && /^---[ \t]*$/.test(line);

// ─── Front matter ───────────────────────────────────────────────────────────────────────────

type DeckSettings = Partial<Pick<Deck, 'title' | 'subtitle' | 'author' | 'lang' | 'theme' | 'voice' | 'rate' | 'images' | 'quizEvery'>>;

interface FrontMatter {
  settings: DeckSettings;
  /** Index of the first line after the front matter (0 when there is none). */
  bodyStart: number;
  /** True when the front matter held at least one key. */
  hasKeys: boolean;
  /** `marp: true`: slides break as Marp breaks them (splitMarpSlides). */
  marp: boolean;
  /** Slidev head matter (or `--format slidev`): slides break as Slidev breaks them. */
  slidev: boolean;
  /** Marp's `headingDivider` from the front matter (a comment directive may set it too). */
  headingDivider?: unknown;
  /** Local directives set in the front matter (paginate, header, footer, class, colours): they apply from the first slide. */
  directives: SlideDirectives;
}

/** A top-level `key:` line; used to tell a YAML block from a slide that sits between two `---`. */
const YAML_KEY_LINE = /^(?:[A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)/;

function looksLikeYaml(lines: string[]): boolean {
  const first = lines.find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return first !== undefined && YAML_KEY_LINE.test(first);
}

function readFrontMatter(lines: string[], file: string, problems: NotesProblem[], format: NotesFormat): FrontMatter {
  const none: FrontMatter = { settings: {}, bodyStart: 0, hasKeys: false, marp: format === 'marp', slidev: format === 'slidev', directives: {} };
  if (!isSeparator(lines[0])) return none;
  const close = lines.findIndex((line, i) => i > 0 && isSeparator(line));
  if (close < 0) return none;
  const block = lines.slice(1, close);
  // `---\n# Intro\n---` is a slide between two separators, not YAML.
  if (!isBlank(block) && !looksLikeYaml(block)) return none;
  const entries = parseYamlBlock(block.join('\n'), 2, file);
  const keys = Object.fromEntries(entries.map((e) => [e.key, e.value]));
  const detected = format === 'auto' ? (keys.marp === true ? 'marp' : looksLikeSlidev(keys) ? 'slidev' : 'notes') : format;
  const marp = detected === 'marp';
  const slidev = detected === 'slidev';
  const headingDivider = entries.find((e) => e.key === 'headingDivider')?.value;
  const directives: SlideDirectives = {};
  for (const entry of entries) if (LOCAL_DIRECTIVES.has(entry.key)) setDirective(directives, entry.key, entry.value);
  return { settings: readSettings(entries, problems, marp || slidev), bodyStart: close + 1, hasKeys: entries.length > 0, marp, slidev, headingDivider, directives };
}

interface YamlEntry {
  key: string;
  value: unknown;
  line: number;
}

/** Parses front matter into entries with their file line; `firstLine` is the block's first line. */
function parseYamlBlock(source: string, firstLine: number, file: string): YamlEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const line = firstLine + pos.line - 1;
    throw new LectraError(
      'bad-yaml',
      `${file}:${line}: the front matter is not valid YAML (${reason}, column ${pos.col}): fix that line, or remove the block between the two \`---\` lines at the top.`,
      { file, details: doc.errors.map((e) => `line ${firstLine + (e.linePos?.[0].line ?? 1) - 1}: ${e.message.split('\n')[0]}`) },
    );
  }
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) {
    throw new LectraError(
      'bad-yaml',
      `${file}:${firstLine}: the front matter must be \`key: value\` lines (e.g. \`title: My lecture\`), not a list or a single value.`,
      { file },
    );
  }
  return doc.contents.items.map((pair) => ({
    key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
    value: isNode(pair.value) ? pair.value.toJS(doc) : pair.value,
    line: firstLine + (isNode(pair.key) && pair.key.range ? lineCounter.linePos(pair.key.range[0]).line - 1 : 0),
  }));
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const LANG_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const TEXT_KEYS = ['title', 'subtitle', 'author', 'voice', 'images'] as const;

/** Picks the keys LECTRA knows; wrong types are errors, unknown keys (Marp's, Slidev's) are ignored. */
function readSettings(entries: YamlEntry[], problems: NotesProblem[], marp: boolean): DeckSettings {
  const settings: DeckSettings = {};
  const fail = (line: number, message: string): void => void problems.push({ severity: 'error', line, message });
  for (const { key, value, line } of entries) {
    if (value === null || value === undefined || value === '') continue; // `title:` left blank
    if ((TEXT_KEYS as readonly string[]).includes(key)) {
      if (typeof value === 'string' || typeof value === 'number') settings[key as (typeof TEXT_KEYS)[number]] = String(value).trim();
      else fail(line, `front matter \`${key}\` must be text, e.g. \`${key}: Photosynthesis\` (got ${describeValue(value)}).`);
    } else if (key === 'lang') {
      if (typeof value === 'string' && LANG_TAG.test(value.trim()) && supportedLanguage(value)) settings.lang = value.trim();
      else fail(line, `front matter \`lang\` must be a language tag such as \`en\`, \`fr\` or \`pt-BR\` (got ${describeValue(value)}). ${languageHint()}`);
    } else if (key === 'theme') {
      readTheme(value, line, settings, problems, marp);
    } else if (key === 'rate') {
      const rate = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof rate === 'number' && Number.isFinite(rate) && rate > 0) settings.rate = rate;
      else fail(line, `front matter \`rate\` must be a positive number such as \`1\` (normal) or \`1.2\` (faster) (got ${describeValue(value)}).`);
    } else if (key === 'quizEvery' || key === 'quiz-every' || key === 'quiz_every') {
      const every = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof every === 'number' && Number.isInteger(every) && every > 0) settings.quizEvery = every;
      else fail(line, `front matter \`${key}\` must be a whole number of slides such as \`3\` (got ${describeValue(value)}).`);
    } else if (key === 'headingDivider' && !marp) {
      problems.push({ severity: 'warning', line, message: 'Marp `headingDivider` splits slides only in a Marp deck: add `marp: true` to the front matter, or separate slides with a `---` line.' });
    }
  }
  return settings;
}

const MARP_THEMES = new Set(['default', 'gaia', 'uncover']);

/** Marp files say `theme: gaia`; that is a warning (LECTRA's default applies), a non-text value is an error. */
function readTheme(value: unknown, line: number, settings: DeckSettings, problems: NotesProblem[], foreign: boolean): void {
  const name = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (name !== undefined && (THEMES as readonly string[]).includes(name)) settings.theme = name as Deck['theme'];
  // A Marp or Slidev theme (gaia, seriph…) styles that tool's slides: LECTRA's light theme stands in.
  else if (name !== undefined && (MARP_THEMES.has(name) || foreign)) settings.theme = 'light';
  else if (name !== undefined) {
    problems.push({ severity: 'warning', line, message: `theme \`${String(value)}\` is not a LECTRA theme, so \`light\` is used: write \`theme: light\` or \`theme: dark\`.` });
  } else {
    problems.push({ severity: 'error', line, message: `front matter \`theme\` must be \`light\` or \`dark\` (got ${describeValue(value)}).` });
  }
}

// ─── Splitting into slides ──────────────────────────────────────────────────────────────────


interface Chunk {
  /** 0-based index in the file of the chunk's first line. */
  start: number;
  lines: string[];
}

/**
 * Splits at lines that are exactly `---`, except inside fenced code, indented code and HTML
 * blocks (found with a markdown-it pass over the whole body, so fences follow CommonMark).
 * Slidev per-slide front matter (`---\nlayout: center\n---`) is dropped.
 */
function splitSlides(lines: string[], bodyStart: number, problems: NotesProblem[]): Chunk[] {
  const body = lines.slice(bodyStart);
  const shielded = shieldedLines(body, bodyStart, problems);
  const chunks: Chunk[] = [];
  let current: Chunk = { start: bodyStart, lines: [] };
  for (let i = bodyStart; i < lines.length; i++) {
    if (isSeparator(lines[i]) && !shielded.has(i)) {
      chunks.push(current);
      current = { start: i + 1, lines: [] };
    } else current.lines.push(lines[i]!);
  }
  chunks.push(current);
  return dropSlideFrontMatter(chunks);
}

/**
 * Notes split at `---` lines; notes with none (plain lecture notes) are split before every `#`
 * and `##` heading instead, as Marp's `headingDivider: 2` would — one 20-minute slide helps nobody.
 */
function plainOrSeparated(lines: string[], front: FrontMatter, problems: NotesProblem[]): Chunk[] {
  const chunks = splitSlides(lines, front.bodyStart, problems);
  if (chunks.length > 1) return chunks;
  const byHeading = splitMarpSlides(lines, { ...front, headingDivider: 2 }, [], false);
  if (byHeading.filter((chunk) => !isBlank(chunk.lines)).length <= 1) return chunks;
  problems.push({ severity: 'warning', line: front.bodyStart + 1, message: `the notes have no \`---\` slide breaks, so a new slide starts at each \`#\` and \`##\` heading (${byHeading.length} slides): add \`---\` lines to choose the breaks yourself.` });
  return byHeading;
}

/**
 * Marp's slide breaks (`marp: true`), as Marpit makes them from markdown-it's tokens: every
 * top-level thematic break (`---`, ` ---`, `----`, `***`, `___`, `- - -`; not a `---` under a
 * paragraph line, which makes that line a heading; not inside code or HTML), and with
 * `headingDivider: N` (front matter, or a comment directive anywhere) also before every heading
 * of level ≤ N that has visible content before it. The break lines themselves are dropped.
 */
function splitMarpSlides(lines: string[], front: FrontMatter, problems: NotesProblem[], breakAtRules = true): Chunk[] {
  const offset = front.bodyStart;
  const body = lines.slice(offset);
  const tokens = md.parse(body.join('\n'), {});
  for (const token of tokens) if (token.map && ['fence', 'html_block'].includes(token.type)) reportUnclosed(token, body, offset, problems);
  const levels = headingLevels(commentDirective(tokens, 'headingDivider') ?? front.headingDivider);
  const starts: Array<{ line: number; drop: boolean }> = [];
  let visible = false;
  for (const token of tokens) {
    if (token.level !== 0 || !token.map) continue;
    if (token.type === 'hr' && breakAtRules) {
      starts.push({ line: offset + token.map[0], drop: true });
      visible = true;
      continue;
    }
    if (token.type === 'heading_open' && levels.includes(Number(token.tag.slice(1))) && visible) starts.push({ line: offset + token.map[0], drop: false });
    if (!(token.type === 'html_block' && ONLY_COMMENTS.test(token.content))) visible = true;
  }
  const chunks: Chunk[] = [];
  let from = offset;
  for (const start of starts) {
    chunks.push({ start: from, lines: lines.slice(from, start.line) });
    from = start.drop ? start.line + 1 : start.line;
  }
  chunks.push({ start: from, lines: lines.slice(from) });
  return chunks;
}

/** An HTML block that is only comments: Marp's directives and notes, not visible content. */
const ONLY_COMMENTS = /^\s*(?:<!--[\s\S]*?-->\s*)+$/;

/** The last value a Marp comment directive (`<!-- headingDivider: 2 -->`) gives `key`, if any. */
function commentDirective(tokens: Token[], key: string): unknown {
  let found: unknown;
  for (const token of tokens) {
    if (token.type !== 'html_block') continue;
    for (const comment of token.content.matchAll(/<!--([\s\S]*?)-->/g)) {
      const doc = parseDocument(comment[1]!);
      if (doc.errors.length === 0 && isMap(doc.contents) && doc.contents.has(key)) found = doc.contents.get(key);
    }
  }
  return found;
}

/** Heading levels a `headingDivider` splits before: N → 1…N, or a list of levels. */
function headingLevels(divider: unknown): number[] {
  if (typeof divider === 'number' && Number.isInteger(divider) && divider >= 1 && divider <= 6) return Array.from({ length: divider }, (_, i) => i + 1);
  if (Array.isArray(divider)) return divider.filter((level): level is number => Number.isInteger(level) && level >= 1 && level <= 6);
  return [];
}

/** Lines inside code or HTML blocks, where `---` is content. Reports blocks left open. */
function shieldedLines(body: string[], offset: number, problems: NotesProblem[]): Set<number> {
  const shielded = new Set<number>();
  for (const token of md.parse(body.join('\n'), {})) {
    if (!token.map || !['fence', 'code_block', 'html_block'].includes(token.type)) continue;
    const [from, to] = token.map;
    for (let i = from; i < to; i++) shielded.add(offset + i);
    reportUnclosed(token, body, offset, problems);
  }
  return shielded;
}

function reportUnclosed(token: Token, body: string[], offset: number, problems: NotesProblem[]): void {
  const [from, to] = token.map!;
  const last = (body[to - 1] ?? '').trim();
  const fenceChar = token.markup[0] ?? '`';
  const unclosedFence =
    token.type === 'fence' && (to - from < 2 || !new RegExp(`^\\${fenceChar}{${token.markup.length},}$`).test(last));
  const unclosedComment = token.type === 'html_block' && token.content.trimStart().startsWith('<!--') && !token.content.includes('-->');
  if (!unclosedFence && !unclosedComment) return;
  const swallowed = body.slice(from + 1, to).filter((line) => isSeparator(line)).length;
  const what = unclosedFence ? `code block (\`${token.markup}\`)` : 'comment (`<!--`)';
  const close = unclosedFence ? `a \`${token.markup}\` line` : '`-->`';
  problems.push({
    severity: swallowed > 0 ? 'error' : 'warning',
    line: offset + from + 1,
    message:
      swallowed > 0
        ? `this ${what} is never closed, so the ${swallowed} \`---\` line(s) after it do not start new slides: close it with ${close}.`
        : `this ${what} is never closed, so it runs to the end of the file: close it with ${close}.`,
  });
}

/** Slidev puts per-slide YAML right after a separator (`---\nlayout: center\n---`); it is not content. */
function dropSlideFrontMatter(chunks: Chunk[]): Chunk[] {
  const kept: Chunk[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const afterSeparator = i > 0;
    const isFrontMatter =
      afterSeparator &&
      i + 1 < chunks.length &&
      (chunk.lines[0] ?? '').trim() !== '' &&
      looksLikeYaml(chunk.lines) &&
      isYamlMap(chunk.lines.join('\n'));
    if (!isFrontMatter) {
      kept.push(chunk);
      continue;
    }
    kept.push(chunks[i + 1]!);
    i++; // The chunk after the block is its slide; it cannot start another block.
  }
  return kept;
}

function isYamlMap(source: string): boolean {
  const doc = parseDocument(source);
  return doc.errors.length === 0 && isMap(doc.contents);
}

function noSlides(file: string, front: FrontMatter): LectraError {
  const message = front.hasKeys
    ? `${file} has front matter but no slides: add a slide after the closing \`---\` (line ${front.bodyStart}), e.g. \`# Title\`.`
    : `${file} has no slides with content: write at least one slide, e.g. \`# Title\`.`;
  return new LectraError('empty-input', message, { file });
}

// ─── Building slides ────────────────────────────────────────────────────────────────────────

/** Marp's local directives as they stand on one slide (`_`-prefixed ones apply to it alone). */
interface SlideDirectives {
  class?: string[];
  paginate?: boolean;
  header?: string;
  footer?: string;
  backgroundColor?: string;
  color?: string;
  backgroundImage?: string;
}

/** Builds every chunk; numbers slides as they appear in the deck, so messages match it. */
function buildSlides(chunks: Chunk[], problems: NotesProblem[], front: FrontMatter): BuiltSlide[] {
  const keepEmpty = front.marp;
  const references = linkReferences(chunks.map((chunk) => chunk.lines.join('\n')).join('\n\n'));
  const slides: BuiltSlide[] = [];
  const firstFull = chunks.findIndex((chunk) => !isBlank(chunk.lines));
  const lastFull = chunks.length - 1 - [...chunks].reverse().findIndex((chunk) => !isBlank(chunk.lines));
  // Directives without `_` carry on to the following slides (Marp's rule), from the front matter on.
  let carried: SlideDirectives = front.marp ? { paginate: false, footer: '', ...front.directives } : { ...front.directives };
  chunks.forEach((chunk, index) => {
    if (isBlank(chunk.lines) && keepEmpty) {
      slides.push({ slide: { title: '', blocks: [], narration: '', ...styleOf(carried, problems, chunk.start + 1) } });
      problems.push({ severity: 'warning', line: chunk.start + 1, slide: slides.length, message: 'this slide is empty (Marp shows it as a blank slide).' });
      return;
    }
    if (isBlank(chunk.lines)) {
      // Leading/trailing `---` are common and harmless; one in the middle is probably a typo.
      if (index > firstFull && index < lastFull) {
        // Point at the second `---` (0-based start + length = its index), the one to delete.
        const line = chunk.start + chunk.lines.length + 1;
        problems.push({ severity: 'warning', line, message: 'two `---` lines with nothing between them: the empty slide was skipped; remove this one.' });
      }
      return;
    }
    const slideProblems: NotesProblem[] = [];
    const built = buildSlide(chunk, slides.length + 1, slideProblems, carried, keepEmpty, references);
    carried = built.carried;
    if (built.slide) slides.push(built.slide);
    // A dropped slide has no number in the deck; its problems keep only their line.
    problems.push(...slideProblems.map((p) => (built.slide ? p : { ...p, slide: undefined })));
  });
  return slides;
}

interface BuiltSlide {
  slide: SlideInput;
  imageLine?: number;
}

function buildSlide(chunk: Chunk, number: number, problems: NotesProblem[], carried: SlideDirectives, keepEmpty: boolean, references: LinkReferences): { slide?: BuiltSlide; carried: SlideDirectives } {
  const warned = new Set<string>();
  const warn = (line: number, message: string, kind?: string): void => {
    if (kind !== undefined && warned.has(kind)) return;
    if (kind !== undefined) warned.add(kind);
    problems.push({ severity: 'warning', line, slide: number, message });
  };
  const narration: string[] = [];
  let next = { ...carried };
  let local: SlideDirectives = {};
  const onComment = (comment: string): void => {
    const directives = isMarpDirective(comment) ? readDirectives(comment) : undefined;
    if (!directives) {
      addNarration(narration, comment);
      return;
    }
    next = { ...next, ...directives.carried };
    local = { ...local, ...directives.local };
  };
  const built = buildSlideBlocks(chunk.lines.join('\n'), { start: chunk.start, problems: { warn }, onComment, references });
  const chunkLine = chunk.start + 1 + chunk.lines.findIndex((line) => line.trim() !== '');
  const directives = { ...next, ...local };
  const style = styleOf(directives, problems, chunkLine);
  const blocks = [...(directives.backgroundImage ? [backgroundImage(directives.backgroundImage)] : []), ...(built.slide.blocks ?? [])];
  if (!built.hasContent && narration.length === 0 && blocks.length === 0) {
    if (!keepEmpty) {
      warn(chunkLine, 'this slide has no content (only directives or HTML comments), so it was skipped: add a `# Heading`, text, an image or code.');
      return { carried: next };
    }
    warn(chunkLine, 'nothing on this slide can be shown (only Marp directives or comments), so it is blank.');
  } else if (!built.hasContent && blocks.length === 0) warn(chunkLine, 'this slide has narration but nothing to show: add a `# Heading`, text or an image.');
  const slide: SlideInput = { ...built.slide, blocks, narration: narration.join('\n\n'), ...style };
  return { slide: { slide, imageLine: built.imageLine }, carried: next };
}

/** The file's link reference definitions, wherever they are written. */
export function linkReferences(text: string): LinkReferences {
  const env: { references?: LinkReferences } = {};
  md.parse(text, env);
  return env.references ?? {};
}

/** `backgroundImage: url(x.png)` → a background picture block. */
function backgroundImage(value: string): BlockInput {
  const src = /^url\(\s*['"]?([^'")]+)['"]?\s*\)$/.exec(value.trim())?.[1] ?? value.trim();
  return { type: 'image', src, alt: '', position: 'background', fit: 'cover' };
}

const CSS_COLOURS: Record<string, string> = {
  black: '#000000', white: '#FFFFFF', red: '#FF0000', green: '#008000', blue: '#0000FF', yellow: '#FFFF00', gray: '#808080',
  grey: '#808080', navy: '#000080', teal: '#008080', orange: '#FFA500', purple: '#800080', silver: '#C0C0C0', maroon: '#800000',
};

function colour(value: string | undefined, what: string, problems: NotesProblem[], line: number): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().toLowerCase();
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/.test(v)) return value.trim();
  if (CSS_COLOURS[v]) return CSS_COLOURS[v];
  problems.push({ severity: 'warning', line, message: `${what} \`${value}\` is not a colour LECTRA can use, so the theme's colour is used: write a hex colour such as \`#1E293B\`.` });
  return undefined;
}

/** Directives → the slide's style (omitted when nothing is set). */
function styleOf(d: SlideDirectives, problems: NotesProblem[], line: number): Pick<SlideInput, 'style'> {
  const classes = (d.class ?? []).filter((c): c is 'lead' | 'invert' => c === 'lead' || c === 'invert');
  const background = colour(d.backgroundColor, 'backgroundColor', problems, line);
  const color = colour(d.color, 'color', problems, line);
  const style = {
    ...(classes.length > 0 ? { class: classes } : {}),
    ...(background ? { background } : {}),
    ...(color ? { color } : {}),
    ...(d.header !== undefined && d.header !== '' ? { header: d.header } : {}),
    ...(d.footer !== undefined ? { footer: d.footer } : {}),
    ...(d.paginate !== undefined ? { paginate: d.paginate } : {}),
  };
  return Object.keys(style).length > 0 ? { style } : {};
}

/** A directive comment's keys: `_key` for this slide only, `key` for it and the ones after. */
function readDirectives(comment: string): { carried: SlideDirectives; local: SlideDirectives } | undefined {
  // Marp reads directives as "loose" YAML: `color: #333` is a colour there, not a YAML comment.
  const doc = parseDocument(comment.replace(/^(\s*_?[A-Za-z]+[ \t]*:[ \t]*)(#[^\n]*?)[ \t]*$/gm, (_m, key: string, value: string) => `${key}${JSON.stringify(value)}`));
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { carried: {}, local: {} };
  const carried: SlideDirectives = {};
  const local: SlideDirectives = {};
  for (const pair of doc.contents.items) {
    const raw = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const value = isNode(pair.value) ? pair.value.toJS(doc) : pair.value;
    const target = raw.startsWith('_') ? local : carried;
    setDirective(target, raw.replace(/^_/, ''), value);
  }
  return { carried, local };
}

function setDirective(target: SlideDirectives, key: string, value: unknown): void {
  const text = value === null || value === undefined ? '' : String(value);
  if (key === 'class') target.class = text.split(/\s+/).filter(Boolean);
  else if (key === 'paginate') target.paginate = value === true || text === 'true';
  else if (key === 'header' || key === 'footer') target[key] = inlineText(text);
  else if (key === 'backgroundColor' || key === 'color' || key === 'backgroundImage') target[key] = text;
}

/** Header and footer text as inline Markdown (an image in them is dropped; its alt text is not shown). */
function inlineText(text: string): string {
  return inlineToMarkdown(md.parseInline(text, {})[0]?.children ?? null).text;
}

/** Marp's local directives LECTRA draws; in the front matter they apply from the first slide. */
const LOCAL_DIRECTIVES = new Set(['paginate', 'header', 'footer', 'class', 'backgroundColor', 'backgroundImage', 'color']);

/** Marp's directive names (global and local); `_name` applies to one slide. */
const MARP_DIRECTIVES = new Set([
  'theme', 'style', 'headingDivider', 'lang', 'size', 'math', 'title', 'author', 'description', 'image',
  'keywords', 'url', 'marp', 'paginate', 'header', 'footer', 'class', 'backgroundColor', 'backgroundImage',
  'backgroundPosition', 'backgroundRepeat', 'backgroundSize', 'color', 'transition',
]);

/** True for `<!-- _class: lead -->`-style comments: every line a known `key: value` directive. */
export function isMarpDirective(comment: string): boolean {
  const lines = comment.split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length === 1 && lines[0] === 'fit') return true; // `# <!-- fit --> Title`
  return lines.length > 0 && lines.every((line) => {
    const match = /^_?([A-Za-z]+)[ \t]*:/.exec(line);
    return match !== null && MARP_DIRECTIVES.has(match[1]!);
  });
}

/** Comments are narration: wrapped lines are joined, blank lines kept as paragraph breaks. */
function addNarration(narration: string[], comment: string): void {
  const paragraphs = comment
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).filter(Boolean).join(' '))
    .filter(Boolean);
  if (paragraphs.length > 0) narration.push(paragraphs.join('\n\n'));
}

function plainText(inline: string): string {
  const inlineToken = md.parseInline(inline, {})[0];
  return inlineTokensToPlainText(inlineToken?.children ?? null);
}

function throwIfFatal(problems: NotesProblem[], file: string): void {
  const errors = problems.filter((problem) => problem.severity === 'error');
  const first = errors[0];
  if (!first) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}, listed below)` : '';
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  throw new LectraError('bad-input', `${formatNotesProblem(first, file)}${more}`, {
    file,
    slide: first.slide,
    details: [...errors, ...warnings].map((problem) => formatNotesProblem(problem, file)),
  });
}
