import { describe, expect, it } from 'vitest';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN, type ImageBox, type RectBox, type SlideLayout, type TableBox, type TextBox } from '../../src/layout/types.js';
import { boxText, expectFits, expectNoOverlap, makeDeck, textBoxes } from './helpers.js';

// The block layout engine (deck.json v2): every kind of block, placed as the author wrote them.

function layoutOf(slide: Parameters<typeof makeDeck>[0][number], images?: Map<string, { width: number; height: number }>, extra = {}): SlideLayout {
  const deck = makeDeck([{ title: 'Cover' }, slide], { title: 'Deck title', ...extra });
  return layoutSlide(deck.slides[1]!, 1, deck, { images });
}

const roles = (l: SlideLayout) => textBoxes(l).map((b) => b.role);
const table = (l: SlideLayout) => l.boxes.find((b): b is TableBox => b.kind === 'table');
const images = (l: SlideLayout) => l.boxes.filter((b): b is ImageBox => b.kind === 'image');
const rects = (l: SlideLayout, role: RectBox['role']) => l.boxes.filter((b): b is RectBox => b.kind === 'rect' && b.role === role);

describe('layoutSlide: blocks in reading order', () => {
  it('stacks a heading, a paragraph, a list and code top to bottom, the heading bold and larger than the text', () => {
    const l = layoutOf({
      title: 'Stack',
      blocks: [
        { type: 'heading', level: 2, text: 'Part one' },
        { type: 'paragraph', text: 'A paragraph of **plain** prose that explains the idea.' },
        { type: 'list', items: [{ text: 'first' }, { text: 'second' }] },
        { type: 'code', lang: 'js', text: 'run();' },
      ],
    });
    expectFits(l);
    expectNoOverlap(l);
    const boxes = textBoxes(l).filter((b) => b.role !== 'title' && b.role !== 'footer');
    expect(boxes.map((b) => b.role)).toEqual(['heading', 'paragraph', 'bullet', 'bullet', 'code']);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.y).toBeGreaterThan(boxes[i - 1]!.y);
    const [heading, paragraph] = boxes;
    expect(heading!.bold).toBe(true);
    expect(heading!.fontSize).toBeGreaterThan(paragraph!.fontSize);
    expect(boxes.map((b) => b.block)).toEqual([0, 1, 2, 2, 3]);
    expect(boxText(paragraph!)).toBe('A paragraph of plain prose that explains the idea.');
  });

  it('a table is one table box: a column per header cell, widths from content, the header row first', () => {
    const l = layoutOf({
      title: 'Planets',
      blocks: [{ type: 'table', header: ['Planet', 'Distance from the Sun (million km)', 'Moons'], align: ['left', 'right', 'center'], rows: [['Mercury', '58', '0'], ['Earth', '150', '1']] }],
    });
    expectFits(l);
    const t = table(l)!;
    expect(t).toBeDefined();
    expect(t.columns).toHaveLength(3);
    expect(t.columns.reduce((a, b) => a + b, 0)).toBeCloseTo(t.w, 6);
    // The long header gets the widest column; the short one the narrowest.
    expect(t.columns[1]!).toBeGreaterThan(t.columns[0]!);
    expect(t.columns[2]!).toBeLessThan(t.columns[0]!);
    expect(t.rows.map((r) => r.header)).toEqual([true, false, false]);
    expect(t.rows.map((r) => r.cells.map((c) => c.lines.map((line) => line.runs.map((run) => run.text).join('')).join(' ')))).toEqual([
      ['Planet', 'Distance from the Sun (million km)', 'Moons'],
      ['Mercury', '58', '0'],
      ['Earth', '150', '1'],
    ]);
    expect(t.rows[1]!.cells.map((c) => c.align)).toEqual(['left', 'right', 'center']);
    expect(t.rows.reduce((a, r) => a + r.h, 0)).toBeCloseTo(t.h, 6);
  });

  it('columns sit side by side at the same top', () => {
    const l = layoutOf({
      title: 'Compare',
      blocks: [{ type: 'columns', columns: [[{ type: 'paragraph', text: 'Left column text' }], [{ type: 'paragraph', text: 'Right column text' }]] }],
    });
    expectFits(l);
    expectNoOverlap(l);
    const [left, right] = textBoxes(l).filter((b) => b.role === 'paragraph');
    expect(left!.y).toBeCloseTo(right!.y, 6);
    expect(left!.x + left!.w).toBeLessThan(right!.x);
  });

  it('a quote has its accent bar and italic text; a link is drawn in the accent colour; ==marked== text gets the highlight colour', () => {
    const l = layoutOf({
      title: 'Words',
      blocks: [
        { type: 'quote', text: 'Time and tide wait for no man.', cite: 'Proverb' },
        { type: 'paragraph', text: 'Read [the guide](https://example.com) and ==remember this==.' },
      ],
    });
    expectFits(l);
    expect(rects(l, 'quote-bar')).toHaveLength(1);
    const quote = textBoxes(l).find((b) => b.role === 'quote')!;
    expect(quote.lines.flatMap((line) => line.runs).every((run) => run.italic)).toBe(true);
    expect(boxText(quote)).toContain('— Proverb');
    const paragraph = textBoxes(l).find((b) => b.role === 'paragraph')!;
    const runs = paragraph.lines.flatMap((line) => line.runs);
    expect(runs.find((run) => run.text === 'the guide')).toMatchObject({ link: 'https://example.com', color: '#2563EB' });
    expect(runs.find((run) => run.text === 'remember this')).toMatchObject({ highlight: true });
    expect(paragraph.highlightColor).toBe('#FEF08A');
  });

  it('task items get check boxes; three levels get their own indents', () => {
    const l = layoutOf({
      title: 'Tasks',
      blocks: [{ type: 'list', items: [{ text: 'done', checked: true }, { text: 'to do', checked: false }, { text: 'deeper', level: 1 }, { text: 'deepest', level: 2 }] }],
    });
    const bullets = textBoxes(l).filter((b) => b.role === 'bullet');
    expect(bullets.map((b) => b.marker?.text)).toEqual(['☑', '☐', '–', '◦']);
    expect(bullets.map((b) => b.level)).toEqual([0, 0, 1, 2]);
    expect(bullets[3]!.x).toBeGreaterThan(bullets[2]!.x);
    expect(bullets[2]!.x).toBeGreaterThan(bullets[1]!.x);
  });
});

