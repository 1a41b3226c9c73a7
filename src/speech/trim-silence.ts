/**
 * Cuts leading and trailing near-silence from speech (eSpeak pads each utterance with tens of
 * milliseconds of exact zeros), keeping `keepSec` on each side so plosives are not clipped.
 * The prosody pauses are then the only silence between sentences, so timings are exact.
 */
export interface TrimmedAudio {
  samples: Int16Array;
  /** Samples removed from the start (shift word timings by this). */
  removedStart: number;
}

export function trimSilence(samples: Int16Array, sampleRate: number, options: { threshold?: number; keepSec?: number } = {}): TrimmedAudio {
  const threshold = options.threshold ?? 8;
  const keep = Math.round((options.keepSec ?? 0.01) * sampleRate);
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]) <= threshold) first++;
  if (first === samples.length) return { samples: new Int16Array(0), removedStart: samples.length };
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]) <= threshold) last--;
  const start = Math.max(0, first - keep);
  const end = Math.min(samples.length, last + 1 + keep);
  return { samples: samples.subarray(start, end), removedStart: start };
}
