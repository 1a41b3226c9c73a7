import { describe, expect, it } from 'vitest';
import { layoutDeck, layoutSlide } from '../../src/layout/layout-slide.js';
import { getTheme, THEMES } from '../../src/layout/themes.js';
import type { ImageBox, RectBox, SlideLayout } from '../../src/layout/types.js';
import { boxText, expectFits, expectNoOverlap, makeDeck, textBoxes } from './helpers.js';

const IMG = '/abs/photo.jpg';
const long300 =
  'Machine learning models in radiology can flag suspicious findings on chest X-rays within seconds, ' +
  'prioritising urgent cases for review, but they must be validated on data from many hospitals because ' +
  'scanners, protocols and patient populations differ in ways that quietly degrade accuracy over time and across sites.';

function layoutsOf(slides: Parameters<typeof makeDeck>[0], images?: Map<string, { width: number; height: number }>): SlideLayout[] {
  return layoutDeck(makeDeck(slides), { images });
}

function check(layouts: SlideLayout[]): void {
  for (const l of layouts) {
    expectFits(l);
    expectNoOverlap(l);
  }
}

describe('layoutSlide: nothing overflows', () => {
  it('a 300-character bullet', () => {
    expect(long300.length).toBeGreaterThanOrEqual(300);
    const [, l] = layoutsOf([{ title: 'Intro' }, { title: 'One long point', bullets: [{ text: long300 }] }]);
    check([l]);
    const bullets = textBoxes(l).filter((b) => b.role === 'bullet');
    expect(bullets).toHaveLength(1);
    expect(bullets[0].lines.length).toBeGreaterThan(1);
    expect(boxText(bullets[0])).toBe(long300); // wrapped, not cut
  });

  it('12 bullets with sub-bullets', () => {
    const bullets = Array.from({ length: 12 }, (_, i) => ({ text: `Point number ${i + 1} about **something** important`, children: i % 4 === 0 ? ['a detail'] : [] }));
    const [l] = layoutsOf([{ title: 'Many points', bullets, layout: 'bullets' }]);
    check([l]);
    const boxes = textBoxes(l).filter((b) => b.role === 'bullet');
    expect(new Set(boxes.map((b) => b.fontSize)).size).toBeLessThanOrEqual(2);
    // Bullets are in reading order, top to bottom.
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].y).toBeGreaterThan(boxes[i - 1].y);
  });

  it('far too much text for one slide: what fits is drawn at the smallest size and the rest is named in `cut`, never overflowing', () => {
    const bullets = Array.from({ length: 30 }, () => ({ text: long300 }));
    const [l] = layoutsOf([{ title: 'Overfull', bullets, layout: 'bullets' }]);
    check([l]);
    const boxes = textBoxes(l).filter((b) => b.role === 'bullet');
    expect(boxes.length).toBeLessThan(30);
    expect(boxes.every((b) => b.fontSize === 14)).toBe(true);
    // Whole items are drawn (none cut mid-way); the layout says how many are left for the warning.
    for (const box of boxes) expect(boxText(box)).toBe(long300);
    expect(l.cut).toEqual([`${30 - boxes.length} of 30 list items`]);
  });

  it('a 40-line code block, indentation kept, lines not re-flowed', () => {
    const code = Array.from({ length: 40 }, (_, i) => `${'    '.repeat(i % 3)}const value${i} = compute(${i}); // step ${i}`).join('\n');
    const [l] = layoutsOf([{ title: 'Code', code: { lang: 'ts', text: code } }]);
    check([l]);
    const box = textBoxes(l).find((b) => b.role === 'code');
    expect(box?.font).toBe('mono');
    const lines = box?.lines.map((x) => x.runs.map((r) => r.text).join('')) ?? [];
    expect(lines[1].startsWith('    const value1')).toBe(true);
    expect(lines[2].startsWith('        const value2')).toBe(true);
    const rect = l.boxes.find((b): b is RectBox => b.kind === 'rect' && b.role === 'code-background');
    expect(rect).toBeDefined();
    expect(box!.x).toBeGreaterThan(rect!.x);
    expect(box!.y + box!.h).toBeLessThanOrEqual(rect!.y + rect!.h + 1e-9);
  });

  it('a code line far too wide is hard-wrapped at the smallest size', () => {
    const code = `x = "${'a'.repeat(400)}"\n    indented()`;
    const [l] = layoutsOf([{ title: 'Wide', code: { text: code } }]);
    check([l]);
    const box = textBoxes(l).find((b) => b.role === 'code')!;
    expect(box.fontSize).toBe(11);
    expect(box.lines.map((x) => x.runs.map((r) => r.text).join('')).join('')).toBe(code.replace('\n', ''));
  });

  it('a long title and a CJK title', () => {
    const layouts = layoutsOf([
      { title: 'A remarkably long slide title that keeps going well past the width of a single line on the slide and then some more words' },
      { title: 'Why **this** matters: ' + 'a very long heading '.repeat(12), bullets: [{ text: 'point' }] },
      { title: '人工智能在医疗中的应用：从影像诊断到药物发现的全面综述与未来展望以及更多更多的内容', bullets: [{ text: '医学影像 **诊断**' }] },
    ]);
    check(layouts);
    const cjkTitle = textBoxes(layouts[2]).find((b) => b.role === 'title')!;
    expect(cjkTitle.fontSize).toBeGreaterThanOrEqual(24);
    const longTitle = textBoxes(layouts[1]).find((b) => b.role === 'title')!;
    expect(boxText(longTitle).endsWith('…')).toBe(true);
  });
});

