/**
 * splitSlidevSlides cuts a Slidev deck where @slidev/parser cuts it (core.ts `parse`, fs.ts
 * `load`). The unit tests' expected values are worked out by hand from those rules; the corpus
 * tests check real decks against the slide counts in SOURCES.md (from @slidev/parser `load()`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeSlidev, splitSlidevSlides, type SlidevSplit } from '../../src/deck/split-slidev.js';
import { CORPUS, optionalTool } from '../support/optional-tool.js';

const split = (text: string): SlidevSplit => splitSlidevSlides(text, { file: 'slides.md' });
const contents = (text: string): string[] => split(text).slides.map((s) => s.content);

/** An in-memory file tree for `src:` imports, recording what was read. */
function memoryFiles(files: Record<string, string>) {
  const reads: Array<[string, string]> = [];
  const readFile = (file: string, fromFile: string): string | undefined => {
    reads.push([file, fromFile]);
    return files[file];
  };
  return { reads, readFile };
}

describe('splitSlidevSlides: separators', () => {
  it('breaks at `---`, `----` and separators with text after them', () => {
    const text = '# A\n\n---\n\n# B\n----\n# C\n--- trailing text\n\n# D\n----   section 4\nE';
    expect(contents(text)).toEqual(['# A', '# B', '# C', '# D', 'E']);
  });

  it('breaks only at lines that start with `---`: indented or shorter dashes are content', () => {
    expect(contents('# A\n ---\n\n--\n\n# B')).toEqual(['# A\n ---\n\n--\n\n# B']);
  });

  it('reads CRLF line ends and drops a BOM', () => {
    const { headmatter, slides } = split('\uFEFF---\r\ntitle: T\r\n---\r\n\r\n# A\r\n\r\n---\r\n\r\n# B\r\n');
    expect(headmatter).toEqual({ title: 'T' });
    expect(slides.map((s) => s.content)).toEqual(['# A', '# B']);
  });
});

describe('splitSlidevSlides: front matter', () => {
  const deck = [
    '---', // 1
    'title: Deck',
    'highlighter: shiki',
    '---',
    '',
    '# One', // 6
    '',
    '---', // 8
    'layout: center',
    'class: big',
    '---',
    '',
    '# Two', // 13
  ].join('\n');

  it('takes the first front matter as the headmatter and the first slide\'s front matter', () => {
    const { headmatter, slides, problems } = split(deck);
    expect(headmatter).toEqual({ title: 'Deck', highlighter: 'shiki' });
    expect(slides).toEqual([
      { file: 'slides.md', line: 6, frontmatter: { title: 'Deck', highlighter: 'shiki' }, content: '# One' },
      { file: 'slides.md', line: 13, frontmatter: { layout: 'center', class: 'big' }, content: '# Two' },
    ]);
    expect(problems).toEqual([]);
  });

  it('after `---`, a non-blank line opens front matter, even a heading (it becomes a YAML comment)', () => {
    const { slides } = split('# A\n---\n# B\n---\n\n# C');
    expect(slides.map((s) => [s.content, s.frontmatter])).toEqual([
      ['# A', {}],
      ['# C', {}],
    ]);
  });

  it('a separator with text after `---` can open front matter; `----` never does', () => {
    const { slides } = split('a\n---section2\nlayout: z\n---\nb\n----\nlayout: y\n----\nc');
    expect(slides.map((s) => [s.content, s.frontmatter])).toEqual([
      ['a', {}],
      ['b', { layout: 'z' }],
      ['layout: y', {}],
      ['c', {}],
    ]);
  });

  it('reads a ```yaml block at the very start of a slide as its front matter', () => {
    const text = '# A\n---\n\n```yaml\nlayout: quote\n```\n\n# B';
    expect(split(text).slides[1]).toEqual({ file: 'slides.md', line: 8, frontmatter: { layout: 'quote' }, content: '# B' });
  });

  it('keeps a ```yaml block as content when the slide has `---` front matter or text before it', () => {
    const text = '# A\n---\nlayout: cover\n---\n\n```yaml\nlayout: no\n```\n\n---\n\n# C\n\n```yml\nlayout: no\n```';
    const { slides } = split(text);
    expect(slides.map((s) => [s.content, s.frontmatter])).toEqual([
      ['# A', {}],
      ['```yaml\nlayout: no\n```', { layout: 'cover' }],
      ['# C\n\n```yml\nlayout: no\n```', {}],
    ]);
  });

  it('reports broken YAML as an error at its file line, and keeps the slide', () => {
    const { slides, problems } = split('# A\n---\ntitle: [x\nfoo: 1\n---\n\n# B');
    expect(slides.map((s) => s.content)).toEqual(['# A', '# B']);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ severity: 'error', file: 'slides.md', line: 4 });
    expect(problems[0]!.message).toMatch(/not valid YAML/);
  });

  it('ignores front matter that is a list or a single value, with a warning', () => {
    const { slides, problems } = split('# A\n---\n- one\n- two\n---\n\n# B');
    expect(slides[1]).toMatchObject({ frontmatter: {}, content: '# B' });
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', file: 'slides.md', line: 3 })]);
  });
});

