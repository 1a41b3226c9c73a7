import { describe, expect, it } from 'vitest';
import { parseNotes } from '../../src/deck/parse-notes.js';

const marp = (body: string, front = '') => `---\nmarp: true\n${front}---\n\n${body}`;
const titles = (text: string) => parseNotes(text, { file: 'deck.md' }).deck.slides.map((s) => s.title);

describe('Marp slide breaks (marp: true), as Marpit makes them', () => {
  it('breaks at every CommonMark thematic break, whatever its spelling', () => {
    const body = ['# One', '', ' ---', '', '# Two', '', '----', '', '# Three', '', '***', '', '# Four', '', '___', '', '# Five', '', '- - -', '', '# Six'].join('\n');
    expect(titles(marp(body))).toEqual(['One', 'Two', 'Three', 'Four', 'Five', 'Six']);
  });

  it('a `---` under a paragraph line makes that line a heading, not a break', () => {
    const body = '# One\n\nSome text\n---\n\nMore text\n\n---\n\n# Two\n';
    expect(titles(marp(body))).toEqual(['One', 'Two']);
  });

  it('does not break inside code, HTML blocks or lists', () => {
    const body = '# One\n\n```\n---\n```\n\n<div>\n\n</div>\n\n- item\n\n  ---\n\n---\n\n# Two\n';
    expect(titles(marp(body))).toEqual(['One', 'Two']);
  });

  it('headingDivider in the front matter splits before headings up to its level', () => {
    const body = '# Part\n\n## Section A\n\n- a\n\n### Detail\n\n- d\n\n## Section B\n\n- b\n';
    expect(titles(marp(body, 'headingDivider: 2\n'))).toEqual(['Part', 'Section A', 'Section B']);
    expect(titles(marp(body, 'headingDivider: 3\n'))).toEqual(['Part', 'Section A', 'Detail', 'Section B']);
    expect(titles(marp(body, 'headingDivider: [1, 3]\n'))).toEqual(['Part', 'Detail']);
  });

  it('headingDivider set by a comment directive applies to the whole deck; comments before the first heading are not content', () => {
    const body = '<!--\ntheme: gaia\nheadingDivider: 2\n-->\n\n# Title\n\n## First\n\n- x\n\n## Second\n\n- y\n';
    expect(titles(marp(body))).toEqual(['Title', 'First', 'Second']);
  });

  it('keeps the slides Marp makes that LECTRA cannot show yet (empty, HTML-only), with a warning', () => {
    const { deck, problems } = parseNotes(marp('# One\n\n---\n\n<div class="logo"></div>\n\n---\n\n# Three\n\n---\n'), { file: 'deck.md' });
    expect(deck.slides.map((s) => s.title)).toEqual(['One', '', 'Three', '']);
    expect(problems.filter((p) => p.severity === 'warning').map((p) => p.slide)).toEqual(expect.arrayContaining([2, 4]));
  });

  it('without marp: true the separators stay LECTRA\'s own (`---` lines), and headingDivider says how to get Marp\'s', () => {
    const { deck, problems } = parseNotes('---\nheadingDivider: 2\n---\n\n# One\n\n## Two\n\n***\n\nStill one\n\n---\n\n# Three\n', { file: 'deck.md' });
    expect(deck.slides.map((s) => s.title)).toEqual(['One', 'Three']);
    expect(problems.map((p) => p.message)).toContain('Marp `headingDivider` splits slides only in a Marp deck: add `marp: true` to the front matter, or separate slides with a `---` line.');
  });
});
