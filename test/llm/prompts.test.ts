import { describe, expect, it } from 'vitest';
import * as outline from '../../src/llm/prompts/outline.js';
import * as prosody from '../../src/llm/prompts/prosody.js';
import * as slideContent from '../../src/llm/prompts/slide-content.js';

const sampleOutline = outline.OutlineAnswerSchema.parse({
  title: 'Tides',
  slides: [
    { title: 'What tides are', keyPoints: ['Sea level rises and falls'], imageQueries: ['tide'] },
    { title: 'The Moon', keyPoints: ['Gravity'] },
  ],
});

describe('prompts', () => {
  it('outline prompt carries machine-readable hints and the language', () => {
    const { system, prompt } = outline.buildOutlinePrompt({ topic: 'Tides', slides: 6, audience: 'children', lang: 'de', minutes: 5 });
    expect(system).toContain('JSON');
    expect(prompt).toContain('Topic: Tides');
    expect(prompt).toContain('Number of slides: 6');
    expect(prompt).toContain('Audience: children');
    expect(prompt).toContain('Language: German (de)');
    expect(prompt).toContain('exactly 6 content slides');
  });

  it('outline schema demands exactly N slides and fills defaults', () => {
    const schema = outline.outlineAnswerSchema(2);
    expect(schema.safeParse({ title: 'T', slides: [{ title: 'a', keyPoints: ['x'] }] }).success).toBe(false);
    const value = schema.parse({ title: 'T', slides: [{ title: 'a', keyPoints: ['x'] }, { title: 'b', keyPoints: ['y'] }] });
    expect(value).toMatchObject({ subtitle: '', intro: '', slides: [{ imageQueries: [] }, { imageQueries: [] }] });
  });

  it('narration target words follow the lecture length', () => {
    expect(slideContent.narrationTargetWords(10, 10)).toBe(150);
    expect(slideContent.narrationTargetWords(undefined, 6)).toBe(110);
  });

  it('slide content prompt names the slide, its neighbours and the word target', () => {
    const { prompt } = slideContent.buildSlideContentPrompt({ outline: sampleOutline, index: 1, targetWords: 90, lang: 'fr' });
    expect(prompt).toContain('Slide number: 2 of 2');
    expect(prompt).toContain('Slide title: The Moon');
    expect(prompt).toContain('Target words: 90');
    expect(prompt).toContain('2. The Moon   <- this slide');
    expect(prompt).toContain('French (fr)');
    expect(() => slideContent.buildSlideContentPrompt({ outline: sampleOutline, index: 5 })).toThrow(RangeError);
  });

  it('prosody answers become marks on the text', () => {
    const text = 'Tides rise twice a day. The Moon pulls the ocean.';
    const marks = prosody.prosodyAnswerToMarks(text, {
      emphasis: ['Moon', 'invented words'],
      breaks: [{ after: 'Tides rise twice a day.', seconds: 0.4 }],
    });
    expect(marks).toEqual([
      { kind: 'break', at: 23, seconds: 0.4 },
      { kind: 'emphasis', at: 28, length: 4 },
    ]);
    expect(prosody.buildProsodyPrompt({ text }).prompt).toContain(text);
  });
});
