import { access, cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { saveDeck } from '../deck/deck-file.js';
import { parseNotes } from '../deck/parse-notes.js';
import { validateDeck } from '../deck/validate-deck.js';
import { NOTES_AS_DECK } from './job-input.js';
import type { JobRecord, JobStore } from './job-store.js';

const exists = (file: string) => access(file).then(() => true, () => false);

/**
 * A first run interrupted by a restart never got as far as writing its output folder's deck.json
 * (the render writes it at the end). This puts the submitted deck there — with the pictures stored
 * at submission, under the same relative paths — so `GET /jobs/:id/files/deck.json` answers and
 * `PUT /jobs/:id/deck` with it resumes the job, its finished tasks coming from the cache.
 * Topic and documents jobs have no deck until the LLM has written one: nothing to keep.
 */
export async function keepInputDeck(record: JobRecord, store: JobStore): Promise<void> {
  if (record.run !== 1 || (record.kind !== 'deck' && record.kind !== 'notes')) return;
  const outDir = store.outDir(record.id);
  const target = path.join(outDir, 'deck.json');
  if (await exists(target)) return;
  const inputDir = store.inputDir(record.id);
  const deckFile = path.join(inputDir, NOTES_AS_DECK);
  const source = (await exists(deckFile)) ? deckFile : path.join(inputDir, 'notes.md');
  if (!(await exists(source))) return;
  const images = path.join(inputDir, 'images');
  if (await exists(images)) await cp(images, path.join(outDir, 'images'), { recursive: true, force: false });
  const text = await readFile(source, 'utf8');
  // Validated at submission; image paths stay relative (images/…), now under the output folder too.
  const deck = source.endsWith('.json') ? validateDeck(JSON.parse(text), source) : parseNotes(text, { file: source }).deck;
  await saveDeck(deck, target);
}