describe('splitSlidevSlides: fenced code and comments', () => {
  it('does not break at `---` inside a ``` fence', () => {
    const text = '# A\n\n```md\n---\nnot a separator\n---\n```\n\n---\n\n# B';
    expect(contents(text)).toEqual(['# A\n\n```md\n---\nnot a separator\n---\n```', '# B']);
  });

  it('a fence ends at a line starting with its own run of backticks, with the same indentation', () => {
    expect(contents('````md\n```js\n---\n```\n````\n\n---\n\nB')).toEqual(['````md\n```js\n---\n```\n````', 'B']);
    // (The slide's content is trimmed, so the opening fence loses its indentation.)
    expect(contents('  ```\n```\n---\n  ```\n\n---\n\nB')).toEqual(['```\n```\n---\n  ```', 'B']);
  });

  it('an unclosed fence hides nothing, and `~~~` is no fence for Slidev', () => {
    expect(contents('```\nA\n---\n\nB')).toEqual(['```\nA', 'B']);
    expect(contents('~~~\nA\n---\n\nB\n~~~')).toEqual(['~~~\nA', 'B\n~~~']);
  });

  it('does not break at `---` inside a multi-line HTML comment', () => {
    expect(contents('a\n<!--\n---\nsrc: ./two.md\n---\n-->\nb')).toEqual(['a\n<!--\n---\nsrc: ./two.md\n---\n-->\nb']);
  });

  it('a comment opened on the separator line itself is not seen (as in core.ts)', () => {
    expect(contents('a\n\n----<!--\nhidden\n-->\n\nb\n')).toEqual(['a', 'hidden\n-->\n\nb']);
  });
});

describe('splitSlidevSlides: notes', () => {
  it('takes the last comment as the note when it ends the slide; earlier comments stay', () => {
    const { slides } = split('# A\n\n<!-- not a note -->\n\nText\n\n<!--\nThe note\n-->\n\n---\n\n# B\n<!-- one -->\n<!-- two -->');
    expect(slides.map((s) => [s.content, s.note])).toEqual([
      ['# A\n\n<!-- not a note -->\n\nText', 'The note'],
      ['# B\n<!-- one -->', 'two'],
    ]);
  });

  it('a comment followed by text is no note', () => {
    expect(split('# C\n<!-- c -->\ntext').slides[0]).toEqual({ file: 'slides.md', line: 1, frontmatter: {}, content: '# C\n<!-- c -->\ntext' });
  });

  it('an empty last comment is removed but gives no note', () => {
    expect(split('# D\n\n<!---->').slides[0]).toEqual({ file: 'slides.md', line: 1, frontmatter: {}, content: '# D' });
  });
});

