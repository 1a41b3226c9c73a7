import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LectraError } from '../../src/errors.js';
import { formatNotesProblem, isMarpDirective, parseNotes } from '../../src/deck/parse-notes.js';
import { inferLayout } from '../../src/deck/slide-content.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/notes');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Runs `fn`, expecting a LectraError, and returns it for further checks. */
function catchError(fn: () => unknown): LectraError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LectraError);
    return error as LectraError;
  }
  throw new Error('expected a LectraError');
}

describe('parseNotes: constructs', () => {
  const { deck, problems } = parseNotes(fixture('all-constructs.md'), { file: 'all-constructs.md' });

  it('reads front matter settings and ignores unknown keys', () => {
    expect(deck).toMatchObject({
      version: 2,
      title: 'All constructs',
      subtitle: 'Every kind of slide',
      author: 'Test Author',
      lang: 'en-GB',
      theme: 'dark',
      voice: 'en-gb-female',
      rate: 1.1,
    });
    expect(deck).not.toHaveProperty('unknownKey');
    expect(problems).toEqual([]);
  });

  it('makes one slide per `---` section', () => {
    expect(deck.slides.map((slide) => slide.title)).toEqual([
      'Welcome to *the* course',
      'Numbered',
      'Nested (a level-two title)',
      'Code slide',
      'Bullets and image',
      'Image only',
      'Narration paragraphs',
    ]);
  });

  it('reads a title slide: title, subtitle and narration, no bullets', () => {
    const slide = deck.slides[0]!;
    expect(slide).toMatchObject({ subtitle: 'A subtitle with **bold**', blocks: [], narration: 'Hello and welcome.' });
    expect(inferLayout(slide, 0)).toBe('title');
  });

  it('marks ordered lists and keeps inline formatting', () => {
    expect(deck.slides[1]!.blocks).toEqual([
      {
        type: 'list',
        ordered: true,
        start: 1,
        items: [
          { text: 'First **bold** step', level: 0 },
          { text: 'Second *italic* step', level: 0 },
          { text: 'Third `code` step', level: 0 },
        ],
      },
    ]);
  });

  it('reads nested items with their level', () => {
    expect(deck.slides[2]!.blocks).toEqual([
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [
          { text: 'Parent one', level: 0 },
          { text: 'Child A', level: 1 },
          { text: 'Child B', level: 1 },
          { text: 'Parent two', level: 0 },
          { text: 'Child C', level: 1 },
        ],
      },
    ]);
  });

  it('reads fenced code with its language', () => {
    expect(deck.slides[3]!.blocks).toEqual([{ type: 'code', lang: 'python', text: 'def area(w, h):\n    return w * h' }]);
    expect(inferLayout(deck.slides[3]!, 3)).toBe('content');
  });

  it('reads bullets then an image, in order; links keep their target; src stays as written', () => {
    const slide = deck.slides[4]!;
    expect(slide.blocks).toEqual([
      { type: 'list', ordered: false, start: 1, items: [{ text: 'A point with a [link](https://example.com)', level: 0 }, { text: 'Another point', level: 0 }] },
      { type: 'image', src: 'images/leaf.png', alt: 'A leaf', position: 'auto', fit: 'contain' },
    ]);
    expect(inferLayout(slide, 4)).toBe('content');
  });

  it('reads an image-only slide', () => {
    const slide = deck.slides[5]!;
    expect(slide.blocks).toEqual([{ type: 'image', src: 'images/leaf.png', alt: 'Cross-section', position: 'auto', fit: 'contain' }]);
    // A title and a picture: the picture fills the area under the title.
    expect(inferLayout(slide, 5)).toBe('content');
  });

  it('keeps paragraphs as paragraphs and joins narration comments', () => {
    const slide = deck.slides[6]!;
    expect(slide.blocks).toEqual([{ type: 'paragraph', text: 'Plain paragraph text becomes a bullet.' }]);
    expect(slide.narration).toBe('First paragraph line one continues here.\n\nSecond paragraph.\n\nA second comment.');
  });
});

