import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LectraOptions } from '../config/options.js';
import { isLectraError } from '../errors.js';
import { slugify } from '../pipeline/output-paths.js';
import type { JobError, JobOptions } from './api-schemas.js';
import { HttpError } from './http-error.js';
import { writeDeckInput, writeNotesInput, type ImageIntake } from './job-input.js';
import { JobEventLog } from './job-event-log.js';
import { keepInputDeck } from './keep-input-deck.js';
import { JobStore, type JobKind, type JobRecord } from './job-store.js';
import { toPublicJob } from './public-job.js';
import { resolveJobOptions, runJob } from './run-job.js';
import type { ServerCollections } from './server-collections.js';

export interface JobManagerOptions {
  store: JobStore;
  /** Jobs rendering at once (each already uses every core for frames and encodes). */
  maxRunning: number;
  /** Jobs waiting; one more is refused with 429. */
  maxQueued: number;
  /** Server-side render options (provider URLs, binaries…) under every request's options. */
  defaults: LectraOptions;
  /** Document collections that documents jobs are written from. */
  collections?: ServerCollections;
  /** Where job failures are reported (the server's logger); silent by default. */
  onJobError?: (id: string, error: unknown) => void;
  /** How http(s) and data: images of submitted decks and notes are fetched, checked and stored. */
  images?: ImageIntake;
}

export interface NewJob {
  kind: JobKind;
  project?: string;
  topic?: string;
  notes?: string;
  deck?: unknown;
  collection?: string;
  documents?: string[];
  options: JobOptions;
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);
const INTERRUPTED = 'The server stopped while this job was running; PUT its deck (GET files/deck.json, or your own) to /jobs/:id/deck to resume it — finished work comes from the cache — or submit it again.';
/** Event logs of finished jobs kept in memory; older ones are re-read from disk when asked for. */
const KEEP_LOGS = 32;

/**
 * The job queue: at most `maxRunning` renders at once, at most `maxQueued` waiting, every state
 * change saved to job.json and every event appended to the job's log. Cancel is an AbortSignal
 * into the pipeline. On start, folders a kill left without job.json are removed, jobs that were
 * running when the server stopped are marked failed ("interrupted"; their finished files stay, and
 * a first run's submitted deck is put in the output folder so PUT /jobs/:id/deck resumes it) and
 * jobs still queued are queued again.
 */