describe('splitSlidevSlides: empty slides, as core.ts keeps or skips them', () => {
  it('keeps a headmatter-only first slide', () => {
    const { headmatter, slides } = split('---\ntheme: x\ncolorSchema: dark\n---\n\n---\n\n# A');
    expect(headmatter).toEqual({ theme: 'x', colorSchema: 'dark' });
    expect(slides).toEqual([
      { file: 'slides.md', line: 1, frontmatter: { theme: 'x', colorSchema: 'dark' }, content: '' },
      { file: 'slides.md', line: 8, frontmatter: {}, content: '# A' },
    ]);
  });

  it('keeps a slide of blank lines between two separators', () => {
    expect(contents('# A\n\n---\n\n\n---\n\n# B')).toEqual(['# A', '', '# B']);
  });

  it('makes no slide between two adjacent separators; the second becomes content of the next', () => {
    expect(contents('# A\n----\n----\n# B')).toEqual(['# A', '----\n# B']);
  });

  it('a leading `---` with a blank line after it opens no front matter and stays as content', () => {
    expect(split('---\n\n# A\n\n---\n\n# B').slides.map((s) => [s.content, s.frontmatter])).toEqual([
      ['---\n\n# A', {}],
      ['# B', {}],
    ]);
  });

  it('`---` right after `---` is an empty front matter, not an empty slide', () => {
    expect(split('# A\n---\n---\n# B').slides.map((s) => [s.content, s.frontmatter])).toEqual([
      ['# A', {}],
      ['# B', {}],
    ]);
  });

  it('a file ending in `---` and a newline ends with an empty slide; without the newline it does not', () => {
    expect(contents('# A\n\n---\n')).toEqual(['# A', '']);
    expect(contents('# A\n\n---')).toEqual(['# A']);
  });

  it('a blank line before the opening `---` makes an empty first slide, and the headmatter is then empty', () => {
    const { headmatter, slides } = split('\n---\nlayout: cover\n---\n\n# A');
    expect(headmatter).toEqual({});
    expect(slides.map((s) => [s.content, s.frontmatter])).toEqual([
      ['', {}],
      ['# A', { layout: 'cover' }],
    ]);
  });

  it('leaves out slides with `hide: true` or `disabled: true`, imports included', () => {
    const files = memoryFiles({});
    const text = '# A\n\n---\nhide: true\n---\n\n# B\n\n---\ndisabled: true\nsrc: ./x.md\n---\n\n---\n\n# C';
    expect(splitSlidevSlides(text, { file: 'slides.md', readFile: files.readFile }).slides.map((s) => s.content)).toEqual(['# A', '# C']);
    expect(files.reads).toEqual([]);
  });
});