describe('parseNotes: text fidelity', () => {
  it('keeps accents, curly quotes, dashes, symbols and CJK exactly', () => {
    const { deck } = parseNotes(fixture('unicode.md'), { file: 'unicode.md' });
    const slide = deck.slides[0]!;
    expect(slide.title).toBe('Café, naïveté — “quotes” and ‘single’ – dashes');
    expect(deck.title).toBe(slide.title);
    expect(slide.blocks[0]!.type === 'list' && slide.blocks[0]!.items.map((item) => item.text)).toEqual([
      'Ünïcödé bullet: 6 CO₂ + 6 H₂O → C₆H₁₂O₆',
      '30 °C, 3 × 4 = 12, ½ ≤ ¾, π ≈ 3.14159',
      '日本語のテキスト、中文文本、한국어 텍스트',
      'Emoji 🌱 and RTL שלום',
    ]);
    expect(slide.narration).toBe('Narración en español: «¿Qué tal?» — ¡muy bien!');
  });

  it('preserves a 300-character bullet exactly', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${String(i).padStart(4, '0')}`).join(' ').padEnd(300, '.').slice(0, 300);
    expect(long).toHaveLength(300);
    const { deck } = parseNotes(`# Long\n\n- ${long}\n`);
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'list', ordered: false, start: 1, items: [{ text: long, level: 0 }] }]);
  });

  it('escapes literal markers so the text reads back the same', () => {
    const { deck } = parseNotes('# 3 \\* 4\n\n- a literal \\`tick\\` and C:\\Users\n');
    expect(deck.slides[0]!.title).toBe('3 \\* 4');
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'list', ordered: false, start: 1, items: [{ text: 'a literal \\`tick\\` and C:\\Users', level: 0 }] }]);
    expect(deck.title).toBe('3 * 4');
  });

  it('handles CRLF line ends and a BOM', () => {
    const { deck } = parseNotes('\uFEFF---\r\ntitle: Windows\r\n---\r\n# One\r\n- a\r\n---\r\n# Two\r\n');
    expect(deck.title).toBe('Windows');
    expect(deck.slides.map((s) => s.title)).toEqual(['One', 'Two']);
  });

  it('parses a generated 100-slide deck', () => {
    const text = Array.from(
      { length: 100 },
      (_, i) => `# Slide ${i + 1}\n\n- Point **${i}**\n  - Detail\n\n\`\`\`js\nconsole.log(${i});\n\`\`\`\n\n<!-- Narration for slide ${i + 1}. -->\n`,
    ).join('\n---\n\n');
    const { deck, problems } = parseNotes(text);
    expect(deck.slides).toHaveLength(100);
    expect(deck.slides[99]!.narration).toBe('Narration for slide 100.');
    expect(problems).toEqual([]);
  });
});

describe('parseNotes: Marp and Slidev compatibility', () => {
  it('applies Marp directives (carried and `_`-local), keeps real narration, and reads Marp image keywords', () => {
    const { deck, problems } = parseNotes(fixture('marp.md'), { file: 'marp.md' });
    expect(deck.slides).toHaveLength(2);
    expect(deck.slides[0]).toMatchObject({
      title: 'Marp deck',
      narration: 'This is the narration.',
      blocks: [{ type: 'image', src: 'images/leaf.png', alt: '', position: 'right', share: 0.4, fit: 'cover' }],
      // `paginate: false` and the colours carry on; `_class: lead` is this slide's alone.
      style: { class: ['lead'], background: '#fff', color: '#333', paginate: false, footer: '' },
    });
    expect(deck.slides[1]).toMatchObject({
      title: 'Second slide',
      narration: '',
      blocks: [
        { type: 'list', items: [{ text: 'A bullet', level: 0 }] },
        { type: 'image', src: 'images/leaf.png', alt: '', position: 'auto', width: 200 },
      ],
      style: { class: [], background: '#000000', color: '#333', paginate: false, footer: 'Page footer' },
    });
    // `theme: gaia` is one of Marp's own (light) themes: LECTRA's light theme stands in, no warning.
    expect(deck.theme).toBe('light');
    expect(problems).toEqual([]);
  });

  it('recognises directive comments', () => {
    expect(isMarpDirective(' _class: lead ')).toBe(true);
    expect(isMarpDirective('paginate: true')).toBe(true);
    expect(isMarpDirective('\nbackgroundColor: #fff\ncolor: #333\n')).toBe(true);
    expect(isMarpDirective(' fit ')).toBe(true);
    expect(isMarpDirective('Welcome to the lecture.')).toBe(false);
    expect(isMarpDirective('Note: this is narration')).toBe(false);
    expect(isMarpDirective('paginate: true\nAnd some narration')).toBe(false);
  });

  it('does not split on `---` inside code fences or comments', () => {
    const { deck } = parseNotes(fixture('fences.md'), { file: 'fences.md' });
    expect(deck.slides).toHaveLength(2);
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'code', lang: 'markdown', text: '# Slide one\n---\n# Slide two' }]);
    expect(deck.slides[0]!.narration).toBe('Narration can contain a line of dashes --- without splitting the slide.');
    expect(deck.slides[1]!.blocks).toEqual([{ type: 'code', lang: '', text: '---' }]);
  });

  it('drops Slidev per-slide front matter', () => {
    const { deck, problems } = parseNotes(fixture('slidev.md'), { file: 'slidev.md' });
    expect(deck.title).toBe('Slidev deck');
    expect(deck.slides.map((s) => s.title)).toEqual(['First', 'Centred slide', 'Third']);
    expect(deck.slides[1]!.blocks).toEqual([{ type: 'list', ordered: false, start: 1, items: [{ text: 'Still a normal slide', level: 0 }] }]);
    expect(problems.map((p) => p.line)).toEqual([2]); // theme: seriph
  });

  it('treats `---` + heading + `---` at the top as a slide, not front matter', () => {
    const { deck } = parseNotes('---\n# Intro\n---\n# Next\n');
    expect(deck.slides.map((s) => s.title)).toEqual(['Intro', 'Next']);
  });

  it('ignores leading and trailing separators', () => {
    const { deck, problems } = parseNotes('---\n\n# Only\n\n---\n');
    expect(deck.slides).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});

