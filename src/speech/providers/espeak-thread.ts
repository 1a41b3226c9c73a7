import { Worker } from 'node:worker_threads';
import { LectraError } from '../../errors.js';
import { compiledWorker } from '../../fs/compiled-worker.js';
import type { Voice } from '../contract.js';
import type { EspeakRun } from './espeak-engine.js';

export interface EspeakThreadRequest {
  id: number;
  source: string;
  voiceId: string;
  wpm: number;
}

export type EspeakThreadReply =
  | { type: 'ready'; sampleRate: number; voices: readonly Voice[] }
  | { type: 'run'; id: number; run: EspeakRun }
  | { type: 'error'; id: number; message: string; details: string[] };

/** The eSpeak engine, run in a worker thread: `run` answers asynchronously. */
export interface EspeakThread {
  readonly sampleRate: number;
  readonly voices: readonly Voice[];
  run(source: string, voiceId: string, wpm: number): Promise<EspeakRun>;
  close(): Promise<void>;
}

/**
 * eSpeak-NG in its own worker thread. One synthesis is a synchronous WASM call of up to seconds
 * for a slide's narration; on the main thread it froze everything else in the process meanwhile
 * (a server's /health took 1.5 s to answer during a render). Requests are answered in order, one
 * at a time, as the engine requires.
 */
export async function loadEspeakThread(): Promise<EspeakThread> {
  const worker = new Worker(compiledWorker('speech/providers/espeak-thread-worker.js'), { stdout: false, stderr: false });
  const pending = new Map<number, { resolve: (run: EspeakRun) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | undefined;
  let closed = false;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  const ready = new Promise<{ sampleRate: number; voices: readonly Voice[] }>((resolve, reject) => {
    worker.on('message', (reply: EspeakThreadReply) => {
      if (reply.type === 'ready') return resolve(reply);
      if (reply.type === 'error' && reply.id === 0) return reject(new LectraError('speech-failed', `Could not load the eSpeak-NG engine (${reply.message}). Reinstall LECTRA's dependencies.`));
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (reply.type === 'run') waiter?.resolve(reply.run);
      else waiter?.reject(new LectraError('speech-failed', reply.message, { details: reply.details }));
    });
    worker.on('error', (error) => {
      const wrapped = new LectraError('speech-failed', `The eSpeak-NG thread failed (${error.message}).`, { cause: error });
      reject(wrapped);
      failAll(wrapped);
    });
    worker.on('exit', () => failAll(new LectraError('speech-failed', closed ? 'The eSpeak provider was used after close().' : 'The eSpeak-NG thread stopped unexpectedly.')));
  });
  let info: { sampleRate: number; voices: readonly Voice[] };
  try {
    info = await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.unref();
  return {
    sampleRate: info.sampleRate,
    voices: info.voices,
    run(source, voiceId, wpm) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<EspeakRun>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Referenced only while a request is out: an idle engine never keeps the process alive.
        worker.ref();
        worker.postMessage({ id, source, voiceId, wpm } satisfies EspeakThreadRequest);
      });
    },
    async close() {
      closed = true;
      await worker.terminate();
    },
  };
}
