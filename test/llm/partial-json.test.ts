import { describe, expect, it } from 'vitest';
import { IncrementalArrayParser, parseArrayElements, type IncrementalJsonEvent } from '../../src/llm/partial-json.js';

const OUTLINE = {
  title: 'Braces {and} "quotes"',
  subtitle: 'A line with ] and [ and \\ backslash',
  intro: 'Welcome.\nTwo lines, a tab\t and unicode: é ✓ 😀',
  slides: [
    { title: 'Objects look like {"a": 1}', keyPoints: ['ends with a brace }', 'escaped \\"quote\\" inside'], imageQueries: ['x'] },
    { title: 'Trailing backslash \\', keyPoints: ['path C:\\', '}]}]'], imageQueries: [] },
    { title: 'Nested', keyPoints: ['one'], imageQueries: ['a', 'b'], extra: { slides: [{ title: 'not top level' }], deep: [[1, [2, { x: '}' }]]] } },
    { title: 'Last', keyPoints: ['k'], imageQueries: ['q'] },
  ],
};

function feed(parser: IncrementalArrayParser, chunks: string[]): IncrementalJsonEvent[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

function elements(events: IncrementalJsonEvent[]): unknown[] {
  return events.flatMap((e) => (e.type === 'element' ? [e.value] : []));
}

function fields(events: IncrementalJsonEvent[]): Record<string, string> {
  return Object.fromEntries(events.flatMap((e) => (e.type === 'field' ? [[e.key, e.value]] : [])));
}

/** Deterministic pseudo-random chunk sizes (mulberry32). */
function randomChunks(text: string, seed: number, max = 17): string[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(next() * max);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

const pretty = JSON.stringify(OUTLINE, null, 2);
const compact = JSON.stringify(OUTLINE);

describe('IncrementalArrayParser', () => {
  it('reports every element and top-level string field, fed one character at a time', () => {
    for (const text of [pretty, compact]) {
      const parser = new IncrementalArrayParser('slides');
      const events = feed(parser, [...text]);
      expect(elements(events)).toEqual(OUTLINE.slides);
      expect(fields(events)).toEqual({ title: OUTLINE.title, subtitle: OUTLINE.subtitle, intro: OUTLINE.intro });
      expect(events.filter((e) => e.type === 'element').map((e) => (e as { index: number }).index)).toEqual([0, 1, 2, 3]);
      expect(parser.complete).toBe(true);
      expect(parser.elements).toEqual(OUTLINE.slides);
      expect(parser.fields).toEqual({ title: OUTLINE.title, subtitle: OUTLINE.subtitle, intro: OUTLINE.intro });
    }
  });

  it('gives the same events whatever the chunk sizes', () => {
    const whole = parseArrayElements(pretty, 'slides');
    for (let seed = 1; seed <= 50; seed++) {
      const events = feed(new IncrementalArrayParser('slides'), randomChunks(pretty, seed));
      expect(events).toEqual(whole);
    }
  });

  it('reports an element exactly when its closing brace arrives, not before', () => {
    const text = compact;
    const parser = new IncrementalArrayParser('slides');
    const firstStart = text.indexOf('[{') + 1;
    const firstEnd = firstStart + JSON.stringify(OUTLINE.slides[0]).length; // index just past its `}`
    const before = parser.push(text.slice(0, firstEnd - 1));
    expect(elements(before)).toEqual([]);
    expect(fields(before)).toEqual({ title: OUTLINE.title, subtitle: OUTLINE.subtitle, intro: OUTLINE.intro });
    const at = parser.push(text[firstEnd - 1]!);
    expect(at).toEqual([{ type: 'element', index: 0, value: OUTLINE.slides[0], raw: JSON.stringify(OUTLINE.slides[0]) }]);
    expect(parser.complete).toBe(false);
  });

  it('reports a string field only once its closing quote arrives', () => {
    const parser = new IncrementalArrayParser('slides');
    expect(parser.push('{"title": "Half')).toEqual([]);
    expect(parser.push(' done\\"')).toEqual([]);
    expect(parser.push('"')).toEqual([{ type: 'field', key: 'title', value: 'Half done"' }]);
  });

  it('finds the JSON after prose and inside a ```json fence', () => {
    const fenced = `Sure! Here is the JSON you asked for:\n\n\`\`\`json\n${pretty}\n\`\`\`\n\nLet me know {if} you need anything else.`;
    for (const chunks of [[...fenced], randomChunks(fenced, 7), [fenced]]) {
      const parser = new IncrementalArrayParser('slides');
      const events = feed(parser, chunks);
      expect(elements(events)).toEqual(OUTLINE.slides);
      expect(events.some((e) => e.type === 'reset')).toBe(false);
      expect(parser.complete).toBe(true);
    }
  });

  it('starts over when a brace in the prose came before the fenced JSON', () => {
    const text = `Here is the outline for {topic}:\n\`\`\`json\n${pretty}\n\`\`\``;
    const events = feed(new IncrementalArrayParser('slides'), [...text]);
    expect(events.filter((e) => e.type === 'reset')).toHaveLength(1);
    const afterReset = events.slice(events.findIndex((e) => e.type === 'reset') + 1);
    expect(elements(afterReset)).toEqual(OUTLINE.slides);

    const openBrace = `Fill the {fields like this \`\`\`json\n${compact}\n\`\`\``;
    const events2 = feed(new IncrementalArrayParser('slides'), randomChunks(openBrace, 3));
    expect(events2.some((e) => e.type === 'reset')).toBe(true);
    expect(elements(events2.slice(events2.findIndex((e) => e.type === 'reset') + 1))).toEqual(OUTLINE.slides);
  });

  it('repairs elements with trailing commas and ignores whitespace', () => {
    const text = '{\n  "slides" :\n  [\n    { "title" : "A", "keyPoints" : [ "x", "y", ], } ,\n\n  {"title":"B","keyPoints":["z",],},\n ],\n "title": "T",\n}';
    const events = feed(new IncrementalArrayParser('slides'), [...text]);
    expect(elements(events)).toEqual([
      { title: 'A', keyPoints: ['x', 'y'] },
      { title: 'B', keyPoints: ['z'] },
    ]);
    expect(fields(events)).toEqual({ title: 'T' });
  });

  it('reports scalar, string and array elements', () => {
    const text = '{"slides": [1, -2.5e3 , "a}\\"]", true,null,[1,[2]], {"k": []}]}';
    for (const chunks of [[...text], [text], randomChunks(text, 11, 4)]) {
      expect(elements(feed(new IncrementalArrayParser('slides'), chunks))).toEqual([1, -2500, 'a}"]', true, null, [1, [2]], { k: [] }]);
    }
  });

  it('only watches the named array at the top level', () => {
    const text = '{"meta": {"slides": [{"title": "nested"}], "title": "inner"}, "other": [{"a": 1}], "slides": [{"title": "top"}], "count": 3}';
    const events = feed(new IncrementalArrayParser('slides'), [...text]);
    expect(elements(events)).toEqual([{ title: 'top' }]);
    expect(fields(events)).toEqual({});
  });

  it('watches any key name, even one with escapes, and handles an empty array', () => {
    expect(elements(parseArrayElements('{"items": []}', 'items'))).toEqual([]);
    expect(elements(parseArrayElements('{"we\\"ird": [{"a": "}"}]}', 'we"ird'))).toEqual([{ a: '}' }]);
  });

  it('reports an unreadable element with value undefined and its raw text', () => {
    const events = parseArrayElements('{"slides": [{"title": "ok"}, {"title": @@@}]}', 'slides');
    const element = events.filter((e) => e.type === 'element')[1] as { value: unknown; raw: string };
    expect(element.raw).toBe('{"title": @@@}');
    // jsonrepair may or may not make sense of it; either way it is never thrown.
    expect(() => element.value).not.toThrow();
  });

  it('stops at the end of the top-level object and ignores what follows', () => {
    const parser = new IncrementalArrayParser('slides');
    const events = parser.push('{"slides": [{"a": 1}]} and then {"slides": [{"b": 2}]}');
    expect(elements(events)).toEqual([{ a: 1 }]);
    expect(parser.complete).toBe(true);
  });

  it('reports nothing for text without JSON or for an unfinished answer', () => {
    expect(parseArrayElements('No JSON here, sorry.', 'slides')).toEqual([]);
    const parser = new IncrementalArrayParser('slides');
    const events = parser.push('{"title": "T", "slides": [{"title": "A"}, {"title": "B", "keyPoints": ["x"');
    expect(elements(events)).toEqual([{ title: 'A' }]);
    expect(parser.complete).toBe(false);
  });
});