describe('layoutSlide: layouts', () => {
  it('title slide: centred title and subtitle, accent rule, no footer', () => {
    const [l] = layoutsOf([{ title: 'AI in Healthcare', subtitle: 'A short course' }]);
    expect(l.kind).toBe('title');
    check([l]);
    const roles = textBoxes(l).map((b) => b.role);
    expect(roles).toContain('title');
    expect(roles).toContain('subtitle');
    expect(roles).not.toContain('footer');
    expect(l.boxes.some((b) => b.kind === 'rect' && b.role === 'accent')).toBe(true);
    for (const b of textBoxes(l)) expect(b.align).toBe('center');
  });

  it('bullets: markers, indents, ordered numbers, a footer with the slide number', () => {
    const [, l] = layoutsOf([
      { title: 'Intro' },
      { title: 'Steps', ordered: true, bullets: [{ text: 'first', children: ['detail'] }, { text: 'second' }] },
    ]);
    check([l]);
    const bullets = textBoxes(l).filter((b) => b.role === 'bullet');
    expect(bullets.map((b) => b.marker?.text)).toEqual(['1.', '–', '2.']);
    expect(bullets.map((b) => b.level)).toEqual([0, 1, 0]);
    expect(bullets.map((b) => b.bulletIndex)).toEqual([0, 0, 1]);
    expect(bullets[1].x).toBeCloseTo(bullets[0].x + bullets[0].indent, 10);
    for (const b of bullets) expect(b.indent).toBeGreaterThan(0);
    const footer = textBoxes(l).filter((b) => b.role === 'footer');
    expect(footer.map(boxText)).toContain('2');
  });

  it('two bullets are spread out, not crammed under the title', () => {
    const [l] = layoutsOf([{ title: 'Two', bullets: [{ text: 'first' }, { text: 'second' }], layout: 'bullets' }]);
    const [a, b] = textBoxes(l).filter((x) => x.role === 'bullet');
    const title = textBoxes(l).find((x) => x.role === 'title')!;
    const gap = b.y - (a.y + a.h);
    expect(gap).toBeGreaterThan(0.3);
    expect(a.y - (title.y + title.h)).toBeGreaterThan(0.6);
  });

  it('bullets-image: text left, image right, aspect ratio kept', () => {
    const images = new Map([[IMG, { width: 1600, height: 900 }]]);
    const [l] = layoutsOf([{ title: 'Pic', bullets: [{ text: 'left side text' }], image: { src: IMG } }], images);
    expect(l.kind).toBe('content');
    check([l]);
    const img = l.boxes.find((b): b is ImageBox => b.kind === 'image')!;
    expect(img.path).toBe(IMG);
    expect(Math.abs(img.w / img.h / (16 / 9) - 1)).toBeLessThan(0.005);
    for (const t of textBoxes(l).filter((b) => b.role === 'bullet')) expect(t.x + t.w).toBeLessThanOrEqual(img.x);
  });

  it('image slides: with a title, without one, portrait, unknown size (4:3)', () => {
    const images = new Map([
      [IMG, { width: 600, height: 1200 }],
      ['/abs/wide.png', { width: 3000, height: 1000 }],
    ]);
    const layouts = layoutsOf(
      [
        { title: 'Portrait', image: { src: IMG } },
        { image: { src: '/abs/wide.png' } },
        { title: 'Unknown', image: { src: '/abs/unknown.png' } },
      ],
      images,
    );
    check(layouts);
    const ratio = (l: SlideLayout): number => {
      const img = l.boxes.find((b): b is ImageBox => b.kind === 'image')!;
      return img.w / img.h;
    };
    expect(Math.abs(ratio(layouts[0]) / 0.5 - 1)).toBeLessThan(0.005);
    expect(Math.abs(ratio(layouts[1]) / 3 - 1)).toBeLessThan(0.005);
    expect(Math.abs(ratio(layouts[2]) / (4 / 3) - 1)).toBeLessThan(0.005);
    expect(textBoxes(layouts[1]).some((b) => b.role === 'title')).toBe(false);
    // Without a title the image gets the room the title would have taken.
    const big = layouts[1].boxes.find((b): b is ImageBox => b.kind === 'image')!;
    expect(big.w).toBeGreaterThan(11.5);
  });

  it('themes: colours come from the deck theme', () => {
    const [l] = layoutDeck(makeDeck([{ title: 'Dark', bullets: [{ text: 'x' }] }], { theme: 'dark' }));
    expect(l.background).toBe(THEMES.dark.background);
    expect(textBoxes(l).find((b) => b.role === 'title')?.color).toBe(THEMES.dark.title);
    expect(() => getTheme('neon' as never)).toThrow(/Unknown theme/);
  });

  it('layoutSlide and layoutDeck agree', () => {
    const deck = makeDeck([{ title: 'A' }, { title: 'B', bullets: [{ text: 'b' }] }]);
    expect(layoutSlide(deck.slides[1], 1, deck, {})).toEqual(layoutDeck(deck)[1]);
  });
});
