import { parseSync, type NodeCue } from 'subtitle';
import { describe, expect, it } from 'vitest';
import { splitCueText, toSrt, toVtt } from '../../src/media/subtitles.js';
import { buildTimeline, type Timeline } from '../../src/media/timeline.js';

const RATE = 24000;
const LONG =
  'Machine learning models in hospitals must be validated on local patient data before deployment, because populations, equipment and coding practices differ between sites. ' +
  'Short one. Another short sentence here. ' +
  'A surprisingly long sentence without much punctuation that keeps going on and on well past eighty four characters for sure';

function timelineOf(texts: string[], secondsEach = 6): Timeline {
  return buildTimeline(
    [
      {
        title: 'T',
        segments: texts.flatMap((text) => [
          { kind: 'speech' as const, samples: secondsEach * RATE, text },
          { kind: 'silence' as const, samples: RATE / 2 },
        ]),
      },
    ],
    RATE,
  );
}

const cuesOf = (text: string): NodeCue['data'][] =>
  parseSync(text)
    .filter((n): n is NodeCue => n.type === 'cue')
    .map((n) => n.data);
const words = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('splitCueText', () => {
  it('keeps short text as one cue and balances two lines', () => {
    expect(splitCueText('Hello world.')).toEqual(['Hello world.']);
    const [cue] = splitCueText('The quick brown fox jumps over the lazy dog and keeps on running');
    const lines = cue.split('\n');
    expect(lines).toHaveLength(2);
    expect(Math.abs(lines[0].length - lines[1].length)).toBeLessThan(12);
  });

  it('splits long text into cues of at most 2 lines of 42 characters, keeping every word', () => {
    const pieces = splitCueText(LONG);
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) {
      const lines = piece.split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(42);
    }
    expect(words(pieces.join(' '))).toBe(words(LONG));
    // Sentence ends are preferred breaks: the first sentence ends a cue.
    expect(pieces.some((p) => p.endsWith('sites.'))).toBe(true);
  });

  it('leaves an over-long single word whole on its own', () => {
    const url = 'https://example.org/a/very/long/path/that/does/not/fit/on/one/line';
    expect(splitCueText(`See ${url} now`).map(words)).toEqual(['See', url, 'now']);
  });
});

describe('toSrt / toVtt', () => {
  const texts = ['Hello and welcome.', LONG, 'Thanks for listening.'];
  const timeline = timelineOf(texts);

  it('produces SRT that parses back in order, without overlaps, with the same text', () => {
    const srt = toSrt(timeline);
    expect(srt.startsWith('1\n00:00:00,000 --> 00:00:06,000\nHello and welcome.\n\n2\n00:00:06,500 --> ')).toBe(true);
    const cues = cuesOf(srt);
    expect(cues.length).toBeGreaterThan(3);
    for (let i = 1; i < cues.length; i++) {
      expect(cues[i].start).toBeGreaterThanOrEqual(cues[i - 1].end);
      expect(cues[i].end).toBeGreaterThan(cues[i].start);
    }
    expect(words(cues.map((c) => c.text).join(' '))).toBe(words(texts.join(' ')));
    // The long cue's pieces exactly fill its slot.
    const last = cues.at(-1)!;
    expect(last).toMatchObject({ start: 13000, end: 19000, text: 'Thanks for listening.' });
    expect(cues.at(-2)!.end).toBe(12500);
  });

  it('produces WebVTT with a language header and escaped markup', () => {
    const vtt = toVtt(timelineOf(['Use a < b & c --> d.']), 'en-US');
    expect(vtt).toBe('WEBVTT\nLanguage: en-US\n\n00:00:00.000 --> 00:00:06.000\nUse a &lt; b &amp; c --&gt; d.\n');
    const cues = cuesOf(toVtt(timeline));
    expect(words(cues.map((c) => c.text).join(' '))).toBe(words(texts.join(' ')));
  });

  it('formats hours and times from a long timeline', () => {
    const srt = toSrt(buildTimeline([{ title: 'x', segments: [{ kind: 'silence', samples: 3723 * RATE + 120 }, { kind: 'speech', samples: RATE, text: 'Late.' }] }], RATE));
    expect(srt).toBe('1\n01:02:03,005 --> 01:02:04,005\nLate.\n');
  });

  it('times split cues by word timings when the words line up', () => {
    const text = 'One two three four five six seven eight nine ten eleven twelve. Thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.';
    const list = text.split(' ');
    const timeline = buildTimeline(
      [{ title: 'w', segments: [{ kind: 'speech', samples: 10 * RATE, text, words: list.map((w, i) => ({ text: w, start: i * 0.5, end: i * 0.5 + 0.4 })) }] }],
      RATE,
    );
    const cues = cuesOf(toSrt(timeline));
    expect(cues).toHaveLength(2);
    expect(cues[0]).toMatchObject({ start: 0, end: 6000 }); // "Thirteen" is word 13, at 6 s
    expect(cues[1]).toMatchObject({ start: 6000, end: 10000 });
  });

  it('splits a cue without word timings proportionally to characters', () => {
    const a = 'Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu.';
    const b = 'Xi omicron pi rho sigma.';
    expect(a.length + b.length + 1).toBeGreaterThan(85);
    const cues = cuesOf(toSrt(timelineOf([`${a} ${b}`], 9)));
    expect(cues.map((c) => words(c.text))).toEqual([a, b]);
    expect(cues[0].end).toBe(Math.round((9000 * a.length) / (a.length + b.length)));
  });
});
