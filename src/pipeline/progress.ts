/**
 * Typed progress events. The library emits them through `onProgress`; the CLI prints them, the
 * server streams them as server-sent events. Times are milliseconds since the run started.
 */
export type StageName =
  | 'documents'
  | 'load'
  | 'outline'
  | 'content'
  | 'layout'
  | 'images'
  | 'frames'
  | 'pptx'
  | 'narration'
  | 'prosody'
  | 'speech'
  | 'timings'
  | 'audio'
  | 'video';

export interface TaskRef {
  /** Unique id within the run, e.g. `speech:3`. */
  id: string;
  stage: StageName;
  /** 1-based slide number for per-slide tasks. */
  slide?: number;
  /** Resource pool the task ran in. */
  resource?: 'cpu' | 'llm' | 'net' | 'speech' | 'io';
}

export type ProgressEvent =
  | { type: 'run-started'; at: number; slides?: number; title?: string }
  | { type: 'task-started'; at: number; task: TaskRef }
  | { type: 'task-finished'; at: number; task: TaskRef; durationMs: number; cached?: boolean }
  | { type: 'task-failed'; at: number; task: TaskRef; error: string }
  | { type: 'task-progress'; at: number; task: TaskRef; fraction: number }
  | { type: 'warning'; at: number; message: string; slide?: number }
  | { type: 'artifact'; at: number; name: string; path: string }
  | { type: 'run-finished'; at: number; durationMs: number; outDir: string };

export type ProgressListener = (event: ProgressEvent) => void;
