import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LectraError } from '../errors.js';
import { looksBinary } from './looks-binary.js';
import type { NotesFormat } from './parse-notes.js';
import type { Deck, Slide } from './schema.js';
import { mapSlideImages } from './slide-content.js';
import { validateDeck } from './validate-deck.js';
import { readInputFile } from '../fs/read-input-file.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { imageFileProblem } from '../images/image-file-problem.js';
import { hasHtmlLabels, rasteriseHtmlSvg } from '../images/svg-html-labels.js';

export interface LoadedDeck {
  /** The deck, with every local image path made absolute. */
  deck: Deck;
  /** Absolute path of the file read (none for standard input). */
  file?: string;
  /** Folder relative image paths were resolved against. */
  baseDir: string;
  /** Notes warnings, formatted `file:line: warning: slide N: message`. */
  warnings: string[];
}

const NOTES_EXTENSIONS = ['.md', '.markdown'];
const DECK_EXTENSIONS = ['.json'];

/** Largest notes file or deck.json read (500 slides of notes are well under 1 MB). */
export const MAX_DECK_FILE_BYTES = 20 * 1024 * 1024;

/** Notes parsed into a deck, with the parser's warnings and each slide's image line. */
export interface ParsedNotesFile {
  deck: Deck;
  warnings: string[];
  imageLines: Array<number | undefined>;
  /** Files the notes pulled in (Slidev `src:` imports) and their SHA-256: a cached parse is valid while they are unchanged. */
  imports?: Array<{ path: string; sha256: string }>;
}

export interface LoadDeckOptions {
  /** Read for `-` (default: this process's standard input). */
  stdin?: AsyncIterable<Uint8Array>;
  /**
   * Parses notes text; by default parseNotes itself. The renderer passes one that remembers
   * results in the content cache, so an unchanged notes file is not parsed again.
   */
  parse?: (text: string, file: string, parse: () => Promise<ParsedNotesFile>) => Promise<ParsedNotesFile>;
  /** How notes are split into slides (default: `auto`, telling Marp and Slidev decks from plain notes). */
  format?: NotesFormat;
}

/**
 * Reads notes (.md/.markdown) or a deck (.json) — or notes from standard input for `-` — and
 * checks that every local image exists (relative images of piped notes are looked up from the
 * current folder).
 */
export async function loadDeck(file: string, options: LoadDeckOptions = {}): Promise<LoadedDeck> {
  const { stdin } = options;
  const name = file === '-' ? 'standard input' : file;
  // Read first (bounded), so a folder or a device is named as such whatever its name.
  const { absolute, bytes } = await readInputFile(file, { maxBytes: MAX_DECK_FILE_BYTES, stdin, expected: 'the notes file (.md) or the deck.json inside it' });
  const extension = file === '-' ? '.md' : path.extname(file).toLowerCase();
  if (!NOTES_EXTENSIONS.includes(extension) && !DECK_EXTENSIONS.includes(extension)) {
    throw new LectraError(
      'bad-input',
      `${file} has an unsupported extension "${extension || '(none)'}": LECTRA reads notes (${NOTES_EXTENSIONS.join(', ')}) and decks (.json); rename it to .md if it is Markdown.`,
      { file },
    );
  }
  const { text, warnings } = decodeText(bytes, name);
  const parse = options.parse ?? ((_text: string, _file: string, run: () => Promise<ParsedNotesFile>) => run());
  const notesOptions = { path: absolute ?? name, format: options.format };
  const parsed = NOTES_EXTENSIONS.includes(extension)
    ? await parse(text, `${name}${options.format && options.format !== 'auto' ? ` (${options.format})` : ''}`, () => parseNotesFile(text, name, notesOptions))
    : { deck: parseDeckJson(text, name), warnings: [], imageLines: [] };
  const baseDir = absolute ? path.dirname(absolute) : process.cwd();
  // Notes were continued where over-full inside the (cached) parse; a deck.json is checked here.
  const paged = NOTES_EXTENSIONS.includes(extension) ? { deck: parsed.deck, warnings: [] as string[] } : await continueOverfull(parsed.deck, name);
  const resolved = await resolveImages(paged.deck, baseDir, name, parsed.imageLines);
  return { deck: resolved.deck, file: absolute, baseDir, warnings: [...warnings, ...parsed.warnings, ...paged.warnings, ...resolved.warnings] };
}

