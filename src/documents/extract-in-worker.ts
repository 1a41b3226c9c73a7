import { Worker } from 'node:worker_threads';
import { abortError, LectraError, type ErrorCode } from '../errors.js';
import { compiledWorker } from '../fs/compiled-worker.js';
import { documentErrors } from './document-errors.js';
import { DOCUMENT_LIMITS, type DocumentLimits } from './document-limits.js';
import type { ExtractedDocument } from './document-types.js';
import type { ExtractOptions } from './extract-document.js';

/** What the worker is given (workerData). */
export interface WorkerInput {
  file: string;
  bytes: Uint8Array;
  maxBytes?: number;
  limits: DocumentLimits;
}

/** What the worker answers: the document, or a LectraError's fields. */
export type WorkerAnswer =
  | { ok: true; document: ExtractedDocument }
  | { ok: false; error: { code: string; message: string; file?: string; field?: string; details?: string[]; unexpected?: boolean } };

/**
 * extractDocumentBytes in a worker thread with a heap limit: parsing a PDF or DOCX is synchronous
 * work of seconds that would otherwise freeze the server (health checks, other requests) and,
 * with a hostile file, take the whole process down with it. Past the limit only the worker dies;
 * the caller gets a `too-large` error naming the file. Each call gets a fresh worker, so the
 * memory a big document needed is given back when it is done. Abort stops the worker.
 */
export async function extractInWorker(file: string, bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  if (options.signal?.aborted) throw abortError(options.signal.reason);
  const limits = { ...DOCUMENT_LIMITS, ...options.limits };
  // The worker gets its own copy, moved rather than cloned; the caller's bytes stay usable.
  const copy = new Uint8Array(bytes);
  const input: WorkerInput = { file, bytes: copy, maxBytes: options.maxBytes, limits };
  const worker = new Worker(compiledWorker('documents/extract-worker.js'), {
    workerData: input,
    transferList: [copy.buffer],
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 64 },
    stdout: false,
    stderr: false,
  });
  return new Promise<ExtractedDocument>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      settle(() => reject(abortError(options.signal?.reason)));
      void worker.terminate();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (answer: WorkerAnswer) => settle(() => (answer.ok ? resolve(answer.document) : reject(rebuild(answer.error, file)))));
    worker.once('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') settle(() => reject(documentErrors.outOfMemory(file, limits.workerHeapMb)));
      else settle(() => reject(new LectraError('internal', `Reading ${file} failed in its worker thread (${error.message}).`, { file, cause: error })));
    });
    worker.once('exit', (code) => settle(() => reject(new LectraError('internal', `The worker reading ${file} stopped (exit code ${code}) without an answer.`, { file }))));
  });
}

function rebuild(error: Extract<WorkerAnswer, { ok: false }>['error'], file: string): LectraError {
  if (error.unexpected) return documentErrors.corrupt(file, file.split('.').pop() ?? 'document', new Error(error.message));
  return new LectraError(error.code as ErrorCode, error.message, { file: error.file, field: error.field, details: error.details });
}
