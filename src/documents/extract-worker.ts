import { parentPort, workerData } from 'node:worker_threads';
import { isLectraError } from '../errors.js';
import { extractDocumentBytes } from './extract-document.js';
import type { WorkerAnswer, WorkerInput } from './extract-in-worker.js';

/**
 * The worker thread extractInWorker starts: reads one document and posts the result, or the
 * LectraError's fields (classes do not cross threads; the caller rebuilds it).
 */
const input = workerData as WorkerInput;

async function main(): Promise<WorkerAnswer> {
  try {
    return { ok: true, document: await extractDocumentBytes(input.file, input.bytes, { maxBytes: input.maxBytes, limits: input.limits }) };
  } catch (error) {
    if (isLectraError(error)) return { ok: false, error: { code: error.code, message: error.message, file: error.file, field: error.field, details: error.details } };
    return { ok: false, error: { code: 'corrupt-document', message: error instanceof Error ? error.message : String(error), unexpected: true } };
  }
}

parentPort!.postMessage(await main());