describe('splitSlidevSlides: src imports', () => {
  const main = [
    '---', // 1
    'theme: seriph',
    '---',
    '',
    '# Welcome', // 5
    '',
    '---', // 7
    'src: ./pages/intro.md',
    'layout: center',
    '---',
    '',
    'Ignored content',
    '',
    '---', // 14
    '',
    '# End', // 16
  ].join('\n');
  const intro = [
    '---', // 1
    'layout: cover',
    'class: dark',
    '---',
    '',
    '# Intro 1', // 6
    '',
    '---', // 8
    '',
    '# Intro 2', // 10
    '',
    '---', // 12
    'src: ../parts/deep.md',
    '---',
  ].join('\n');

  it('replaces the importing slide by the imported slides, recursively, with paths relative to the importer', () => {
    const files = memoryFiles({ '/deck/pages/intro.md': intro, '/deck/parts/deep.md': '# Deep\n\n<!-- deep note -->\n' });
    const { headmatter, slides, problems } = splitSlidevSlides(main, { file: '/deck/slides.md', readFile: files.readFile });
    expect(headmatter).toEqual({ theme: 'seriph' });
    // The importer's keys (not `src`) win, and apply to every slide it imports.
    expect(slides).toEqual([
      { file: '/deck/slides.md', line: 5, frontmatter: { theme: 'seriph' }, content: '# Welcome' },
      { file: '/deck/pages/intro.md', line: 6, frontmatter: { layout: 'center', class: 'dark' }, content: '# Intro 1' },
      { file: '/deck/pages/intro.md', line: 10, frontmatter: { layout: 'center' }, content: '# Intro 2' },
      { file: '/deck/parts/deep.md', line: 1, frontmatter: { layout: 'center' }, content: '# Deep', note: 'deep note' },
      { file: '/deck/slides.md', line: 16, frontmatter: {}, content: '# End' },
    ]);
    expect(problems).toEqual([]);
    expect(files.reads).toEqual([
      ['/deck/pages/intro.md', '/deck/slides.md'],
      ['/deck/parts/deep.md', '/deck/pages/intro.md'],
    ]);
  });

  it('keeps a relative main path relative, and reads `/pages/…` from the deck\'s folder', () => {
    const files = memoryFiles({ 'talk/pages/a.md': '---\nsrc: /pages/b.md\n---\n', 'talk/pages/b.md': '# B' });
    const { slides } = splitSlidevSlides('---\nsrc: ./pages/a.md\n---\n', { file: 'talk/slides.md', readFile: files.readFile });
    expect(slides).toEqual([{ file: 'talk/pages/b.md', line: 1, frontmatter: {}, content: '# B' }]);
    expect(files.reads.map(([file]) => file)).toEqual(['talk/pages/a.md', 'talk/pages/b.md']);
  });

  it('an outer importer\'s keys win over an inner one\'s', () => {
    const files = memoryFiles({ 'a.md': '---\nsrc: ./b.md\nlayout: inner\nclass: c\n---\n', 'b.md': '---\nlayout: own\n---\n# B' });
    const { slides } = splitSlidevSlides('---\nsrc: ./a.md\nlayout: outer\n---\n', { file: 'slides.md', readFile: files.readFile });
    expect(slides[0]!.frontmatter).toEqual({ layout: 'outer', class: 'c' });
  });

  it('imports the slides a `#` range names', () => {
    const many = ['# 1', '# 2', '# 3', '# 4', '# 5'].join('\n\n---\n\n');
    const files = memoryFiles({ 'many.md': many });
    const pick = (range: string): string[] =>
      splitSlidevSlides(`---\nsrc: ./many.md#${range}\n---\n`, { file: 'slides.md', readFile: files.readFile }).slides.map((s) => s.content);
    expect(pick('2,4-')).toEqual(['# 2', '# 4', '# 5']);
    expect(pick('1-2;5')).toEqual(['# 1', '# 2', '# 5']);
    expect(pick('all')).toHaveLength(5);
    expect(pick('none')).toEqual([]);
    expect(pick('9')).toEqual([]);
  });

  it('imports the same file twice when asked, reading it once', () => {
    const files = memoryFiles({ 'toc.md': '# TOC' });
    const { slides } = splitSlidevSlides('---\nsrc: ./toc.md\n---\n\n---\n\n# Mid\n\n---\nsrc: ./toc.md\n---\n', { file: 'slides.md', readFile: files.readFile });
    expect(slides.map((s) => s.content)).toEqual(['# TOC', '# Mid', '# TOC']);
    expect(files.reads).toHaveLength(1);
  });

  it('skips an import that would loop, with a warning at its `src:` line', () => {
    const files = memoryFiles({ 'b.md': '# B\n\n---\nsrc: ./a.md\n---\n' });
    const { slides, problems } = splitSlidevSlides('# A\n\n---\nsrc: ./b.md\n---\n', { file: 'a.md', readFile: files.readFile });
    expect(slides.map((s) => s.content)).toEqual(['# A', '# B']);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', file: 'b.md', line: 4 })]);
    expect(problems[0]!.message).toMatch(/cycle/);
  });

  it('stops nesting deeper than 10 imports, with an error', () => {
    const tree: Record<string, string> = {};
    for (let i = 1; i <= 12; i++) tree[`f${i}.md`] = `# F${i}\n\n---\nsrc: ./f${i + 1}.md\n---\n`;
    const { slides, problems } = splitSlidevSlides(tree['f1.md']!, { file: 'f1.md', readFile: memoryFiles(tree).readFile });
    expect(slides.map((s) => s.content)).toEqual(['# F1', '# F2', '# F3', '# F4', '# F5', '# F6', '# F7', '# F8', '# F9', '# F10', '# F11']);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', file: 'f11.md', line: 4 })]);
  });

  it('drops a slide whose import is missing, with a warning naming the line and the path', () => {
    const text = '# A\n\n---\nlayout: center\nsrc: ./pages/gone.md\n---\n\n---\n\n# C';
    for (const readFile of [memoryFiles({}).readFile, undefined]) {
      const { slides, problems } = splitSlidevSlides(text, { file: 'deck/slides.md', readFile });
      expect(slides.map((s) => s.content)).toEqual(['# A', '# C']);
      expect(problems).toEqual([expect.objectContaining({ severity: 'warning', file: 'deck/slides.md', line: 5 })]);
      expect(problems[0]!.message).toContain(path.join('deck', 'pages', 'gone.md'));
    }
  });

  it('drops a slide whose `src` is not text, with a warning', () => {
    const { slides, problems } = split('# A\n---\nsrc: 3\n---\n');
    expect(slides.map((s) => s.content)).toEqual(['# A']);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', line: 3 })]);
  });
});

