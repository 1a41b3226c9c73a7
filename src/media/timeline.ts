export interface WordTimingInput {
  text: string;
  /** Seconds from the start of the segment's audio. */
  start: number;
  end: number;
}

export interface TimelineSegmentInput {
  kind: 'speech' | 'silence';
  /** Length in samples at the timeline's sample rate. */
  samples: number;
  text?: string;
  tags?: unknown;
  /** Word timings reported by the speech engine, relative to this segment. */
  words?: WordTimingInput[];
}

export interface TimelineSlideInput {
  title: string;
  segments: TimelineSegmentInput[];
}

export interface TimelineWord {
  text: string;
  start: number;
  end: number;
}

export interface TimelineCue {
  start: number;
  end: number;
  text: string;
  /** Absolute word times, when the engine reported them. */
  words?: TimelineWord[];
}

export interface TimelineSegment {
  kind: 'speech' | 'silence';
  start: number;
  end: number;
  text?: string;
  tags?: unknown;
}

export interface TimelineSlide {
  index: number;
  title: string;
  start: number;
  end: number;
  cues: TimelineCue[];
  segments: TimelineSegment[];
}

/** timings.json is exactly this object. */
export interface Timeline {
  sampleRate: number;
  totalSec: number;
  slides: TimelineSlide[];
}

/**
 * Places every segment on one clock. Times come from cumulative SAMPLE counts divided once
 * (start = samplesSoFar / sampleRate), so slide 50 starts exactly where the audio says, with
 * no float drift from adding seconds. Pure.
 */
export function buildTimeline(slides: TimelineSlideInput[], sampleRate: number): Timeline {
  let cursor = 0;
  const at = (samples: number): number => samples / sampleRate;
  const out = slides.map((slide, index): TimelineSlide => {
    const slideStart = cursor;
    const segments: TimelineSegment[] = [];
    const cues: TimelineCue[] = [];
    for (const segment of slide.segments) {
      const length = Math.max(0, Math.round(segment.samples));
      const start = at(cursor);
      const end = at(cursor + length);
      cursor += length;
      segments.push(withOptional({ kind: segment.kind, start, end }, segment.text, segment.tags));
      const text = segment.text?.trim();
      if (segment.kind === 'speech' && text && end > start) cues.push(toCue(start, end, text, segment.words));
    }
    return { index, title: slide.title, start: at(slideStart), end: at(cursor), cues, segments };
  });
  return { sampleRate, totalSec: at(cursor), slides: out };
}

function withOptional(segment: TimelineSegment, text: string | undefined, tags: unknown): TimelineSegment {
  if (text !== undefined) segment.text = text;
  if (tags !== undefined) segment.tags = tags;
  return segment;
}

function toCue(start: number, end: number, text: string, words: WordTimingInput[] | undefined): TimelineCue {
  const cue: TimelineCue = { start, end, text };
  if (words?.length) {
    // Engines can report times slightly past the audio they returned; keep words inside the cue.
    const clamp = (t: number): number => Math.min(end, Math.max(start, start + t));
    cue.words = words.map((w) => ({ text: w.text, start: clamp(w.start), end: clamp(w.end) }));
  }
  return cue;
}

/** The JSON text written as timings.json. */
export function timelineToJson(timeline: Timeline): string {
  return `${JSON.stringify(timeline, null, 2)}\n`;
}
