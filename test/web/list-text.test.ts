import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/deck/schema.js';
import { listToText, slideListText, textToList, withListText } from '../../web/src/list-text.js';

const ITEMS = [
  { text: 'First **point**', level: 0 },
  { text: 'A sub-item', level: 1 },
  { text: 'A *deeper* task', level: 2, checked: true },
  { text: 'Open task', level: 1, checked: false },
  { text: 'Second point with `code`', level: 0 },
];

const TEXT = 'First **point**\n  A sub-item\n    [x] A *deeper* task\n  [ ] Open task\nSecond point with `code`';

describe('slide editor list text', () => {
  it('shows every item, sub-items indented two spaces a level, the text as written', () => {
    expect(listToText(ITEMS)).toBe(TEXT);
  });

  it('reads the text back to the same items', () => {
    expect(textToList(TEXT)).toEqual(ITEMS);
  });

  it('skips blank lines, reads tabs as two spaces and never nests more than one level at a time or deeper than 2', () => {
    expect(textToList('\n  Starts indented\n\n\tTabbed\n          Very deep\n   Three spaces  \nTop')).toEqual([
      { text: 'Starts indented', level: 0 },
      { text: 'Tabbed', level: 1 },
      { text: 'Very deep', level: 2 },
      { text: 'Three spaces', level: 1 },
      { text: 'Top', level: 0 },
    ]);
  });

  it('replaces only the first list, keeping its numbering and every other block', () => {
    const blocks: Block[] = [
      { type: 'paragraph', text: 'Before' },
      { type: 'list', ordered: true, start: 3, items: [{ text: 'Old', level: 0 }] },
      { type: 'list', ordered: false, start: 1, items: [{ text: 'Second list', level: 0 }] },
      { type: 'image', src: 'images/a.png', alt: 'A', position: 'auto', fit: 'contain' },
    ];
    expect(slideListText({ blocks })).toBe('Old');
    expect(withListText(blocks, 'New\n  Sub')).toEqual([
      { type: 'paragraph', text: 'Before' },
      { type: 'list', ordered: true, start: 3, items: [{ text: 'New', level: 0 }, { text: 'Sub', level: 1 }] },
      { type: 'list', ordered: false, start: 1, items: [{ text: 'Second list', level: 0 }] },
      { type: 'image', src: 'images/a.png', alt: 'A', position: 'auto', fit: 'contain' },
    ]);
    // Emptied: the list goes (a list needs an item); the others stay.
    expect(withListText(blocks, '  \n')).toEqual([blocks[0], blocks[2], blocks[3]]);
  });

  it('edits a list inside columns in place', () => {
    const blocks: Block[] = [
      {
        type: 'columns',
        columns: [[{ type: 'paragraph', text: 'Left' }], [{ type: 'heading', level: 3, text: 'Right' }, { type: 'list', ordered: false, start: 1, items: [{ text: 'In a column', level: 0 }] }]],
      },
    ];
    expect(slideListText({ blocks })).toBe('In a column');
    expect(withListText(blocks, 'Changed\n  Sub')).toEqual([
      {
        type: 'columns',
        columns: [
          [{ type: 'paragraph', text: 'Left' }],
          [{ type: 'heading', level: 3, text: 'Right' }, { type: 'list', ordered: false, start: 1, items: [{ text: 'Changed', level: 0 }, { text: 'Sub', level: 1 }] }],
        ],
      },
    ]);
  });

  it('adds a list after the other blocks when the slide has none and items are typed', () => {
    const blocks: Block[] = [{ type: 'code', lang: 'js', text: 'x()' }];
    expect(slideListText({ blocks })).toBe('');
    expect(withListText(blocks, '')).toEqual(blocks);
    expect(withListText(blocks, 'One\n  Two')).toEqual([
      { type: 'code', lang: 'js', text: 'x()' },
      { type: 'list', ordered: false, start: 1, items: [{ text: 'One', level: 0 }, { text: 'Two', level: 1 }] },
    ]);
  });
});
