import { throwIfAborted } from '../errors.js';
import type { SpeechAudio, SpeechProvider, WordTiming } from './contract.js';
import type { ProsodySegment } from './prosody.js';
import { resampleLinear } from './resample-linear.js';
import { trimSilence } from './trim-silence.js';

export interface SlideAudioPart {
  kind: 'speech' | 'silence';
  samples: Int16Array;
  /** Speech parts: the text spoken. */
  text?: string;
  /** Speech parts: word timings in seconds from the start of this part. */
  words?: WordTiming[];
  /** Speech parts: the prosody tags the part was made from. */
  tags?: ProsodySegment;
}

export interface SlideAudio {
  sampleRate: number;
  parts: SlideAudioPart[];
}

export interface SynthesizeSlideOptions {
  voice: string;
  lang: string;
  rate: number;
  /** Output rate; defaults to the provider's own rate. */
  sampleRate?: number;
  signal?: AbortSignal;
}

/**
 * Speaks a slide's prosody segments in order: SSML when the provider takes it, else plain
 * text; trims each utterance's own padding; and places every pause as an exact run of
 * silent samples (round(seconds × rate)), so the timeline is a sum of known lengths.
 */
export async function synthesizeSlide(provider: SpeechProvider, segments: ProsodySegment[], options: SynthesizeSlideOptions): Promise<SlideAudio> {
  const spoken: Array<SpeechAudio | undefined> = [];
  // One at a time: engines like eSpeak are single instances, and order keeps results stable.
  for (const segment of segments) {
    throwIfAborted(options.signal);
    spoken.push(segment.text.trim() === '' ? undefined : await speak(provider, segment, options));
  }
  throwIfAborted(options.signal);
  const sampleRate = options.sampleRate ?? provider.sampleRate ?? spoken.find((audio) => audio)?.sampleRate ?? 22050;
  const parts: SlideAudioPart[] = [];
  segments.forEach((segment, i) => {
    pushSilence(parts, segment.pauseBeforeSec, sampleRate);
    const audio = spoken[i];
    if (audio) parts.push(speechPart(audio, segment, sampleRate));
    pushSilence(parts, segment.pauseAfterSec, sampleRate);
  });
  return { sampleRate, parts };
}

function speak(provider: SpeechProvider, segment: ProsodySegment, options: SynthesizeSlideOptions): Promise<SpeechAudio> {
  return provider.synthesize({
    text: segment.text,
    ssml: provider.acceptsSsml ? segment.ssml : undefined,
    voice: options.voice,
    lang: options.lang,
    rate: options.rate,
    signal: options.signal,
  });
}

function speechPart(audio: SpeechAudio, segment: ProsodySegment, sampleRate: number): SlideAudioPart {
  const trimmed = trimSilence(audio.samples, audio.sampleRate);
  const samples = resampleLinear(trimmed.samples, audio.sampleRate, sampleRate);
  const part: SlideAudioPart = { kind: 'speech', samples, text: segment.text, tags: segment };
  if (audio.words) part.words = shiftWords(audio.words, trimmed.removedStart / audio.sampleRate, samples.length / sampleRate);
  return part;
}

/** Word times move with the trimmed start and stay inside the part. */
function shiftWords(words: WordTiming[], offsetSec: number, durationSec: number): WordTiming[] {
  const clamp = (t: number) => Math.round(Math.min(durationSec, Math.max(0, t - offsetSec)) * 1000) / 1000;
  return words.map((word) => ({ text: word.text, start: clamp(word.start), end: clamp(word.end) }));
}

function pushSilence(parts: SlideAudioPart[], seconds: number, sampleRate: number): void {
  const count = Math.round(seconds * sampleRate);
  if (count > 0) parts.push({ kind: 'silence', samples: new Int16Array(count) });
}
