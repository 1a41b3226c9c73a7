import type { Deck } from '../../src/deck/schema.js';

/** The few API calls the UI makes, with the optional bearer token (from ?token= or localStorage). */

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface SlideTiming {
  slide: number;
  title: string;
  start: number;
  end: number;
}

export interface Job {
  id: string;
  project: string;
  kind: 'topic' | 'notes' | 'deck' | 'documents';
  topic?: string;
  collection?: string;
  title?: string;
  state: JobState;
  run: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  queuePosition?: number;
  result?: {
    title: string;
    slideCount: number;
    durationSec?: number;
    files: Record<string, string>;
    frames: string[];
    slideTimings: SlideTiming[];
  };
  error?: { code: string; message: string; field?: string; details?: string[] };
  links: { self: string; events: string; files: Record<string, string> };
}

/**
 * The slide model (deck.json version 2), the server's own types: a slide is a title and an
 * ordered list of content blocks (heading, paragraph, list, code, table, image, quote, columns).
 * Type-only imports, erased from the bundle; `tsc -p web/tsconfig.json` checks the UI against them.
 * GET files/deck.json answers a validated deck (defaults filled in), so these are the parsed types.
 */
export type { Block, Deck, FlowBlock, ListBlock, ListItem, Slide } from '../../src/deck/schema.js';

const TOKEN_KEY = 'lectra.token';

function token(): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) localStorage.setItem(TOKEN_KEY, fromUrl);
  return fromUrl ?? localStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** A URL the browser fetches by itself (EventSource, <video>, <img>, links): the token rides in the query. */
export function withToken(url: string): string {
  const t = token();
  if (!t) return url;
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(t)}`;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const t = token();
  const form = body instanceof FormData;
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined || form ? {} : { 'content-type': 'application/json' }), ...(t ? { authorization: `Bearer ${t}` } : {}) },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? `HTTP ${response.status}`, data?.error?.field);
  return data as T;
}

export interface DocumentSummary {
  id: string;
  name: string;
  title: string;
  kind: string;
  chunks: number;
}

export interface CollectionInfo {
  name: string;
  documents: Array<DocumentSummary & { bytes: number; added_at: string }>;
}

export interface CheckpointQuestion {
  question: string;
  options: string[];
  slide: number;
}

export interface Checkpoint {
  index: number;
  after_slide: number;
  slide: number | null;
  time_sec: number | null;
  resume_sec: number | null;
  questions: CheckpointQuestion[];
}

export interface QuizVerdict {
  correct: boolean;
  correct_option: string;
  answer: number;
  explanation: string;
  slide: number;
}

export interface CreateJobBody {
  notes?: string;
  topic?: string;
  collection?: string;
  documents?: string[];
  options?: Record<string, unknown>;
}

export const api = {
  listJobs: () => call<{ jobs: Job[] }>('GET', 'jobs').then((r) => r.jobs),
  getJob: (id: string) => call<Job>('GET', `jobs/${id}`),
  createJob: (body: CreateJobBody) => call<Job>('POST', 'jobs', body),
  uploadDocument: (file: File, collection: string) => {
    const form = new FormData();
    form.append('collection', collection);
    form.append('file', file, file.name);
    return call<{ collection: string; document: DocumentSummary; change: string }>('POST', 'upload_document', form);
  },
  listCollections: () => call<{ collections: CollectionInfo[] }>('GET', 'list_collections').then((r) => r.collections),
  quizCheckpoints: (jobId: string) => call<{ checkpoints: Checkpoint[] }>('GET', `get_quiz_checkpoints?job_id=${jobId}`).then((r) => r.checkpoints),
  submitQuizAnswer: (jobId: string, checkpoint: number, question: number, answer: number) =>
    call<QuizVerdict>('POST', 'submit_quiz_answer', { job_id: jobId, checkpoint, question, answer }),
  cancelJob: (id: string) => call<Job>('DELETE', `jobs/${id}`),
  getDeck: (id: string) => call<Deck>('GET', `jobs/${id}/files/deck.json`),
  putDeck: (id: string, deck: Deck) => call<Job>('PUT', `jobs/${id}/deck`, deck),
};

/**
 * Changes whenever a render finishes. File URLs carry it, so the browser never keeps an old frame or
 * video: the run number alone changes when a re-render is queued, before the new files exist.
 */
export function renderStamp(job: Job): string {
  return `${job.run}-${job.finishedAt ? Date.parse(job.finishedAt) : 'pending'}`;
}

/** A job file's URL, cache-busted per finished render. */
export function fileUrl(job: Job, name: string): string {
  return withToken(`jobs/${job.id}/files/${name}?v=${renderStamp(job)}`);
}
