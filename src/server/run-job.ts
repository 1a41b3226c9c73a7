import { access } from 'node:fs/promises';
import path from 'node:path';
import type { LectraOptions, OptionKey } from '../config/options.js';
import { resolveOptions } from '../config/resolve-options.js';
import { generateLecture } from '../pipeline/generate-lecture.js';
import { renderDeck, type RenderHooks, type RenderResult } from '../pipeline/render-deck.js';
import type { JobOptions, JobResult } from './api-schemas.js';
import { slideImages, slideListItems } from '../deck/slide-content.js';
import { NOTES_AS_DECK } from './job-input.js';
import type { JobRecord, JobStore } from './job-store.js';

/**
 * Options for one job, through the same resolver as the CLI (flag → env → config file →
 * default): the server's own settings, then the request's, and the job's folder as `out`.
 */
export function resolveJobOptions(serverDefaults: LectraOptions, request: JobOptions, outDir?: string, from: string[] = []): LectraOptions {
  // `from` is never a server default: only a documents job's own collection files are read.
  const flags: Partial<Record<OptionKey, unknown>> = { ...serverDefaults, ...request, from, quiet: true };
  if (outDir) flags.out = outDir;
  return resolveOptions({ flags }).options;
}

/**
 * Runs a job's current render: the first run from what was submitted (topic, notes, deck, or a
 * collection's document files), later runs (after PUT /jobs/:id/deck) from the edited deck.json
 * in its output folder.
 */
export async function runJob(record: JobRecord, store: JobStore, serverDefaults: LectraOptions, hooks: RenderHooks, documentFiles: string[] = []): Promise<JobResult> {
  const outDir = store.outDir(record.id);
  const options = resolveJobOptions(serverDefaults, record.options, outDir, record.run === 1 && record.kind === 'documents' ? documentFiles : []);
  let result: RenderResult;
  if (record.run > 1) result = await renderDeck(path.join(outDir, 'deck.json'), options, hooks);
  else if (record.kind === 'topic' || record.kind === 'documents') result = await generateLecture({ topic: record.topic ?? '' }, options, hooks);
  else result = await renderDeck(await inputFile(record, store), options, hooks);
  return summariseResult(result);
}

/** What the first run renders: the deck, or the notes — as a deck when their images were stored at submission. */
async function inputFile(record: JobRecord, store: JobStore): Promise<string> {
  const dir = store.inputDir(record.id);
  if (record.kind === 'deck') return path.join(dir, 'deck.json');
  const asDeck = path.join(dir, NOTES_AS_DECK);
  return (await access(asDeck).then(() => true, () => false)) ? asDeck : path.join(dir, 'notes.md');
}

/** File names relative to the job's output folder (what GET /jobs/:id/files/:name takes). */
export function summariseResult(result: RenderResult): JobResult {
  const relative = (file: string) => path.relative(result.outDir, file).split(path.sep).join('/');
  const files: Record<string, string> = {};
  for (const [kind, file] of Object.entries(result.files)) if (file) files[kind] = relative(file);
  const { deck, timeline } = result;
  return {
    title: deck.title || deck.slides[0]?.title || 'Untitled lecture',
    slideCount: deck.slides.length,
    imageCount: deck.slides.filter((s) => slideImages(s).length > 0).length,
    durationSec: timeline?.totalSec,
    files,
    frames: result.frames.map(relative),
    outline: deck.slides.map((s) => ({ title: s.title, bullets: slideListItems(s).filter((item) => item.level === 0).map((item) => item.text) })),
    slideTimings: (timeline?.slides ?? []).map((s) => ({ slide: s.index + 1, title: s.title, start: s.start, end: s.end })),
  };
}