/** Writes the deck as pretty JSON, atomically; an invalid deck is refused before anything is written. */
export async function saveDeck(deck: Deck, file: string): Promise<void> {
  const valid = validateDeck(deck, file);
  await writeFileAtomic(file, `${JSON.stringify(valid, null, 2)}\n`);
}

/**
 * Bytes → text. UTF-8 (with or without BOM) and UTF-16 with a BOM (Windows Notepad's "Unicode")
 * are read as such; other non-UTF-8 text is read as Windows-1252 with a warning, and anything
 * that looks binary is refused.
 */
function decodeText(bytes: Uint8Array, file: string): { text: string; warnings: string[] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), warnings: [] };
  const binary = new LectraError(
    'binary-input',
    `${file} looks like a binary file, not text: pass Markdown notes (.md) or a deck.json saved as UTF-8.`,
    { file },
  );
  if (bytes.includes(0)) throw binary;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), warnings: [] };
  } catch {
    const text = new TextDecoder('windows-1252').decode(bytes);
    if (looksBinary(text)) throw binary;
    return { text, warnings: [`${file}: warning: the file is not UTF-8, so it was read as Windows-1252; save it as UTF-8 if accents look wrong.`] };
  }
}

/** Over-full slides continued on more slides (paginate-deck), loaded only when a deck is read. */
async function continueOverfull(deck: Deck, file: string): Promise<{ deck: Deck; warnings: string[]; origins: number[] }> {
  const { paginateDeck } = await import('../layout/paginate-deck.js');
  const paged = paginateDeck(deck);
  return { deck: paged.deck, warnings: paged.warnings.map((w) => `${file}: warning: ${w}`), origins: paged.origins };
}

/**
 * Notes → deck: parsed (the Markdown stack is loaded only here, so a cached parse never loads
 * it), then over-full slides continued. The image lines follow the continued slides.
 */
async function parseNotesFile(text: string, file: string, options: { path: string; format?: NotesFormat }): Promise<ParsedNotesFile> {
  const { parseNotes, formatNotesProblem } = await import('./parse-notes.js');
  const imports: Array<{ path: string; sha256: string }> = [];
  const readFile = (importPath: string): string | undefined => {
    const text = readImport(importPath);
    if (text !== undefined) imports.push({ path: importPath, sha256: createHash('sha256').update(text).digest('hex') });
    return text;
  };
  const { deck, problems, imageLines } = parseNotes(text, { file, path: options.path, format: options.format, readFile });
  const paged = await continueOverfull(deck, file);
  // A continuation slide's messages point at its original slide's picture line.
  const lines = paged.origins.map((origin) => imageLines[origin]);
  return { deck: paged.deck, warnings: [...problems.map((problem) => formatNotesProblem(problem, file)), ...paged.warnings], imageLines: lines, ...(imports.length > 0 ? { imports } : {}) };
}

