import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export type JobEventName = 'state' | 'progress' | 'done' | 'failed';

/** One line of events.ndjson and one server-sent event (`id: seq`, `event: event`, `data: data`). */
export interface JobEvent {
  seq: number;
  run: number;
  event: JobEventName;
  data: unknown;
}

export type JobEventListener = (event: JobEvent) => void;

/**
 * A job's event history: kept in memory while the job is loaded, appended to events.ndjson so a
 * client connecting later (or after a restart) gets the same sequence replayed, then live events.
 */
export class JobEventLog {
  private readonly listeners = new Set<JobEventListener>();
  private stream?: WriteStream;

  private constructor(
    private readonly file: string,
    private readonly events: JobEvent[],
  ) {}

  static async open(file: string): Promise<JobEventLog> {
    const text = await readFile(file, 'utf8').catch(() => '');
    const events: JobEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        events.push(JSON.parse(line) as JobEvent);
      } catch {
        // A line cut by a crash mid-write: the rest of the history is still good.
      }
    }
    return new JobEventLog(file, events);
  }

  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  append(run: number, event: JobEventName, data: unknown): JobEvent {
    const record: JobEvent = { seq: this.lastSeq + 1, run, event, data };
    this.events.push(record);
    this.stream ??= createWriteStream(this.file, { flags: 'a' });
    this.stream.write(`${JSON.stringify(record)}\n`);
    for (const listener of this.listeners) listener(record);
    return record;
  }

  /** Events of one render run, after a given sequence number (for Last-Event-ID resumes). */
  replay(run: number, afterSeq = 0): JobEvent[] {
    return this.events.filter((e) => e.run === run && e.seq > afterSeq);
  }

  subscribe(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Flushes the file; the log stays readable in memory. */
  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
}
