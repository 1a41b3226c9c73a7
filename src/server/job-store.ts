import { randomBytes } from 'node:crypto';
import { readFile, readdir, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import type { JobError, JobOptions, JobResult } from './api-schemas.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type JobKind = 'topic' | 'notes' | 'deck' | 'documents';

/** What job.json holds: everything needed to show, resume or re-render the job after a restart. */
export interface JobRecord {
  id: string;
  project: string;
  kind: JobKind;
  state: JobState;
  run: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  topic?: string;
  /** Documents jobs: the collection the lecture is written from, and which of its documents (default all). */
  collection?: string;
  documents?: string[];
  /** The deck's or topic's title, known before the render finishes. */
  title?: string;
  options: JobOptions;
  result?: JobResult;
  error?: JobError;
}

const ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/**
 * Jobs on disk: `<root>/<id>/job.json` (state), `input/` (the notes or deck submitted),
 * `out/` (the lecture folder, the only place files are served from) and `events.ndjson`.
 */
export class JobStore {
  constructor(readonly root: string) {}

  static newId(): string {
    // Time first so ids sort by creation; random tail so two in one millisecond differ.
    return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  jobDir(id: string): string {
    if (!ID_PATTERN.test(id)) throw new Error(`invalid job id ${JSON.stringify(id)}`);
    return path.join(this.root, id);
  }

  outDir(id: string): string {
    return path.join(this.jobDir(id), 'out');
  }

  inputDir(id: string): string {
    return path.join(this.jobDir(id), 'input');
  }

  eventsFile(id: string): string {
    return path.join(this.jobDir(id), 'events.ndjson');
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  async save(record: JobRecord): Promise<void> {
    await writeFileAtomic(path.join(this.jobDir(record.id), 'job.json'), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** Every readable job.json under the root; unreadable ones are skipped (and reported). */
  async loadAll(onSkip: (id: string, error: unknown) => void = () => {}): Promise<JobRecord[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const records: JobRecord[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !ID_PATTERN.test(entry.name)) continue;
      try {
        const record = JSON.parse(await readFile(path.join(this.root, entry.name, 'job.json'), 'utf8')) as JobRecord;
        if (record.id === entry.name) records.push(record);
      } catch (error) {
        onSkip(entry.name, error);
      }
    }
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * Removes job folders that have no job.json: a server killed while taking a job in (its input
   * is written before its job.json) leaves one, and no job knows it. Run at start-up, before any
   * job is created. Answers the ids removed.
   */
  async sweepOrphans(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const removed: string[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !ID_PATTERN.test(entry.name)) continue;
      const missing = await stat(path.join(this.root, entry.name, 'job.json')).then(
        () => false,
        (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
      );
      if (!missing) continue;
      await this.remove(entry.name);
      removed.push(entry.name);
    }
    return removed;
  }

  async remove(id: string): Promise<void> {
    await rm(this.jobDir(id), { recursive: true, force: true });
  }
}
