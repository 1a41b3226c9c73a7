import { describe, expect, it } from 'vitest';
import { applyProsodyAnswer } from '../../src/speech/llm-prosody.js';
import { tagProsody } from '../../src/speech/prosody.js';

const input = { title: 'Light', narration: 'Plants capture light energy with chlorophyll and store it as sugar. That sugar feeds almost every living thing.', lang: 'en' };

describe('applyProsodyAnswer', () => {
  it('turns stressed phrases into emphasis and pauses into segment boundaries, in the rules\' tag structure', () => {
    const segments = applyProsodyAnswer(input, { emphasis: ['chlorophyll', 'every living thing'], breaks: [{ after: 'with chlorophyll', seconds: 0.8 }] });
    const rules = tagProsody(input);
    expect(rules).toHaveLength(2);
    expect(segments).toHaveLength(3); // the pause split the first sentence
    expect(segments[0]!.text).toMatch(/with chlorophyll$/);
    expect(segments[0]!.pauseAfterSec).toBe(0.8);
    expect(segments[0]!.rule).toContain('llm-break');
    expect(segments.flatMap((s) => s.emphasis)).toEqual(['chlorophyll', 'every', 'living', 'thing']); // per word, as the rules record it
    expect(segments.every((s) => s.rule.includes('llm'))).toBe(true);
    // Same keys as the offline rules produce.
    expect(Object.keys(segments[0]!).sort()).toEqual(Object.keys(rules[0]!).sort());
  });

  it('ignores phrases the model invented', () => {
    const segments = applyProsodyAnswer(input, { emphasis: ['photons'], breaks: [{ after: 'not in the text', seconds: 1 }] });
    expect(segments.map((s) => s.text)).toEqual(tagProsody(input).map((s) => s.text));
    expect(segments.flatMap((s) => s.emphasis)).toEqual([]);
  });
});
