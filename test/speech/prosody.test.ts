import { describe, expect, it } from 'vitest';
import { PROSODY_PAUSES, tagProsody } from '../../src/speech/prosody.js';

describe('tagProsody', () => {
  it('returns no segments for empty narration', () => {
    expect(tagProsody({ title: 'X', narration: '  \n\n ', lang: 'en' })).toEqual([]);
  });

  it('makes one segment per sentence with lead-in, title, sentence and slide-end pauses', () => {
    const segments = tagProsody({ title: 'Photosynthesis', narration: 'Photosynthesis. Plants make sugar. They need light.', lang: 'en' });
    expect(segments.map((s) => s.text)).toEqual(['Photosynthesis.', 'Plants make sugar.', 'They need light.']);
    expect(segments.map((s) => [s.pauseBeforeSec, s.pauseAfterSec])).toEqual([
      [PROSODY_PAUSES.slideLeadIn, PROSODY_PAUSES.afterTitle],
      [0, PROSODY_PAUSES.betweenSentences],
      [0, PROSODY_PAUSES.slideEnd],
    ]);
    expect(segments[0].rule).toEqual(['slide-lead-in', 'after-title']);
    expect(segments[1].rule).toEqual(['sentence-gap']);
    expect(segments[2].rule).toEqual(['slide-end']);
    expect(segments[2].paragraphEnd).toBe(true);
  });

  it('pauses longer at paragraph ends and at the end of the lecture', () => {
    const segments = tagProsody({ title: 'T', narration: 'One here. Two here.\n\nThree here.', lang: 'en', isLastSlide: true });
    expect(segments.map((s) => s.paragraphEnd)).toEqual([false, true, true]);
    expect(segments[1].pauseAfterSec).toBe(PROSODY_PAUSES.paragraphEnd);
    expect(segments[1].rule).toContain('paragraph-end');
    expect(segments[2].pauseAfterSec).toBe(PROSODY_PAUSES.lectureEnd);
    expect(segments[2].rule).toContain('lecture-end');
  });

  it('puts a pause before questions instead of the sentence gap', () => {
    const segments = tagProsody({ title: 'T', narration: 'Light matters. Why is the sky blue? Because of scattering.', lang: 'en' });
    expect(segments.map((s) => s.question)).toEqual([false, true, false]);
    expect(segments[0].pauseAfterSec).toBe(0);
    expect(segments[1].pauseBeforeSec).toBe(PROSODY_PAUSES.beforeQuestion);
    expect(segments[1].rule).toEqual(['question', 'before-question', 'sentence-gap']);
    // A paragraph end before a question is already longer: it stays.
    const after = tagProsody({ title: 'T', narration: 'Light matters.\n\nWhy?', lang: 'en' });
    expect([after[0].pauseAfterSec, after[1].pauseBeforeSec]).toEqual([PROSODY_PAUSES.paragraphEnd, 0]);
  });

  it('detects French questions with a spaced question mark', () => {
    const segments = tagProsody({ title: 'T', narration: 'La lumière compte. Pourquoi le ciel est-il bleu ?', lang: 'fr' });
    expect(segments[1].question).toBe(true);
  });

  it('reads **bold** as emphasis, removes the markers and builds SSML', () => {
    const [segment] = tagProsody({ title: 'T', narration: 'Plants need **light and water**, not **soil**.', lang: 'en' });
    expect(segment.text).toBe('Plants need light and water, not soil.');
    expect(segment.emphasis).toEqual(['light', 'and', 'water', 'soil']);
    expect(segment.ssml).toBe('<speak>Plants need <emphasis>light and water</emphasis>, not <emphasis>soil</emphasis>.</speak>');
    expect(segment.rule).toContain('emphasis');
  });

  it('normalises and XML-escapes the text', () => {
    const [segment] = tagProsody({ title: 'T', narration: 'Salt & <pepper> cost €5 — it\'s 3 × 4.', lang: 'en' });
    expect(segment.text).toBe('Salt and <pepper> cost 5 euros — it\'s 3 times 4.');
    expect(segment.ssml).toBe('<speak>Salt and &lt;pepper&gt; cost 5 euros — it&apos;s 3 times 4.</speak>');
    expect(segment.ssml).not.toContain('<break');
  });

  it('keeps words glued to emphasis glued ("**photo**synthesis")', () => {
    const [segment] = tagProsody({ title: 'T', narration: '**Photo**synthesis is key.', lang: 'en' });
    expect(segment.text).toBe('Photosynthesis is key.');
  });

  it('is plain JSON', () => {
    const segments = tagProsody({ title: 'T', narration: 'One. **Two**? Three.', lang: 'en' });
    expect(JSON.parse(JSON.stringify(segments))).toEqual(segments);
  });
});
