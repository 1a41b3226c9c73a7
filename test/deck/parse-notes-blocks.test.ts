import { describe, expect, it } from 'vitest';
import { parseNotes } from '../../src/deck/parse-notes.js';

// Constructs of real decks that the v1 model lost, each now a block (deck.json v2).

const first = (text: string) => parseNotes(`${text}\n\n---\n\n# End\n`).deck.slides[0]!;

describe('notes → blocks', () => {
  it('`:shortcode:` emoji become the emoji; `==marked==` text is kept as a highlight; emoticons stay as typed', () => {
    const slide = first('# Mood :tada:\n\nWe ==ship== it :rocket: today :)');
    expect(slide.title).toBe('Mood 🎉');
    expect(slide.blocks).toEqual([{ type: 'paragraph', text: 'We ==ship== it 🚀 today :)' }]);
  });

  it('task lists keep their check marks; ordered lists keep their first number', () => {
    const slide = first('# Tasks\n\n- [x] write\n- [ ] review\n\n3. third\n4. fourth');
    expect(slide.blocks).toEqual([
      { type: 'list', ordered: false, start: 1, items: [{ text: 'write', level: 0, checked: true }, { text: 'review', level: 0, checked: false }] },
      { type: 'list', ordered: true, start: 3, items: [{ text: 'third', level: 0 }, { text: 'fourth', level: 0 }] },
    ]);
  });

  it('a quote, with its last "— who" line as the citation', () => {
    const slide = first('# Q\n\n> Simplicity is prerequisite for reliability.\n>\n> — Edsger Dijkstra');
    expect(slide.blocks).toEqual([{ type: 'quote', text: 'Simplicity is prerequisite for reliability.', cite: 'Edsger Dijkstra' }]);
  });

  it('a code block inside a list item sits between the list parts, numbering carried on', () => {
    const slide = first('# Steps\n\n1. Install\n\n   ```sh\n   npm i\n   ```\n\n2. Run');
    expect(slide.blocks).toEqual([
      { type: 'list', ordered: true, start: 1, items: [{ text: 'Install', level: 0 }] },
      { type: 'code', lang: 'sh', text: 'npm i' },
      { type: 'list', ordered: true, start: 2, items: [{ text: 'Run', level: 0 }] },
    ]);
  });

  it('Marp image keywords: bg, bg left:40%, bg contain, w:300, h:200px', () => {
    const { deck } = parseNotes(
      '---\nmarp: true\n---\n\n# A\n\n![bg](a.jpg)\n\n---\n\n# B\n\n![bg left:40%](b.jpg)\n\n---\n\n# C\n\n![bg contain](c.jpg)\n\n---\n\n# D\n\n![w:300](d.png) ![A chart h:200px](e.png)\n',
    );
    expect(deck.slides.map((s) => s.blocks)).toEqual([
      [{ type: 'image', src: 'a.jpg', alt: '', position: 'background', fit: 'cover' }],
      [{ type: 'image', src: 'b.jpg', alt: '', position: 'left', share: 0.4, fit: 'cover' }],
      [{ type: 'image', src: 'c.jpg', alt: '', position: 'background', fit: 'contain' }],
      [
        { type: 'image', src: 'd.png', alt: '', position: 'auto', fit: 'contain', width: 300 },
        { type: 'image', src: 'e.png', alt: 'A chart', position: 'auto', fit: 'contain', height: 200 },
      ],
    ]);
  });

  it('Marp header, footer and paginate from the front matter, `_`-prefixed ones for one slide only', () => {
    const { deck } = parseNotes('---\nmarp: true\npaginate: true\nfooter: Course 101\n---\n\n# One\n\n---\n\n<!-- _paginate: false -->\n<!-- _header: Part **2** -->\n\n# Two\n\n---\n\n# Three\n');
    expect(deck.slides.map((s) => s.style)).toEqual([
      { class: [], footer: 'Course 101', paginate: true },
      { class: [], header: 'Part **2**', footer: 'Course 101', paginate: false },
      { class: [], footer: 'Course 101', paginate: true },
    ]);
  });

  it('Marp `backgroundImage: url(…)` becomes a background picture', () => {
    const { deck } = parseNotes("---\nmarp: true\nbackgroundImage: url('paper.png')\n---\n\n# One\n");
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'image', src: 'paper.png', alt: '', position: 'background', fit: 'cover' }]);
  });

  it('plain notes without `---` are split at each # and ## heading, with a warning saying so', () => {
    const { deck, problems } = parseNotes('# Lecture\n\nIntro text.\n\n## First part\n\nSome prose.\n\n### A detail\n\nMore.\n\n## Second part\n\nThe end.\n');
    expect(deck.slides.map((s) => s.title)).toEqual(['Lecture', 'First part', 'Second part']);
    expect(deck.slides[1]!.blocks).toEqual([
      { type: 'paragraph', text: 'Some prose.' },
      { type: 'heading', level: 3, text: 'A detail' },
      { type: 'paragraph', text: 'More.' },
    ]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', line: 1, message: expect.stringContaining('no `---` slide breaks') })]);
  });

  it('reference links and pictures resolve from definitions anywhere in the file (Marp decks put them at the end)', () => {
    const { deck } = parseNotes('---\nmarp: true\n---\n\n# A\n\n[Link to the course][course]\n\n![bg opacity:0.1][illustration]\n\n---\n\n# Sources\n\n[course]: https://example.com/course\n[illustration]: ./images/cover.jpg\n');
    expect(deck.slides[0]!.blocks).toEqual([
      { type: 'paragraph', text: '[Link to the course](https://example.com/course)' },
      { type: 'image', src: './images/cover.jpg', alt: '', position: 'background', fit: 'cover' },
    ]);
  });

  it('HTML title slides keep their words: <div><h1>…</h1><p>…</p></div>', () => {
    const slide = first('<div class="title">\n<h1>Intro to Git</h1>\n<p>by <b>Ada</b></p>\n</div>');
    expect(slide.title).toBe('Intro to Git');
    expect(slide.blocks).toEqual([{ type: 'paragraph', text: 'by **Ada**' }]);
  });

  it('Markdown inside a styling wrapper (`<div class>` then a fence, no blank lines) is read as Markdown', () => {
    const slide = first('# Cron\n\n<div class="larger-code">\n```sh\n00 14 * * 1-5 cron.sh\n```\n</div>');
    expect(slide.blocks).toEqual([{ type: 'code', lang: 'sh', text: '00 14 * * 1-5 cron.sh' }]);
  });

  it('<style> blocks are theme CSS: dropped without a warning', () => {
    const { deck, problems } = parseNotes('# S\n\n<style scoped>\nh1 { color: red; }\n</style>\n\nText\n\n---\n\n# E\n');
    expect(deck.slides[0]!.blocks).toEqual([{ type: 'paragraph', text: 'Text' }]);
    expect(problems).toEqual([]);
  });
});
