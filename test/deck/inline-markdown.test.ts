import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeInlineText, inlineToMarkdown } from '../../src/deck/inline-markdown.js';

const md = new MarkdownIt({ html: true });
md.normalizeLink = (url: string): string => url;
const convert = (source: string) => inlineToMarkdown(md.parseInline(source, {})[0]!.children);
/** What a Markdown renderer shows for inline text: used to check a conversion reads back the same. */
const render = (source: string): string => md.renderInline(source);

describe('inlineToMarkdown', () => {
  it('keeps the bold / italic / code subset', () => {
    expect(convert('**bold**, *italic*, _under_, __strong__ and `code`').text).toBe('**bold**, *italic*, *under*, **strong** and `code`');
    expect(convert('***both***').text).toBe('***both***');
  });

  it('keeps links with their target and drops other markup', () => {
    expect(convert('see [the **docs**](https://example.com) and <https://x.org> ~~old~~').text).toBe('see [the **docs**](https://example.com) and [https://x.org](https://x.org) old');
    // Parentheses and spaces in a target are escaped, so the link does not end early.
    expect(convert('[Paris](https://en.wikipedia.org/wiki/Paris_(France))').text).toBe('[Paris](https://en.wikipedia.org/wiki/Paris_%28France%29)');
    expect(convert('a<br>b <span>c</span>').text).toBe('a b c');
  });

  it('pulls out images and comments', () => {
    const result = convert('Look ![a *leaf*](<img/leaf one.png>) here <!-- say this -->');
    expect(result.text).toBe('Look here');
    expect(result.images).toEqual([{ src: 'img/leaf one.png', alt: 'a leaf' }]);
    expect(result.comments).toEqual([' say this ']);
  });

  it('removes emphasis left empty by an image', () => {
    expect(convert('**![x](a.png)** text').text).toBe('text');
  });

  it('wraps code containing backticks in a longer fence', () => {
    expect(convert('``a ` b``').text).toBe('`` a ` b ``');
  });

  it('round-trips: the output renders like the input', () => {
    const samples = ['2 \\* 3 = 6', 'use `x*y` here', '**C:\\Users** and \\*not italic\\*', 'curly “quotes” — 30 °C'];
    for (const sample of samples) expect(render(convert(sample).text)).toBe(render(sample));
  });
});

describe('escapeInlineText', () => {
  it('escapes only the markers and backslashes that would escape punctuation', () => {
    expect(escapeInlineText('3 * 4 `x` C:\\Users a\\*b')).toBe('3 \\* 4 \\`x\\` C:\\Users a\\\\\\*b');
  });
});
