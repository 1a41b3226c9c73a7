import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import { LectraError } from '../errors.js';
import { inlineToMarkdown, inlineTokensToPlainText, type InlineImage } from './inline-markdown.js';
import { DECK_VERSION, THEMES, type Bullet, type CodeBlock, type Deck, type DeckInput, type SlideImage, type SlideInput } from './schema.js';
import { validateDeck } from './validate-deck.js';
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
}

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
  const front = readFrontMatter(lines, file, problems);
  const chunks = front.marp ? splitMarpSlides(lines, front, problems) : splitSlides(lines, front.bodyStart, problems);
  if (chunks.every((chunk) => isBlank(chunk.lines))) throw noSlides(file, front);
  // A Marp deck keeps every slide Marp makes, empty ones too: the slide count is the author's.
  const built = buildSlides(chunks, problems, front.marp);
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

/** NUL bytes, or more than 10% control / replacement characters (what decoding binary yields). */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0);
    if (control || c === 0xfffd) odd++;
  }
  return text.length > 0 && odd / text.length > 0.1;
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
  /** Marp's `headingDivider` from the front matter (a comment directive may set it too). */
  headingDivider?: unknown;
}

/** A top-level `key:` line; used to tell a YAML block from a slide that sits between two `---`. */
const YAML_KEY_LINE = /^(?:[A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)/;

function looksLikeYaml(lines: string[]): boolean {
  const first = lines.find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return first !== undefined && YAML_KEY_LINE.test(first);
}

function readFrontMatter(lines: string[], file: string, problems: NotesProblem[]): FrontMatter {
  const none: FrontMatter = { settings: {}, bodyStart: 0, hasKeys: false, marp: false };
  if (!isSeparator(lines[0])) return none;
  const close = lines.findIndex((line, i) => i > 0 && isSeparator(line));
  if (close < 0) return none;
  const block = lines.slice(1, close);
  // `---\n# Intro\n---` is a slide between two separators, not YAML.
  if (!isBlank(block) && !looksLikeYaml(block)) return none;
  const entries = parseYamlBlock(block.join('\n'), 2, file);
  const marp = entries.some((e) => e.key === 'marp' && e.value === true);
  const headingDivider = entries.find((e) => e.key === 'headingDivider')?.value;
  return { settings: readSettings(entries, problems, marp), bodyStart: close + 1, hasKeys: entries.length > 0, marp, headingDivider };
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
      readTheme(value, line, settings, problems);
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

/** Marp files say `theme: gaia`; that is a warning (LECTRA's default applies), a non-text value is an error. */
function readTheme(value: unknown, line: number, settings: DeckSettings, problems: NotesProblem[]): void {
  const name = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (name !== undefined && (THEMES as readonly string[]).includes(name)) settings.theme = name as Deck['theme'];
  else if (name !== undefined) {
    problems.push({ severity: 'warning', line, message: `theme \`${String(value)}\` is not a LECTRA theme, so \`light\` is used: write \`theme: light\` or \`theme: dark\`.` });
  } else {
    problems.push({ severity: 'error', line, message: `front matter \`theme\` must be \`light\` or \`dark\` (got ${describeValue(value)}).` });
  }
}

// ─── Splitting into slides ──────────────────────────────────────────────────────────────────

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
// Image paths are kept exactly as written (no percent-encoding of `café.png`); the loader resolves them.
md.normalizeLink = (url: string): string => url;

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
 * Marp's slide breaks (`marp: true`), as Marpit makes them from markdown-it's tokens: every
 * top-level thematic break (`---`, ` ---`, `----`, `***`, `___`, `- - -`; not a `---` under a
 * paragraph line, which makes that line a heading; not inside code or HTML), and with
 * `headingDivider: N` (front matter, or a comment directive anywhere) also before every heading
 * of level ≤ N that has visible content before it. The break lines themselves are dropped.
 */
function splitMarpSlides(lines: string[], front: FrontMatter, problems: NotesProblem[]): Chunk[] {
  const offset = front.bodyStart;
  const body = lines.slice(offset);
  const tokens = md.parse(body.join('\n'), {});
  for (const token of tokens) if (token.map && ['fence', 'html_block'].includes(token.type)) reportUnclosed(token, body, offset, problems);
  const levels = headingLevels(commentDirective(tokens, 'headingDivider') ?? front.headingDivider);
  const starts: Array<{ line: number; drop: boolean }> = [];
  let visible = false;
  for (const token of tokens) {
    if (token.level !== 0 || !token.map) continue;
    if (token.type === 'hr') {
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

/** Builds every non-empty chunk; numbers slides as they appear in the deck, so messages match it. */
function buildSlides(chunks: Chunk[], problems: NotesProblem[], keepEmpty = false): BuiltSlide[] {
  const slides: BuiltSlide[] = [];
  const firstFull = chunks.findIndex((chunk) => !isBlank(chunk.lines));
  const lastFull = chunks.length - 1 - [...chunks].reverse().findIndex((chunk) => !isBlank(chunk.lines));
  chunks.forEach((chunk, index) => {
    if (isBlank(chunk.lines) && keepEmpty) {
      slides.push({ slide: { title: '', bullets: [], ordered: false, narration: '' } });
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
    const slide = buildSlide(chunk, slides.length + 1, slideProblems, keepEmpty);
    if (slide) slides.push(slide);
    // A dropped slide has no number in the deck; its problems keep only their line.
    problems.push(...slideProblems.map((p) => (slide ? p : { ...p, slide: undefined })));
  });
  return slides;
}

interface ItemFrame {
  depth: number;
  parts: string[];
  /** Index in the current top bullet's children (nested items only). */
  slot?: number;
}

interface SlideState {
  number: number;
  start: number;
  problems: NotesProblem[];
  title?: string;
  subtitle?: string;
  bullets: Bullet[];
  ordered?: boolean;
  image?: SlideImage & { line: number };
  code?: CodeBlock & { line: number };
  narration: string[];
  listDepth: number;
  items: ItemFrame[];
  inHeading: boolean;
  tableRow?: string[];
  warned: Set<string>;
}

interface BuiltSlide {
  slide: SlideInput;
  imageLine?: number;
}

function buildSlide(chunk: Chunk, number: number, problems: NotesProblem[], keepEmpty = false): BuiltSlide | undefined {
  const state: SlideState = { number, start: chunk.start, problems, bullets: [], narration: [], listDepth: 0, items: [], inHeading: false, warned: new Set() };
  for (const token of md.parse(chunk.lines.join('\n'), {})) visitToken(state, token);
  const bullets = tidyBullets(state.bullets);
  const hasContent = Boolean(state.title || state.subtitle || bullets.length > 0 || state.image || state.code);
  const chunkLine = chunk.start + 1 + chunk.lines.findIndex((line) => line.trim() !== '');
  if (!hasContent && state.narration.length === 0) {
    if (!keepEmpty) {
      warn(state, chunkLine, 'this slide has no content (only Marp directives or HTML), so it was skipped: add a `# Heading`, bullets, an image or code.');
      return undefined;
    }
    warn(state, chunkLine, 'nothing on this slide can be shown yet (only Marp directives or HTML), so it is blank.');
  } else if (!hasContent) warn(state, chunkLine, 'this slide has narration but nothing to show: add a `# Heading`, bullets or an image.');
  const slide: SlideInput = {
    title: state.title ?? '',
    ...(state.subtitle ? { subtitle: state.subtitle } : {}),
    bullets,
    ordered: state.ordered ?? false,
    ...(state.image ? { image: { src: state.image.src, alt: state.image.alt } } : {}),
    ...(state.code ? { code: { lang: state.code.lang, text: state.code.text } } : {}),
    narration: state.narration.join('\n\n'),
  };
  return { slide, imageLine: state.image?.line };
}

function lineOf(state: SlideState, token: Token): number {
  return state.start + (token.map?.[0] ?? 0) + 1;
}

function warn(state: SlideState, line: number, message: string): void {
  state.problems.push({ severity: 'warning', line, slide: state.number, message });
}

/** Warns once per slide per kind, so a long list does not repeat the same advice. */
function warnOnce(state: SlideState, kind: string, line: number, message: string): void {
  if (state.warned.has(kind)) return;
  state.warned.add(kind);
  warn(state, line, message);
}

function visitToken(state: SlideState, token: Token): void {
  switch (token.type) {
    case 'heading_open':
      state.inHeading = true;
      return;
    case 'heading_close':
      state.inHeading = false;
      return;
    case 'bullet_list_open':
    case 'ordered_list_open':
      openList(state, token);
      return;
    case 'bullet_list_close':
    case 'ordered_list_close':
      state.listDepth--;
      return;
    case 'list_item_open':
      openItem(state, token);
      return;
    case 'list_item_close':
      closeItem(state);
      return;
    case 'inline':
      addInline(state, token);
      return;
    case 'fence':
    case 'code_block':
      addCode(state, token);
      return;
    case 'html_block':
      addHtmlBlock(state, token);
      return;
    case 'tr_open':
      state.tableRow = [];
      warnOnce(state, 'table', lineOf(state, token), 'tables are not drawn as tables: each row became a bullet; use a list if you want to control the wording.');
      return;
    case 'tr_close':
      if (state.tableRow && state.tableRow.length > 0) state.bullets.push({ text: state.tableRow.join(' · '), children: [] });
      state.tableRow = undefined;
      return;
  }
}

function openList(state: SlideState, token: Token): void {
  state.listDepth++;
  if (state.listDepth !== 1) return;
  const ordered = token.type === 'ordered_list_open';
  if (state.ordered === undefined) state.ordered = ordered;
  else if (state.ordered !== ordered) {
    warnOnce(state, 'mixed-lists', lineOf(state, token), `this slide mixes numbered and bulleted lists: all items are shown ${state.ordered ? 'numbered' : 'bulleted'} like the first list; put the other list on its own slide.`);
  }
}

function openItem(state: SlideState, token: Token): void {
  const depth = state.listDepth;
  if (depth === 1) {
    state.bullets.push({ text: '', children: [] });
    state.items.push({ depth, parts: [] });
    return;
  }
  if (depth > 2) {
    warnOnce(state, 'deep-list', lineOf(state, token), 'a list is nested more than one level deep: the deeper items were moved up to the second level; slides show two levels.');
  }
  const top = state.bullets.at(-1)!;
  // Reserve the slot now so children keep document order even though deeper items close first.
  state.items.push({ depth, parts: [], slot: top.children.push('') - 1 });
}

function closeItem(state: SlideState): void {
  const frame = state.items.pop();
  if (!frame) return;
  const text = frame.parts.filter(Boolean).join(' ');
  const top = state.bullets.at(-1)!;
  if (frame.slot === undefined) top.text = text;
  else top.children[frame.slot] = text;
}

function addInline(state: SlideState, token: Token): void {
  const line = lineOf(state, token);
  const content = inlineToMarkdown(token.children);
  content.images.forEach((image) => addImage(state, image, line));
  content.comments.forEach((comment) => addComment(state, comment));
  const text = content.text;
  const item = state.items.at(-1);
  if (item) item.parts.push(text);
  else if (state.tableRow) {
    if (text) state.tableRow.push(text);
  } else if (state.inHeading) addHeading(state, text);
  else if (text) state.bullets.push({ text, children: [] }); // A paragraph: keep it as a bullet rather than lose it.
}

/** First heading = title; a second one before any content = subtitle; later ones are bullets. */
function addHeading(state: SlideState, text: string): void {
  if (!text) return;
  const hasBody = state.bullets.length > 0 || state.image !== undefined || state.code !== undefined;
  if (state.title === undefined) state.title = text;
  else if (state.subtitle === undefined && !hasBody) state.subtitle = text;
  else state.bullets.push({ text, children: [] });
}

/** Marp image keywords (`![bg right:40%](…)`, `![w:300](…)`) are styling, not alt text. */
function cleanAlt(alt: string): string {
  const words = alt.split(/\s+/).filter(Boolean);
  const isBackground = words[0] === 'bg';
  const marpWord = (word: string): boolean =>
    /^(?:w|h|width|height):\S+$/.test(word) ||
    (isBackground && /^(?:bg|left|right|contain|cover|fit|auto|vertical|\d+%|(?:left|right):\d+%)$/.test(word));
  return words.filter((word) => !marpWord(word)).join(' ');
}

function addImage(state: SlideState, image: InlineImage, line: number): void {
  if (!image.src) {
    warn(state, line, 'an image has no path, so it was skipped: write `![description](images/picture.png)`.');
    return;
  }
  if (state.image) {
    warnOnce(state, 'images', line, `this slide has more than one image: only the first (line ${state.image.line}) is shown; move the others to their own slides.`);
    return;
  }
  state.image = { src: image.src, alt: cleanAlt(image.alt), line };
}

function addCode(state: SlideState, token: Token): void {
  const line = lineOf(state, token);
  if (state.code) {
    warnOnce(state, 'code', line, `this slide has more than one code block: only the first (line ${state.code.line}) is shown; put the others on their own slides.`);
    return;
  }
  const lang = token.type === 'fence' ? (token.info.trim().split(/\s+/)[0] ?? '') : '';
  state.code = { lang, text: token.content.replace(/\n$/, ''), line };
}

const HTML_COMMENT = /<!--([\s\S]*?)-->/g;

function addHtmlBlock(state: SlideState, token: Token): void {
  const comments = [...token.content.matchAll(HTML_COMMENT)].map((match) => match[1]!);
  comments.forEach((comment) => addComment(state, comment));
  const rest = token.content.replace(HTML_COMMENT, '').trim();
  if (rest && !rest.includes('<')) {
    // `<!-- note --> Text` on one line: the text after the comment belongs to the HTML block.
    const text = inlineToMarkdown(md.parseInline(rest, {})[0]?.children ?? null).text;
    if (text) state.bullets.push({ text, children: [] });
  } else if (rest && !rest.startsWith('<!--')) {
    warnOnce(state, 'html', lineOf(state, token), 'raw HTML is not shown on slides and was skipped: write it as Markdown (headings, lists, images).');
  }
}

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
function addComment(state: SlideState, comment: string): void {
  if (isMarpDirective(comment)) return;
  const paragraphs = comment
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).filter(Boolean).join(' '))
    .filter(Boolean);
  if (paragraphs.length > 0) state.narration.push(paragraphs.join('\n\n'));
}

/** Drops empty items; an item with no text of its own but sub-items is replaced by its first. */
function tidyBullets(bullets: Bullet[]): Bullet[] {
  const tidy: Bullet[] = [];
  for (const bullet of bullets) {
    const children = bullet.children.filter(Boolean);
    if (bullet.text) tidy.push({ text: bullet.text, children });
    else if (children.length > 0) tidy.push({ text: children[0]!, children: children.slice(1) });
  }
  return tidy;
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