describe('parseNotes: structure rules', () => {
  it('uses a second heading as the subtitle only before any content; later headings are heading blocks', () => {
    // (A `---` break: notes without any are split at each # and ## heading.)
    const { deck } = parseNotes('# Title\n\n- a\n\n## Later heading\n\n- b\n\n---\n\n# Next\n');
    expect(deck.slides[0]!.subtitle).toBeUndefined();
    expect(deck.slides[0]!.blocks).toEqual([
      { type: 'list', ordered: false, start: 1, items: [{ text: 'a', level: 0 }] },
      { type: 'heading', level: 2, text: 'Later heading' },
      { type: 'list', ordered: false, start: 1, items: [{ text: 'b', level: 0 }] },
    ]);
  });

  it('keeps section headings of one level as headings, not a subtitle', () => {
    const { deck } = parseNotes('# Title\n\n### Part A\n\n- x\n\n### Part B\n\n- y\n\n---\n\n# Next\n');
    expect(deck.slides[0]!.subtitle).toBeUndefined();
    expect(deck.slides[0]!.blocks.map((b) => (b.type === 'heading' ? `h${b.level} ${b.text}` : b.type))).toEqual(['h3 Part A', 'list', 'h3 Part B', 'list']);
  });

  it('uses the first slide title as the deck title without Markdown markers', () => {
    const { deck } = parseNotes('# The **big** idea\n');
    expect(deck.title).toBe('The big idea');
    expect(deck.lang).toBe('en');
    expect(deck.theme).toBe('light');
  });

  it('keeps every code block, and the paragraphs around them, in order', () => {
    const { deck, problems } = parseNotes('# Code\n\nBefore.\n\n```js\na\n```\n\nBetween.\n\n```py\nb\n```\n');
    expect(deck.slides[0]!.blocks).toEqual([
      { type: 'paragraph', text: 'Before.' },
      { type: 'code', lang: 'js', text: 'a' },
      { type: 'paragraph', text: 'Between.' },
      { type: 'code', lang: 'py', text: 'b' },
    ]);
    expect(problems).toEqual([]);
  });

  it('keeps text that follows a comment on the same line', () => {
    const { deck, problems } = parseNotes('# T\n\n<!-- say this --> Shown **text**\n\n<div>raw</div>\n\n<blink>odd</blink>\n');
    expect(deck.slides[0]).toMatchObject({
      narration: 'say this',
      blocks: [
        { type: 'paragraph', text: 'Shown **text**' },
        { type: 'paragraph', text: 'raw' },
        { type: 'paragraph', text: 'odd' },
      ],
    });
    // One warning per slide names the tags that are not drawn; their text is kept.
    expect(problems).toEqual([expect.objectContaining({ line: 7, slide: 1, message: expect.stringContaining('<blink>') })]);
  });

  it('reads a table with its header, alignment and cells', () => {
    const { deck, problems } = parseNotes('# T\n\n| a | **b** | c |\n|:---|:---:|---:|\n| 1 | 2 | 3 |\n| x |\n');
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'table', header: ['a', '**b**', 'c'], align: ['left', 'center', 'right'], rows: [['1', '2', '3'], ['x', '', '']] }]);
    expect(problems).toEqual([]);
  });

  it('warns about an unclosed fence at the end of the file', () => {
    const { deck, problems } = parseNotes('# A\n\n```js\nconst x = 1;\n');
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'code', lang: 'js', text: 'const x = 1;' }]);
    expect(problems[0]).toMatchObject({ severity: 'warning', line: 3 });
  });

  it('fails on an unclosed fence that swallows slide separators', () => {
    const error = catchError(() => parseNotes('# A\n\n```js\ncode\n\n---\n\n# B\n', { file: 'open.md' }));
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('open.md:3:');
    expect(error.message).toContain('never closed');
  });
});

