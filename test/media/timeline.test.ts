import { describe, expect, it } from 'vitest';
import { buildTimeline, timelineToJson, type TimelineSlideInput } from '../../src/media/timeline.js';

const RATE = 22050;

function slides(count: number): TimelineSlideInput[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `Slide ${i + 1}`,
    segments: [
      { kind: 'speech' as const, samples: 12345 + i * 777, text: `Sentence ${i + 1} a.` },
      { kind: 'silence' as const, samples: 4410 },
      { kind: 'speech' as const, samples: 9999 + i, text: `Sentence ${i + 1} b.`, tags: { emphasis: i } },
      { kind: 'silence' as const, samples: 11025 },
    ],
  }));
}

describe('buildTimeline', () => {
  it('puts 50 slides on sample-exact boundaries with no drift', () => {
    const input = slides(50);
    const timeline = buildTimeline(input, RATE);
    let samples = 0;
    timeline.slides.forEach((slide, i) => {
      expect(slide.index).toBe(i);
      expect(slide.start).toBe(samples / RATE);
      samples += input[i].segments.reduce((sum, s) => sum + s.samples, 0);
      expect(slide.end).toBe(samples / RATE);
      if (i > 0) expect(slide.start).toBe(timeline.slides[i - 1].end);
    });
    expect(timeline.totalSec).toBe(samples / RATE);
    expect(timeline.sampleRate).toBe(RATE);
  });

  it('makes one cue per speech segment with text, in order and never overlapping', () => {
    const timeline = buildTimeline(slides(50), RATE);
    const cues = timeline.slides.flatMap((s) => s.cues);
    expect(cues).toHaveLength(100);
    for (let i = 1; i < cues.length; i++) expect(cues[i].start).toBeGreaterThanOrEqual(cues[i - 1].end);
    expect(cues[0]).toEqual({ start: 0, end: 12345 / RATE, text: 'Sentence 1 a.' });
    expect(timeline.slides[0].segments[2].tags).toEqual({ emphasis: 0 });
    expect(timeline.slides[0].segments[1]).toEqual({ kind: 'silence', start: 12345 / RATE, end: 16755 / RATE });
  });

  it('skips empty speech, makes word times absolute and clamps them to the cue', () => {
    const timeline = buildTimeline(
      [
        {
          title: 'A',
          segments: [
            { kind: 'silence', samples: RATE },
            { kind: 'speech', samples: RATE, text: '  ' },
            { kind: 'speech', samples: RATE, text: 'Hello world', words: [{ text: 'Hello', start: 0.1, end: 0.5 }, { text: 'world', start: 0.6, end: 1.3 }] },
          ],
        },
      ],
      RATE,
    );
    expect(timeline.slides[0].cues).toEqual([
      { start: 2, end: 3, text: 'Hello world', words: [{ text: 'Hello', start: 2.1, end: 2.5 }, { text: 'world', start: 2.6, end: 3 }] },
    ]);
    expect(JSON.parse(timelineToJson(timeline))).toEqual(timeline);
  });
});