describe('looksLikeSlidev', () => {
  it('is true for keys only Slidev reads', () => {
    expect(looksLikeSlidev({ theme: 'default', highlighter: 'shiki' })).toBe(true);
    expect(looksLikeSlidev({ src: './pages/a.md' })).toBe(true);
    expect(looksLikeSlidev({ drawings: { persist: false } })).toBe(true);
  });

  it('is false for keys other tools share, and for a Marp deck', () => {
    expect(looksLikeSlidev({})).toBe(false);
    expect(looksLikeSlidev({ layout: 'post', title: 'Jekyll page' })).toBe(false);
    expect(looksLikeSlidev({ marp: true, theme: 'gaia', transition: 'fade', class: 'lead' })).toBe(false);
    expect(looksLikeSlidev({ marp: true, mdc: true })).toBe(false);
  });
});

// ─── The shared corpus ──────────────────────────────────────────────────────────────────────

const hasCorpus = optionalTool('shared-corpus', existsSync(path.join(CORPUS, 'SOURCES.md')));

/** Imports as Slidev reads them: the path is already resolved against the importing file. */
const readCorpusFile = (file: string): string | undefined => (existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined);

interface SlidevDeck {
  folder: string;
  /** The main file, inside the folder. */
  file: string;
  /** Slides with a note, from SOURCES.md's notes column (written there as prose). */
  notes: number;
}

// SOURCES.md's path column lists folders and files together, so the main files are named here.
const SLIDEV_DECKS: SlidevDeck[] = [
  { folder: 's01-ossketch-address-spaces', file: 'decks/os-slides/address-spaces/slides.md', notes: 0 },
  { folder: 's02-tangdaoyuan-monorepo', file: 'presentation/slides.md', notes: 1 },
  { folder: 's02-tangdaoyuan-monorepo', file: 'presentation/slides-zh.md', notes: 6 },
  { folder: 's03-engineervix-zednews', file: 'slides.md', notes: 3 },
  { folder: 's04-alptugan-cod208-oop', file: '2025-2026-Spring/week02_cod_208-OOP/slides.md', notes: 0 },
  { folder: 's05-lenne-cicd-github-fr', file: 'decks/ci-cd-github/slides.md', notes: 30 },
  { folder: 's06-barbapapazes-nuxt-scale', file: '2024-11-13/src/slides.md', notes: 9 },
  { folder: 's07-viccortes-python-course-es', file: 'slidev/slides.md', notes: 1 },
  { folder: 's08-fossen-efcore', file: 'docs/slides.md', notes: 3 },
];

/** The rows of one SOURCES.md table (the section whose heading starts with `heading`), as cells. */
function sourcesRows(heading: string, folderPrefix: RegExp): string[][] {
  const lines = readFileSync(path.join(CORPUS, 'SOURCES.md'), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines
    .slice(start, end)
    .filter((line) => folderPrefix.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()));
}

/** SOURCES.md's slide count for `deck`: `20`, or per file as in `20 (slides.md); 20 (slides-zh.md)`. */
function listedSlides(deck: SlidevDeck): number {
  const row = sourcesRows('## 2. Slidev decks', /^\| s\d\d-/).find((cells) => cells[1] === deck.folder);
  const cell = row?.[7] ?? '';
  const perFile = [...cell.matchAll(/(\d+) \(([^)]+)\)/g)].find((m) => m[2] === path.basename(deck.file));
  return Number(perFile ? perFile[1] : cell);
}

