import type { z } from 'zod';
import { LectraError } from '../errors.js';
import { migrateDeck } from './migrate-deck.js';
import { DeckSchema, type Deck } from './schema.js';
import { V1DeckSchema } from './schema-v1.js';

/** Turns a zod issue path into `slides[2].blocks[0].items[1].text`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatIssuePath(issue.path);
  const slideIndex = issue.path[0] === 'slides' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
  const slide = slideIndex === undefined ? '' : ` (slide ${slideIndex + 1})`;
  return `${where}${slide}: ${issue.message}`;
}

/** Problems listed in the error; a deck wrong on every one of thousands of slides would otherwise make a huge message. */
const MAX_LISTED = 20;

type DeckParser = { safeParse(data: unknown): z.ZodSafeParseResult<Deck> };

/**
 * Validates unknown data (parsed deck.json, an LLM's answer, an API body) as a Deck and applies
 * defaults. A version 1 deck is checked against the v1 schema (so its messages name the fields
 * the file has) and migrated. Throws one `bad-deck` error listing the problems (the first 20),
 * each with its field path. `schema` is DeckSchema or a stricter one with the same output (the
 * API's size limits).
 */
export function validateDeck(data: unknown, file = 'deck.json', schema: DeckParser = DeckSchema): Deck {
  const input = isVersion1(data) ? migrateDeck(checked(V1DeckSchema, data, file)) : data;
  return checked(schema, input, file);
}

function isVersion1(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { version?: unknown }).version === 1;
}

function checked<T>(schema: { safeParse(data: unknown): z.ZodSafeParseResult<T> }, data: unknown, file: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const firstSlide = first && first.path[0] === 'slides' && typeof first.path[1] === 'number' ? first.path[1] + 1 : undefined;
  return failDeck(file, issues.map(describeIssue), first ? formatIssuePath(first.path) : undefined, firstSlide);
}

function failDeck(file: string, problems: string[], field: string | undefined, slide: number | undefined): never {
  const more = problems.length - 1;
  const listed = problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`] : problems;
  throw new LectraError(
    'bad-deck',
    `${file} is not a valid deck: ${problems[0] ?? 'unknown problem'}${more > 0 ? ` (and ${more} more)` : ''} — fix the fields below, or re-create it with \`lectra render notes.md\`.`,
    { file, field, slide, details: listed },
  );
}