describe('parseNotes: problems and line numbers', () => {
  const { deck, problems } = parseNotes(fixture('problems.md'), { file: 'problems.md' });

  it('keeps going and collects each problem with its file line and slide', () => {
    expect(deck.slides.map((s) => s.title)).toEqual(['Slide one', '', 'Two images']);
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'warning', line: 6, slide: 1, message: expect.stringContaining('more than three levels') }),
      expect.objectContaining({ severity: 'warning', line: 10, message: expect.stringContaining('nothing between them') }),
      expect.objectContaining({ severity: 'warning', line: 12, slide: 2, message: expect.stringContaining('narration but nothing to show') }),
    ]);
    // Both pictures of the last slide are kept.
    expect(deck.slides[2]!.blocks.map((b) => (b.type === 'image' ? b.src : b.type))).toEqual(['a.png', 'b.png']);
  });

  it('keeps three levels and shows deeper items at the third', () => {
    expect(deck.slides[0]!.blocks).toEqual([
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [
          { text: 'Level one', level: 0 },
          { text: 'Level two', level: 1 },
          { text: 'Level three', level: 2 },
          { text: 'Level four', level: 2 },
        ],
      },
    ]);
  });

  it('formats problems as file:line: slide N: message', () => {
    expect(formatNotesProblem(problems[0]!, 'problems.md')).toMatch(/^problems\.md:6: warning: slide 1: a list is nested/);
  });
});

describe('parseNotes: bad input', () => {
  it('rejects empty and whitespace-only text', () => {
    for (const name of ['empty.md', 'whitespace.md']) {
      const error = catchError(() => parseNotes(fixture(name), { file: name }));
      expect(error.code).toBe('empty-input');
      expect(error.message).toBe(`${name} is empty: write at least one slide, e.g. \`# Title\`.`);
    }
  });

  it('rejects front matter with no slides', () => {
    const error = catchError(() => parseNotes(fixture('only-front-matter.md'), { file: 'only-front-matter.md' }));
    expect(error.code).toBe('empty-input');
    expect(error.message).toMatch(/^only-front-matter\.md has front matter but no slides/);
  });

  it('rejects text with only Marp directives', () => {
    const error = catchError(() => parseNotes('<!-- paginate: true -->\n', { file: 'd.md' }));
    expect(error.code).toBe('empty-input');
    expect(error.message).toContain('d.md has no slides');
  });

  it('rejects YAML that does not parse, naming the file line', () => {
    const error = catchError(() => parseNotes(fixture('bad-yaml.md'), { file: 'bad-yaml.md' }));
    expect(error.code).toBe('bad-yaml');
    expect(error.message).toMatch(/^bad-yaml\.md:[45]: the front matter is not valid YAML/);
    expect(error.file).toBe('bad-yaml.md');
  });

  it('rejects front matter that is not key: value pairs', () => {
    const error = catchError(() => parseNotes('---\ntitle: x\n- y\n---\n# S\n', { file: 'x.md' }));
    expect(error.code).toBe('bad-yaml');
  });

  it('lists every wrong front matter type in one bad-input error', () => {
    const error = catchError(() => parseNotes(fixture('bad-types.md'), { file: 'bad-types.md' }));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/^bad-types\.md:2: front matter `title` must be text/);
    expect(error.message).toContain('2 more problems');
    expect(error.details).toEqual([
      expect.stringMatching(/^bad-types\.md:2: .*`title`.*a list/),
      expect.stringMatching(/^bad-types\.md:3: .*`lang`/),
      expect.stringMatching(/^bad-types\.md:4: .*`rate`.*"fast"/),
    ]);
  });

  it('rejects binary text', () => {
    const error = catchError(() => parseNotes(fixture('binary.md'), { file: 'binary.md' }));
    expect(error.code).toBe('binary-input');
    expect(error.message).toContain('binary.md');
    const noisy = Array.from({ length: 200 }, (_, i) => String.fromCharCode(i % 2 ? 0x01 : 0x41)).join('');
    expect(catchError(() => parseNotes(noisy)).code).toBe('binary-input');
  });

  it('uses notes.md in messages when no file name is given', () => {
    expect(catchError(() => parseNotes('')).message).toMatch(/^notes\.md is empty/);
  });
});