export class JobManager {
  private readonly records = new Map<string, JobRecord>();
  private readonly logs = new Map<string, JobEventLog>();
  private readonly queue: string[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly waiters = new Map<string, Array<(record: JobRecord) => void>>();
  private readonly recentMs: number[] = [];
  private closing = false;
  private reserved = 0;

  constructor(private readonly options: JobManagerOptions) {}

  get store(): JobStore {
    return this.options.store;
  }

  async init(): Promise<void> {
    await this.store.init();
    await this.store.sweepOrphans();
    for (const record of await this.store.loadAll()) {
      this.records.set(record.id, record);
      if (record.state === 'running') await this.finish(record, 'failed', { code: 'interrupted', message: INTERRUPTED });
      else if (record.state === 'queued') await this.enqueue(record);
    }
  }

  list(): JobRecord[] {
    return [...this.records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): JobRecord {
    const record = /^[a-z0-9-]{1,64}$/.test(id) ? this.records.get(id) : undefined;
    if (!record) throw new HttpError(404, 'job-not-found', `No job ${JSON.stringify(id)}: GET /jobs lists the jobs there are.`, { field: 'id' });
    return record;
  }

  queuePosition(id: string): number | undefined {
    const index = this.queue.indexOf(id);
    return index < 0 ? undefined : index + 1;
  }

  stats(): { running: number; queued: number; maxRunning: number; maxQueued: number } {
    return { running: this.running.size, queued: this.queue.length, maxRunning: this.options.maxRunning, maxQueued: this.options.maxQueued };
  }

  /** Validates and stores the input, then queues the job (or refuses with 429 when full). */
  async create(input: NewJob): Promise<JobRecord> {
    resolveJobOptions(this.options.defaults, input.options); // a bad option is a 400 now, not a failed job later
    const release = this.reserve();
    const id = JobStore.newId();
    const inputDir = this.store.inputDir(id);
    try {
      let title = input.topic;
      if (input.kind === 'notes') title = (await writeNotesInput(input.notes ?? '', inputDir, this.options.images)).title;
      if (input.kind === 'deck') title = (await writeDeckInput(input.deck, path.join(inputDir, 'deck.json'), undefined, this.options.images)).title;
      if (input.kind === 'documents') {
        // An unknown or empty collection, or an unknown document, is a 4xx now rather than a failed job later.
        await this.documentFiles(input.collection, input.documents);
        title ??= input.collection;
      }
      const record: JobRecord = {
        id,
        project: input.project ?? defaultProject(title, id),
        kind: input.kind,
        state: 'queued',
        run: 1,
        createdAt: new Date().toISOString(),
        ...(input.topic ? { topic: input.topic } : {}),
        ...(input.collection ? { collection: input.collection } : {}),
        ...(input.documents ? { documents: input.documents } : {}),
        ...(title ? { title } : {}),
        options: input.options,
      };
      await this.store.save(record);
      this.records.set(id, record);
      await this.enqueue(record, release);
      return record;
    } catch (error) {
      release();
      if (!this.records.has(id)) await this.store.remove(id);
      throw error;
    }
  }

  /** Saves an edited deck into the job's folder and queues a re-render of it. */
  async rerender(id: string, deck: unknown): Promise<JobRecord> {
    const record = this.get(id);
    if (!TERMINAL.has(record.state)) throw new HttpError(409, 'job-busy', `Job ${id} is ${record.state}; wait for it to finish (or cancel it) before editing its deck.`);
    const release = this.reserve();
    const previous = record.state;
    record.state = 'queued'; // at once, so a second PUT racing this one gets 409
    const outDir = this.store.outDir(id);
    try {
      await writeDeckInput(deck, path.join(outDir, 'deck.json'), outDir, this.options.images);
    } catch (error) {
      record.state = previous;
      release();
      throw error;
    }
    record.run += 1;
    delete record.error;
    delete record.startedAt;
    delete record.finishedAt;
    await this.store.save(record);
    await this.enqueue(record, release);
    return record;
  }

  /** Cancels a queued or running job and waits (briefly) until it has stopped. */
  async cancel(id: string): Promise<JobRecord> {
    const record = this.get(id);
    if (TERMINAL.has(record.state)) throw new HttpError(409, 'job-finished', `Job ${id} already ${record.state}; DELETE /jobs/${id}?purge=true removes it and its files.`);
    const queued = this.queue.indexOf(id);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      await this.finish(record, 'cancelled', { code: 'aborted', message: 'Cancelled before it started.' });
      return record;
    }
    const active = this.running.get(id);
    active?.controller.abort(new Error('cancelled by DELETE /jobs/:id'));
    await Promise.race([active?.done, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    return record;
  }

  async purge(id: string): Promise<void> {
    const record = this.get(id);
    if (!TERMINAL.has(record.state)) throw new HttpError(409, 'job-busy', `Job ${id} is ${record.state}; cancel it (DELETE /jobs/${id}) before purging it.`);
    this.records.delete(id);
    await this.logs.get(id)?.close();
    this.logs.delete(id);
    await this.store.remove(id);
  }

  /** Resolves when the job reaches done, failed or cancelled. */
  waitFor(id: string): Promise<JobRecord> {
    const record = this.get(id);
    if (TERMINAL.has(record.state)) return Promise.resolve(record);
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  isTerminal(record: JobRecord): boolean {
    return TERMINAL.has(record.state);
  }

  /** The job's event log, read from disk when it is not in memory. */
  async events(id: string): Promise<JobEventLog> {
    this.get(id);
    let log = this.logs.get(id);
    if (!log) {
      log = await JobEventLog.open(this.store.eventsFile(id));
      // Another caller may have opened it while we read the file: keep one log per job.
      log = this.logs.get(id) ?? log;
      this.logs.set(id, log);
    }
    return log;
  }

  /** Seconds a client should wait before retrying when the queue is full: about one job's time. */
  retryAfterSec(): number {
    const mean = this.recentMs.length ? this.recentMs.reduce((a, b) => a + b, 0) / this.recentMs.length : 10_000;
    return Math.max(1, Math.ceil(mean / 1000));
  }

  /** Stops running jobs (they are marked interrupted) and flushes every log; queued jobs stay queued on disk. */
  async close(): Promise<void> {
    this.closing = true;
    this.queue.length = 0;
    for (const { controller } of this.running.values()) controller.abort(new Error('server stopping'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    await Promise.allSettled([...this.logs.values()].map((log) => log.close()));
  }

  /** Records a file made for a finished job after its render (e.g. quiz.json from POST /generate_quiz). */
  async attachFile(id: string, kind: string, name: string): Promise<JobRecord> {
    const record = this.get(id);
    if (record.result && record.result.files[kind] !== name) {
      record.result.files = { ...record.result.files, [kind]: name };
      await this.store.save(record);
    }
    return record;
  }

  private async documentFiles(collection: string | undefined, documents: string[] | undefined): Promise<string[]> {
    if (!this.options.collections || !collection) throw new HttpError(400, 'bad-request', 'A documents job needs a collection.', { field: 'collection' });
    return this.options.collections.files(collection, documents);
  }

  /** Takes a place in the queue before any await, so concurrent requests cannot overfill it. */
  private reserve(): () => void {
    if (this.closing) throw new HttpError(503, 'server-stopping', 'The server is shutting down; retry against the restarted server.');
    const active = this.running.size + this.queue.length + this.reserved;
    if (active < this.options.maxRunning + this.options.maxQueued) {
      this.reserved += 1;
      let released = false;
      return () => {
        if (!released) this.reserved -= 1;
        released = true;
      };
    }
    const retry = this.retryAfterSec();
    throw new HttpError(429, 'queue-full', `${this.running.size} job(s) running and ${this.queue.length} queued (the limit); retry in about ${retry} s.`, { headers: { 'retry-after': String(retry) } });
  }

  private async enqueue(record: JobRecord, release: () => void = () => {}): Promise<void> {
    // The log first, so 'queued' is always written before the run's own events.
    const log = await this.events(record.id);
    this.queue.push(record.id);
    release();
    log.append(record.run, 'state', { state: 'queued', position: this.queuePosition(record.id) });
    this.pump();
  }

  private pump(): void {
    while (!this.closing && this.running.size < this.options.maxRunning && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const controller = new AbortController();
      // Every pooled task and FFmpeg child of the run listens on this signal.
      setMaxListeners(0, controller.signal);
      const done = this.execute(id, controller.signal).finally(() => {
        this.running.delete(id);
        this.pump();
      });
      this.running.set(id, { controller, done });
    }
  }

  private async execute(id: string, signal: AbortSignal): Promise<void> {
    const record = this.records.get(id);
    if (!record) return;
    const log = await this.events(id);
    const run = record.run;
    record.state = 'running';
    record.startedAt = new Date().toISOString();
    const started = performance.now();
    try {
      await this.store.save(record);
      log.append(run, 'state', { state: 'running' });
      const files = record.kind === 'documents' && run === 1 ? await this.documentFiles(record.collection, record.documents) : [];
      record.result = await runJob(record, this.store, this.options.defaults, { signal, onProgress: (event) => log.append(run, 'progress', event) }, files);
      record.title = record.result.title;
      this.remember(performance.now() - started);
      await this.finish(record, 'done');
    } catch (error) {
      if (signal.aborted && this.closing) await this.finish(record, 'failed', { code: 'interrupted', message: INTERRUPTED });
      else if (signal.aborted) await this.finish(record, 'cancelled', { code: 'aborted', message: 'Cancelled while running; finished files were kept.' });
      else {
        this.options.onJobError?.(id, error);
        await this.finish(record, 'failed', jobError(error));
      }
    }
  }

  private async finish(record: JobRecord, state: 'done' | 'failed' | 'cancelled', error?: JobError): Promise<void> {
    record.state = state;
    record.finishedAt = new Date().toISOString();
    if (error) record.error = error;
    else delete record.error;
    await this.store.save(record).catch((e: unknown) => this.options.onJobError?.(record.id, e));
    if (error?.code === 'interrupted') await keepInputDeck(record, this.store).catch((e: unknown) => this.options.onJobError?.(record.id, e));
    const log = await this.events(record.id);
    log.append(record.run, state === 'done' ? 'done' : 'failed', toPublicJob(record));
    for (const resolve of this.waiters.get(record.id) ?? []) resolve(record);
    this.waiters.delete(record.id);
    await this.evictLogs();
  }

  private remember(ms: number): void {
    this.recentMs.push(ms);
    if (this.recentMs.length > 10) this.recentMs.shift();
  }

  /** Keeps memory bounded: finished jobs' logs without listeners go back to disk only. */
  private async evictLogs(): Promise<void> {
    if (this.logs.size <= KEEP_LOGS) return;
    for (const [id, log] of this.logs) {
      if (this.logs.size <= KEEP_LOGS) break;
      const record = this.records.get(id);
      if (record && !TERMINAL.has(record.state)) continue;
      if (log.listenerCount > 0) continue;
      await log.close();
      const again = this.records.get(id);
      if ((!again || TERMINAL.has(again.state)) && log.listenerCount === 0) this.logs.delete(id);
    }
  }
}

function jobError(error: unknown): JobError {
  if (isLectraError(error)) {
    return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.slide ? { slide: error.slide } : {}), ...(error.details.length ? { details: error.details } : {}) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A project name from the title: its slug plus the job id's random tail, so names stay unique. */
function defaultProject(title: string | undefined, id: string): string {
  return `${slugify(title ?? '').slice(0, 48)}-${id.split('-').pop()}`;
}