describe('layoutSlide: pictures', () => {
  const IMG = '/abs/photo.png';
  const sizes = new Map([[IMG, { width: 1600, height: 900 }]]);

  it('`right` with a share: the picture takes that share of the content width, the text the rest', () => {
    const l = layoutOf({ title: 'Side', blocks: [{ type: 'paragraph', text: 'Text on the left' }, { type: 'image', src: IMG, position: 'right', share: 0.3 }] }, sizes);
    expectFits(l);
    const [img] = images(l);
    const text = textBoxes(l).find((b) => b.role === 'paragraph')!;
    expect(text.x + text.w).toBeLessThan(img!.x);
    expect(img!.w).toBeLessThan(SLIDE_WIDTH_IN * 0.3);
    expect(img!.w / img!.h).toBeCloseTo(16 / 9, 3);
  });

  it('Marp `bg left` (cover): the picture fills the left edge of the slide, top to bottom, and the text moves right', () => {
    const l = layoutOf({ title: 'Split', blocks: [{ type: 'paragraph', text: 'Words' }, { type: 'image', src: IMG, position: 'left', share: 0.4, fit: 'cover' }] }, sizes);
    expectFits(l);
    const [img] = images(l);
    expect(img).toMatchObject({ x: 0, y: 0, h: SLIDE_HEIGHT_IN, fit: 'cover', natural: { width: 1600, height: 900 } });
    expect(img!.w).toBeCloseTo(SLIDE_WIDTH_IN * 0.4, 6);
    const title = textBoxes(l).find((b) => b.role === 'title')!;
    expect(title.x).toBeGreaterThan(img!.w);
  });

  it('a background picture covers the slide under a scrim, so the text on it keeps its contrast', () => {
    const l = layoutOf({ title: 'On a photo', blocks: [{ type: 'image', src: IMG, position: 'background' }, { type: 'paragraph', text: 'Readable' }] }, sizes);
    expectFits(l);
    expect(l.boxes[0]).toMatchObject({ kind: 'image', x: 0, y: 0, w: SLIDE_WIDTH_IN, h: SLIDE_HEIGHT_IN, fit: 'cover' });
    expect(l.boxes[1]).toMatchObject({ kind: 'rect', role: 'scrim', w: SLIDE_WIDTH_IN, h: SLIDE_HEIGHT_IN });
    expect((l.boxes[1] as RectBox).opacity).toBeGreaterThanOrEqual(0.7);
    expect(roles(l)).toContain('paragraph');
  });

  it('`w:300` (Marp pixels of a 1280-wide slide) keeps the ratio, in the flow', () => {
    const l = layoutOf({ title: 'Sized', blocks: [{ type: 'image', src: IMG, position: 'inline', width: 300 }, { type: 'paragraph', text: 'Under it' }] }, sizes);
    const [img] = images(l);
    expect(img!.w).toBeCloseTo(300 / 96, 6);
    expect(img!.h).toBeCloseTo(300 / 96 / (16 / 9), 6);
    const text = textBoxes(l).find((b) => b.role === 'paragraph')!;
    expect(text.y).toBeGreaterThan(img!.y + img!.h);
  });
});

