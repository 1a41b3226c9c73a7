import { describe, expect, it } from 'vitest';
import { escapeFfmetadata, toFfmetadata } from '../../src/media/chapters.js';
import { buildTimeline } from '../../src/media/timeline.js';

describe('toFfmetadata', () => {
  it('writes global metadata and one chapter per slide in milliseconds', () => {
    const timeline = buildTimeline(
      [
        { title: 'Intro', segments: [{ kind: 'speech', samples: 22050 * 1.5, text: 'Hi' }] },
        { title: 'Risks = costs; #1 \\ big\nreally', segments: [{ kind: 'silence', samples: 33075 + 7 }] },
      ],
      22050,
    );
    expect(toFfmetadata(timeline, { title: 'AI; in #Health', artist: 'LECTRA' })).toBe(
      [
        ';FFMETADATA1',
        'title=AI\\; in \\#Health',
        'artist=LECTRA',
        '',
        '[CHAPTER]',
        'TIMEBASE=1/1000',
        'START=0',
        'END=1500',
        'title=Intro',
        '',
        '[CHAPTER]',
        'TIMEBASE=1/1000',
        'START=1500',
        'END=3000',
        'title=Risks \\= costs\\; \\#1 \\\\ big\\\nreally',
        '',
      ].join('\n'),
    );
  });

  it('escapes every special character and normalises CRLF', () => {
    expect(escapeFfmetadata('a=b;c#d\\e\r\nf')).toBe('a\\=b\\;c\\#d\\\\e\\\nf');
    expect(toFfmetadata(buildTimeline([], 24000), {})).toBe(';FFMETADATA1\n');
  });
});
