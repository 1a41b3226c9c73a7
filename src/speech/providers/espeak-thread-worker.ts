import { parentPort } from 'node:worker_threads';
import { isLectraError } from '../../errors.js';
import { loadEspeakEngine } from './espeak-engine.js';
import type { EspeakThreadReply, EspeakThreadRequest } from './espeak-thread.js';

/**
 * The worker thread espeak-thread.ts starts: owns one eSpeak-NG engine and answers synthesis
 * requests one at a time, in order (the engine's voice and rate are global state, so one request
 * is one uninterrupted block, as on the main thread before).
 */
const port = parentPort!;
try {
  const engine = await loadEspeakEngine();
  port.postMessage({ type: 'ready', sampleRate: engine.sampleRate, voices: engine.voices } satisfies EspeakThreadReply);
  port.on('message', (request: EspeakThreadRequest) => {
    try {
      const run = engine.run(request.source, request.voiceId, request.wpm);
      port.postMessage({ type: 'run', id: request.id, run } satisfies EspeakThreadReply, [run.samples.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error), details: isLectraError(error) ? error.details : [] } satisfies EspeakThreadReply);
    }
  });
} catch (error) {
  port.postMessage({ type: 'error', id: 0, message: error instanceof Error ? error.message : String(error), details: [] } satisfies EspeakThreadReply);
}