describe('layoutSlide: slide style', () => {
  it('class invert swaps the theme; a background colour and a text colour apply', () => {
    const inverted = layoutOf({ title: 'Dark', style: { class: ['invert'] }, blocks: [{ type: 'paragraph', text: 'x' }] });
    expect(inverted.background).toBe('#0F172A');
    const coloured = layoutOf({ title: 'Own colours', style: { background: '#123', color: '#fafafa' }, blocks: [{ type: 'paragraph', text: 'x' }] });
    expect(coloured.background).toBe('#112233');
    expect(textBoxes(coloured).find((b) => b.role === 'paragraph')!.color).toBe('#FAFAFA');
  });

  it('class lead centres the slide', () => {
    const l = layoutOf({ title: 'Centred', style: { class: ['lead'] }, blocks: [{ type: 'paragraph', text: 'In the middle' }] });
    expect(l.kind).toBe('center');
    const p = textBoxes(l).find((b) => b.role === 'paragraph')!;
    expect(p.align).toBe('center');
    expect(p.y).toBeGreaterThan(2.5);
  });

  it('a header line at the top, a footer of its own, and no page number when paginate is false', () => {
    const l = layoutOf({ title: 'Styled', style: { header: 'Course **X**', footer: 'My footer', paginate: false }, blocks: [{ type: 'paragraph', text: 'Body' }] });
    expectFits(l);
    expectNoOverlap(l);
    const header = textBoxes(l).find((b) => b.role === 'header') as TextBox;
    expect(boxText(header)).toBe('Course X');
    expect(textBoxes(l).filter((b) => b.role === 'footer').map(boxText)).toEqual(['My footer']);
    const title = textBoxes(l).find((b) => b.role === 'title')!;
    expect(title.y).toBeGreaterThan(header.y + header.h);
  });

  it('by default a content slide shows the deck title and its number', () => {
    const l = layoutOf({ title: 'Plain', blocks: [{ type: 'paragraph', text: 'Body' }] });
    expect(textBoxes(l).filter((b) => b.role === 'footer').map(boxText)).toEqual(['Deck title', '2']);
  });
});
