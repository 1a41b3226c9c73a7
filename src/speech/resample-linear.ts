/**
 * Linear-interpolation resampler for mono Int16 PCM. Good enough to bring speech from
 * providers with different native rates to one timeline rate (speech has little energy near
 * Nyquist); kept private to speech/ so this folder needs no media code.
 */
export function resampleLinear(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || samples.length === 0) return samples;
  const length = Math.max(1, Math.round((samples.length * toRate) / fromRate));
  const out = new Int16Array(length);
  const step = fromRate / toRate;
  for (let i = 0; i < length; i++) {
    const position = i * step;
    const left = Math.min(Math.floor(position), samples.length - 1);
    const right = Math.min(left + 1, samples.length - 1);
    const fraction = position - left;
    out[i] = Math.round(samples[left] + (samples[right] - samples[left]) * fraction);
  }
  return out;
}
