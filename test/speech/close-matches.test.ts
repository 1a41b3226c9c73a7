import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../src/speech/close-matches.js';
import { unknownVoiceError } from '../../src/speech/unknown-voice-error.js';

const IDS = ['en', 'en-us', 'en-gb-scotland', 'en-029', 'fr', 'fr-be', 'de', 'es', 'es-419', 'cmn'];

describe('closeMatches', () => {
  it('ranks extensions, then small edits, then the same family', () => {
    expect(closeMatches('en-uss', IDS)).toEqual(['en-us', 'en', 'en-029', 'en-gb-scotland']);
    expect(closeMatches('fr-b', IDS)).toEqual(['fr-be', 'fr']);
    expect(closeMatches('EN', IDS).slice(0, 2)).toEqual(['en', 'en-us']);
  });

  it('returns at most the limit, and nothing for unrelated input', () => {
    expect(closeMatches('e', IDS, 5)).toHaveLength(5);
    expect(closeMatches('zzzzzzzz', IDS)).toEqual([]);
  });

  it('computes Levenshtein distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('unknownVoiceError', () => {
  it('names the option, the provider and the fix', () => {
    const error = unknownVoiceError('openai', 'alloyy', ['alloy', 'echo']);
    expect(error.code).toBe('unknown-voice');
    expect(error.field).toBe('--voice');
    expect(error.message).toBe("voice 'alloyy' is not an openai voice. Close matches: alloy. Run `lectra voices` to list them.");
    expect(unknownVoiceError('piper', 'x', []).message).toBe("voice 'x' is not a piper voice. Run `lectra voices` to list them.");
  });
});