/** The first file of each row's path column (as the Marp corpus test reads it). */
function firstFiles(heading: string, folderPrefix: RegExp): string[] {
  return sourcesRows(heading, folderPrefix).map((cells) => {
    const file = cells[4]!.split(' + ')[0]!.replace(/`/g, '').replace(/ \(name has spaces\)$/, '');
    return path.join(CORPUS, cells[1]!, file);
  });
}

describe.skipIf(!hasCorpus)('the corpus Slidev decks: the slides Slidev makes', () => {
  it('lists the eight Slidev decks', () => {
    const folders = sourcesRows('## 2. Slidev decks', /^\| s\d\d-/).map((cells) => cells[1]!.slice(0, 3));
    expect(folders).toEqual(['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08']);
  });

  it.each(SLIDEV_DECKS.map((d) => [`${d.folder}/${d.file}`, d] as const))('%s', (_name, deck) => {
    const file = path.join(CORPUS, deck.folder, deck.file);
    const { headmatter, slides, problems } = splitSlidevSlides(readFileSync(file, 'utf8'), { file, readFile: readCorpusFile });
    expect(slides).toHaveLength(listedSlides(deck));
    expect(slides.filter((s) => s.note !== undefined)).toHaveLength(deck.notes);
    expect(problems).toEqual([]);
    expect(looksLikeSlidev(headmatter)).toBe(true);
  });

  it('s05: the blank first line of an imported section is an empty slide, as in Slidev', () => {
    const file = path.join(CORPUS, 's05-lenne-cicd-github-fr/decks/ci-cd-github/slides.md');
    const { slides } = splitSlidevSlides(readFileSync(file, 'utf8'), { file, readFile: readCorpusFile });
    expect(slides[1]).toEqual({ file: path.join(path.dirname(file), 'sections/01-introduction.md'), line: 1, frontmatter: {}, content: '' });
    expect(slides[2]).toMatchObject({ line: 6, frontmatter: { layout: 'two-cols-header' } });
    expect(slides[2]!.content.startsWith('### Prérequis & Objectifs')).toBe(true);
  });

  it('s02: the headmatter imports the first slide and its keys apply to it', () => {
    const file = path.join(CORPUS, 's02-tangdaoyuan-monorepo/presentation/slides.md');
    const { headmatter, slides } = splitSlidevSlides(readFileSync(file, 'utf8'), { file, readFile: readCorpusFile });
    expect(headmatter).toMatchObject({ theme: 'seriph', src: './src/welcome.md' });
    expect(slides[0]).toMatchObject({ file: path.join(path.dirname(file), 'src/welcome.md'), line: 1, note: 'welcome to the talk about monorepo' });
    expect(slides[0]!.frontmatter).toEqual({ theme: 'seriph', background: '/background.jpeg', class: 'text-center', highlighter: 'shiki', colorSchema: 'dark' });
    expect(slides[1]!.frontmatter).toEqual({ layout: 'image-right', image: '/monorepo.png' });
  });

  it('s07: the headmatter-only first slide counts, and nested imports follow', () => {
    const file = path.join(CORPUS, 's07-viccortes-python-course-es/slidev/slides.md');
    const { slides } = splitSlidevSlides(readFileSync(file, 'utf8'), { file, readFile: readCorpusFile });
    expect(slides[0]).toMatchObject({ file, line: 1, content: '' });
    expect(slides.filter((s) => s.file !== file)).toHaveLength(98);
  });

  it('Marp decks and plain notes do not look like Slidev', () => {
    const others = [...firstFiles('## 1. Marp decks', /^\| m\d\d-/), ...firstFiles('## 3. Plain Markdown', /^\| p\d\d-/)];
    expect(others).toHaveLength(15);
    for (const file of others) {
      const { headmatter } = splitSlidevSlides(readFileSync(file, 'utf8'), { file });
      expect(looksLikeSlidev(headmatter), file).toBe(false);
    }
  });
});
