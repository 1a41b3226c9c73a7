import { stat } from 'node:fs/promises';
import path from 'node:path';
import { saveDeck } from '../deck/deck-file.js';
import { parseNotes } from '../deck/parse-notes.js';
import type { Deck } from '../deck/schema.js';
import { imageFields, slideImages } from '../deck/slide-content.js';
import { validateDeck } from '../deck/validate-deck.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { ApiDeckSchema } from './api-deck-schema.js';
import { HttpError } from './http-error.js';
import { storeDeckImages, type StoreImagesOptions } from './store-deck-images.js';

const REMOTE = /^(?:https?:|data:)/i;

/**
 * Checks a submitted deck's image paths. Remote images are fine; local ones must be plain relative
 * paths to files that already exist under `localRoot` (the job's output folder, for edited decks).
 * Without this a deck could name /etc/passwd as an image and have it copied where files are served.
 */
export async function checkImagePaths(deck: Deck, localRoot?: string): Promise<void> {
  for (const [i, slide] of deck.slides.entries()) {
    const fields = imageFields(slide, i);
    for (const [k, image] of slideImages(slide).entries()) await checkImagePath(image.src, fields[k]!, i, localRoot);
  }
}

async function checkImagePath(src: string, field: string, i: number, localRoot: string | undefined): Promise<void> {
  if (REMOTE.test(src)) return;
  const plain = !path.isAbsolute(src) && !src.includes('\\') && !src.includes('\0') && !/^[a-z]+:/i.test(src) && !src.split('/').includes('..');
  if (!localRoot || !plain) {
    throw new HttpError(400, 'bad-deck', `${field} (slide ${i + 1}): "${src}" is a local path; the API takes http(s) or data: image URLs, or images already in this job's folder (images/…).`, { field });
  }
  const info = await stat(path.join(localRoot, src)).catch(() => undefined);
  if (!info?.isFile()) throw new HttpError(400, 'missing-image', `${field} (slide ${i + 1}): "${src}" is not in this job's folder.`, { field });
}

/** How submitted http(s) and data: images are taken in (see storeDeckImages). */
export type ImageIntake = Omit<StoreImagesOptions, 'dir'>;

/**
 * Validates submitted notes (every problem with its line, as a 400) and stores them as the job's
 * input. Notes with http(s) or data: images also get `deck.json`: the parsed deck with those
 * images stored in `images/` (the notes' own text cannot point at them), and the job renders it.
 */
export async function writeNotesInput(notes: string, inputDir: string, images: ImageIntake = {}): Promise<Deck> {
  // The limits apply to what the notes make, so they are checked on the parsed deck.
  const parsed = validateDeck(parseNotes(notes, { file: 'notes' }).deck, 'notes', ApiDeckSchema);
  await checkImagePaths(parsed);
  const deck = await storeDeckImages(parsed, { ...images, dir: inputDir });
  await writeFileAtomic(path.join(inputDir, 'notes.md'), notes);
  if (deck.slides.some((slide, i) => JSON.stringify(slideImages(slide)) !== JSON.stringify(slideImages(parsed.slides[i]!)))) await saveDeck(deck, path.join(inputDir, NOTES_AS_DECK));
  return deck;
}

/** Where writeNotesInput puts notes whose images it stored. */
export const NOTES_AS_DECK = 'deck.json';

/** Validates a submitted deck.json object, takes in its images and stores it as the job's input. */
export async function writeDeckInput(data: unknown, file: string, localRoot?: string, images: ImageIntake = {}): Promise<Deck> {
  const checked = validateDeck(data, 'deck', ApiDeckSchema);
  await checkImagePaths(checked, localRoot);
  const deck = await storeDeckImages(checked, { ...images, dir: path.dirname(file) });
  await saveDeck(deck, file);
  return deck;
}
