import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LectraError } from '../errors.js';
import { formatNotesProblem, looksBinary, parseNotes } from './parse-notes.js';
import type { Deck, Slide } from './schema.js';
import { validateDeck } from './validate-deck.js';
import { readInputFile } from '../fs/read-input-file.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { imageFileProblem } from '../images/image-file-problem.js';

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
}

export interface LoadDeckOptions {
  /** Read for `-` (default: this process's standard input). */
  stdin?: AsyncIterable<Uint8Array>;
  /**
   * Parses notes text; by default parseNotes itself. The renderer passes one that remembers
   * results in the content cache, so an unchanged notes file is not parsed again.
   */
  parse?: (text: string, file: string, parse: () => ParsedNotesFile) => Promise<ParsedNotesFile>;
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
  const parse = options.parse ?? (async (_text: string, _file: string, run: () => ParsedNotesFile) => run());
  const parsed = NOTES_EXTENSIONS.includes(extension) ? await parse(text, name, () => parseNotesFile(text, name)) : { deck: parseDeckJson(text, name), warnings: [], imageLines: [] };
  const baseDir = absolute ? path.dirname(absolute) : process.cwd();
  const deck = await resolveImages(parsed.deck, baseDir, name, parsed.imageLines);
  return { deck, file: absolute, baseDir, warnings: [...warnings, ...parsed.warnings] };
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

function parseNotesFile(text: string, file: string): ParsedNotesFile {
  const { deck, problems, imageLines } = parseNotes(text, { file });
  return { deck, warnings: problems.map((problem) => formatNotesProblem(problem, file)), imageLines };
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

/** Makes local image paths absolute (relative to the deck's folder) and checks they exist. */
async function resolveImages(deck: Deck, baseDir: string, file: string, lines: Array<number | undefined>): Promise<Deck> {
  const missing: { slide: number; src: string; tried: string }[] = [];
  const unusable: { slide: number; src: string; problem: string }[] = [];
  // `notes.md:12: slide 3: …` where the line is known, as the parser's own messages read.
  const where = (slide: number) => `${file}${lines[slide - 1] ? `:${lines[slide - 1]}` : ''}: slide ${slide}`;
  const slides = await Promise.all(
    deck.slides.map(async (slide, index): Promise<Slide> => {
      if (!slide.image || REMOTE_IMAGE.test(slide.image.src)) return slide;
      const found = await findImage(slide.image.src, baseDir);
      if (!found.path) {
        missing.push({ slide: index + 1, src: slide.image.src, tried: found.tried });
        return slide;
      }
      const problem = await imageFileProblem(found.path);
      if (problem) unusable.push({ slide: index + 1, src: slide.image.src, problem });
      return { ...slide, image: { ...slide.image, src: found.path } };
    }),
  );
  const bad = unusable.sort((x, y) => x.slide - y.slide)[0];
  if (bad && missing.length === 0) {
    throw new LectraError('bad-input', `${where(bad.slide)}: image "${bad.src}" ${bad.problem}.`, {
      file,
      slide: bad.slide,
      field: `slides[${bad.slide - 1}].image.src`,
      details: unusable.length > 1 ? unusable.map((u) => `${where(u.slide)}: ${u.src} ${u.problem}`) : [],
    });
  }
  const first = missing.sort((x, y) => x.slide - y.slide)[0];
  if (first) {
    throw new LectraError(
      'missing-image',
      `${where(first.slide)}: image "${first.src}" was not found (looked for ${first.tried}): fix the path (relative to ${baseDir}) or remove the image.`,
      { file, slide: first.slide, field: `slides[${first.slide - 1}].image.src`, details: missing.map((m) => `${where(m.slide)}: ${m.src} → ${m.tried}`) },
    );
  }
  return { ...deck, slides };
}

/** Tries the path as written, then percent-decoded (`my%20photo.png` written for `my photo.png`). */
async function findImage(src: string, baseDir: string): Promise<{ path?: string; tried: string }> {
  const written = src.startsWith('file:') ? fileURLToPath(src) : path.resolve(baseDir, src);
  const candidates = [written];
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