/** A Slidev `src:` import: a regular Markdown file of bounded size, else "missing". */
export function readImport(importPath: string): string | undefined {
  try {
    const info = statSync(importPath);
    if (!info.isFile() || info.size > MAX_DECK_FILE_BYTES) return undefined;
    return readFileSync(importPath, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

function parseDeckJson(text: string, file: string): Deck {
  const clean = text.replace(/^\uFEFF/, '');
  if (looksBinary(clean)) {
    throw new LectraError('binary-input', `${file} looks like a binary file, not JSON: pass a deck.json saved as UTF-8.`, { file });
  }
  if (clean.trim() === '') {
    throw new LectraError('empty-input', `${file} is empty: it should hold a deck object; re-create it with \`lectra render notes.md\`.`, { file });
  }
  let data: unknown;
  try {
    data = JSON.parse(clean);
  } catch (error) {
    const message = (error as Error).message;
    const { line, column } = lineAndColumn(clean, jsonErrorOffset(clean, message));
    throw new LectraError(
      'bad-deck',
      `${file}:${line}:${column}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '')}): fix the syntax there (a missing comma, quote or bracket is the usual cause).`,
      { file, cause: error },
    );
  }
  return validateDeck(data, file);
}

/** Where JSON.parse failed: from its message, else the end of the longest prefix that still parses. */
function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  // Some V8 messages ("Unexpected token 'x', …") carry no position; a prefix is still viable while
  // it parses or fails only at its own end, so binary-search the first non-viable one.
  let lo = 0;
  let hi = text.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (isViableJsonPrefix(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}

function isViableJsonPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    return /Unexpected end of JSON input/.test(message) || (position !== null && Number(position[1]) >= prefix.length);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const REMOTE_IMAGE = /^(?:https?:|data:)/i;

/**
 * Makes local image paths absolute (relative to the deck's folder). A picture that is not there,
 * or is not a picture, is left out of its slide with a warning naming the file, slide and path:
 * the rest of the lecture still renders (`--strict` makes warnings fatal).
 */
async function resolveImages(deck: Deck, baseDir: string, file: string, lines: Array<number | undefined>): Promise<{ deck: Deck; warnings: string[] }> {
  const warnings: Array<{ slide: number; message: string }> = [];
  // `notes.md:12: warning: slide 3: …` where the line is known, as the parser's own messages read.
  const where = (slide: number) => `${file}${lines[slide - 1] ? `:${lines[slide - 1]}` : ''}: warning: slide ${slide}`;
  const slides = await Promise.all(
    deck.slides.map((slide, index): Promise<Slide> =>
      mapSlideImages(slide, async (image) => {
        if (REMOTE_IMAGE.test(image.src)) return image;
        const found = await findImage(image.src, baseDir);
        if (!found.path) {
          warnings.push({ slide: index + 1, message: `${where(index + 1)}: image "${image.src}" was not found (looked for ${found.tried}), so the slide is shown without it: fix the path (relative to ${baseDir}) or remove the image.` });
          return undefined;
        }
        const problem = await imageFileProblem(found.path);
        if (problem) {
          warnings.push({ slide: index + 1, message: `${where(index + 1)}: image "${image.src}" ${problem}, so the slide is shown without it.` });
          return undefined;
        }
        const drawn = await withHtmlLabels(found.path);
        if (drawn.warning) warnings.push({ slide: index + 1, message: `${where(index + 1)}: image "${image.src}" ${drawn.warning}` });
        return { ...image, src: drawn.path };
      }),
    ),
  );
  return { deck: { ...deck, slides }, warnings: warnings.sort((a, b) => a.slide - b.slide).map((w) => w.message) };
}

/** An SVG with HTML labels (draw.io) is drawn by Chromium into a PNG; without Chromium it is kept, with a warning. */
async function withHtmlLabels(file: string): Promise<{ path: string; warning?: string }> {
  if (!/\.svgz?$/i.test(file)) return { path: file };
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!hasHtmlLabels(text)) return { path: file };
  const png = await rasteriseHtmlSvg(file);
  if (png) return { path: png };
  return { path: file, warning: 'has HTML labels (`<foreignObject>`, as draw.io writes them) that only a browser draws, so they are missing from the slide: install Chromium (`apt install chromium`, or set LECTRA_CHROMIUM) to draw them.' };
}

/** Tries the path as written, then percent-decoded (`my%20photo.png` written for `my photo.png`). */
async function findImage(src: string, baseDir: string): Promise<{ path?: string; tried: string }> {
  const written = src.startsWith('file:') ? fileURLToPath(src) : path.resolve(baseDir, src);
  const candidates = [written];
  // Slidev serves `/logo.png` from the deck's public/ folder; Marp and browsers from the deck's folder.
  if (src.startsWith('/') && !src.startsWith('//')) candidates.push(path.join(baseDir, 'public', src), path.join(baseDir, src));
  try {
    const decoded = path.resolve(baseDir, decodeURIComponent(src));
    if (decoded !== written) candidates.push(decoded);
  } catch {
    // Not valid percent-encoding: only the path as written applies.
  }
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return { path: candidate, tried: written };
  }
  return { tried: written };
}
