import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * resvg-js keeps each render's pixmap (8 MB at 1080p) and font database in native memory that
 * V8 cannot see, so the garbage collector feels no pressure and RSS grows with every frame
 * (measured: 1 GB for 100 frames, 225 MB with a collection after each). resvg-js has no free(),
 * so after every few frames we ask V8 for a collection, which finalises those objects.
 */
let collect: (() => void) | undefined | null;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  } catch {
    collect = null;
  }
  return collect;
}

const EVERY = 4;
let rendered = 0;

/** Call after each native render; collects every EVERY renders. */
export function reclaimNativeMemory(): void {
  rendered += 1;
  if (rendered % EVERY === 0) collector()?.();
}

/** Below this much JavaScript and external memory a full collection costs more than it frees. */
const WORTH_COLLECTING = 128 * 1024 * 1024;

/**
 * A full collection now, when there is much to collect: the renderer calls it between phases
 * (after every slide is done, after the audio join), where large transient buffers have just
 * become garbage. Without it V8 grows the heap instead of collecting (measured: 410 MB peak for
 * 50 slides); a small or fully cached run skips it (two full collections were a tenth of a warm
 * re-render).
 */
export function collectGarbageNow(): void {
  const { heapUsed, external } = process.memoryUsage();
  if (heapUsed + external >= WORTH_COLLECTING) collector()?.();
}
