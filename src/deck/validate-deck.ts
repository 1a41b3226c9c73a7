import type { z } from 'zod';
import { LectraError } from '../errors.js';
import { DeckSchema, type Deck } from './schema.js';

/** Turns a zod issue path into `slides[2].bullets[0].text`. */
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

/**
 * Validates unknown data (parsed deck.json, an LLM's answer, an API body) as a Deck and applies
 * defaults. Throws one `bad-deck` error listing every problem, each with its field path.
 */
export function validateDeck(data: unknown, file = 'deck.json'): Deck {
  const result = DeckSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const firstSlide =
    first && first.path[0] === 'slides' && typeof first.path[1] === 'number' ? first.path[1] + 1 : undefined;
  return failDeck(file, issues.map(describeIssue), first ? formatIssuePath(first.path) : undefined, firstSlide);
}

function failDeck(file: string, problems: string[], field: string | undefined, slide: number | undefined): never {
  throw new LectraError(
    'bad-deck',
    `${file} is not a valid deck (${problems.length} problem${problems.length === 1 ? '' : 's'}): fix the fields below, or re-create it with \`lectra render notes.md\`.`,
    { file, field, slide, details: problems },
  );
}
