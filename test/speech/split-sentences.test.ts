import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/speech/split-sentences.js';

describe('splitSentences', () => {
  it('splits plain sentences and drops empty ones', () => {
    expect(splitSentences('One. Two!  Three?   ', 'en')).toEqual(['One.', 'Two!', 'Three?']);
    expect(splitSentences('   ', 'en')).toEqual([]);
  });

  it('does not split after common abbreviations', () => {
    expect(splitSentences('Plants need light, e.g. sunlight, to grow. Dr. Smith agrees. Mr. Brown too.', 'en')).toEqual([
      'Plants need light, e.g. sunlight, to grow.',
      'Dr. Smith agrees.',
      'Mr. Brown too.',
    ]);
    expect(splitSentences('See Fig. 3 for details. Cats vs. dogs is old.', 'en')).toEqual(['See Fig. 3 for details.', 'Cats vs. dogs is old.']);
    expect(splitSentences('Leaves, i.e. the green parts, work. Next one.', 'en')).toEqual(['Leaves, i.e. the green parts, work.', 'Next one.']);
  });

  it('keeps initials with the name', () => {
    expect(splitSentences('J. K. Rowling wrote it. Then more.', 'en')).toEqual(['J. K. Rowling wrote it.', 'Then more.']);
  });

  it('ends a sentence after etc. when a capital follows, not before lower case', () => {
    expect(splitSentences('Apples, pears, etc. are fruit. They grow.', 'en')).toEqual(['Apples, pears, etc. are fruit.', 'They grow.']);
  });

  it('keeps questions and exclamations as sentences', () => {
    expect(splitSentences('Why is the sky blue? Light scatters! That is all.', 'en')).toEqual(['Why is the sky blue?', 'Light scatters!', 'That is all.']);
  });

  it('handles French abbreviations and spaced question marks', () => {
    expect(splitSentences('M. Dupont arrive. Les plantes, p. ex. le blé, poussent. Vraiment ? Oui.', 'fr')).toEqual([
      'M. Dupont arrive.',
      'Les plantes, p. ex. le blé, poussent.',
      'Vraiment ?',
      'Oui.',
    ]);
  });

  it('splits CJK text on full-width punctuation', () => {
    expect(splitSentences('今日は晴れです。明日は雨ですか？はい。', 'ja')).toEqual(['今日は晴れです。', '明日は雨ですか？', 'はい。']);
    expect(splitSentences('光合作用很重要。植物需要光！', 'zh')).toEqual(['光合作用很重要。', '植物需要光！']);
  });

  it('treats line breaks as boundaries and survives a bad language tag', () => {
    expect(splitSentences('First line\nsecond line', 'en')).toEqual(['First line', 'second line']);
    expect(splitSentences('One. Two.', 'not a tag!')).toEqual(['One.', 'Two.']);
  });

  it('does not split decimals', () => {
    expect(splitSentences('It costs 3.50 dollars. Cheap.', 'en')).toEqual(['It costs 3.50 dollars.', 'Cheap.']);
  });
});
