import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, saveDeck } from '../../src/deck/deck-file.js';
import type { Deck, Slide } from '../../src/deck/schema.js';

/** The src of each picture of a slide, in block order (hand-written reader, not the code under test). */
const pictures = (slide: Slide): string[] => slide.blocks.flatMap((b) => (b.type === 'image' ? [b.src] : []));
import { LectraError } from '../../src/errors.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/notes');
const fixture = (name: string): string => path.join(FIXTURES, name);

async function loadError(file: string): Promise<LectraError> {
  const error = await loadDeck(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LectraError);
  return error as LectraError;
}

/** CRC-32 (IEEE), as PNG chunks carry it. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A PNG's signature, IHDR and an empty IEND: enough for its size to be read, however large it claims to be. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(0)), chunk('IEND', Buffer.alloc(0))]);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lectra-deck-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadDeck: notes', () => {
  it('parses Markdown and resolves images to absolute paths next to the notes', async () => {
    const loaded = await loadDeck(fixture('all-constructs.md'));
    expect(loaded.file).toBe(fixture('all-constructs.md'));
    expect(loaded.baseDir).toBe(FIXTURES);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.deck.slides).toHaveLength(7);
    expect(pictures(loaded.deck.slides[4]!)).toEqual([path.join(FIXTURES, 'images/leaf.png')]);
    expect(pictures(loaded.deck.slides[5]!)).toEqual([path.join(FIXTURES, 'images/leaf.png')]);
  });

  it('returns notes warnings as file:line strings', async () => {
    const loaded = await loadDeck(fixture('problems.md'));
    expect(loaded.warnings[0]).toMatch(/problems\.md:6: warning: slide 1: a list is nested more than three levels/);
  });

  it('leaves http(s) and data URLs alone and finds percent-encoded paths', async () => {
    const notes = path.join(dir, 'urls.md');
    await mkdir(path.join(dir, 'pics'), { recursive: true });
    await copyFile(fixture('images/leaf.png'), path.join(dir, 'pics', 'my leaf.png'));
    await writeFile(notes, '# A\n\n![x](https://example.com/a.png)\n\n---\n\n# B\n\n![y](pics/my%20leaf.png)\n\n---\n\n# C\n\n![z](<pics/my leaf.png>)\n');
    const loaded = await loadDeck(notes);
    expect(loaded.deck.slides.map(pictures)).toEqual([['https://example.com/a.png'], [path.join(dir, 'pics', 'my leaf.png')], [path.join(dir, 'pics', 'my leaf.png')]]);
  });

  it('finds Slidev `/public` pictures in the public folder beside the notes', async () => {
    const deckDir = path.join(dir, 'slidev');
    await mkdir(path.join(deckDir, 'public'), { recursive: true });
    await copyFile(fixture('images/leaf.png'), path.join(deckDir, 'public', 'leaf.png'));
    await writeFile(path.join(deckDir, 'slides.md'), '# A\n\n![leaf](/leaf.png)\n');
    const loaded = await loadDeck(path.join(deckDir, 'slides.md'));
    expect(loaded.deck.slides.map(pictures)).toEqual([[path.join(deckDir, 'public', 'leaf.png')]]);
    expect(loaded.warnings).toEqual([]);
  });

  it('reads UTF-16 notes with a BOM', async () => {
    const notes = path.join(dir, 'utf16.md');
    await writeFile(notes, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Café\n\n- déjà vu\n', 'utf16le')]));
    const loaded = await loadDeck(notes);
    expect(loaded.deck.slides[0]!.title).toBe('Café');
  });

  it('reads Windows-1252 notes with a warning', async () => {
    const notes = path.join(dir, 'latin.md');
    await writeFile(notes, Buffer.from('# Caf\xe9\n', 'latin1'));
    const loaded = await loadDeck(notes);
    expect(loaded.deck.slides[0]!.title).toBe('Café');
    expect(loaded.warnings[0]).toContain('not UTF-8');
  });
});

describe('loadDeck: bad input', () => {
  it('missing file → file-not-found, suggesting to check the path', async () => {
    const error = await loadError(path.join(dir, 'nope.md'));
    expect(error.code).toBe('file-not-found');
    expect(error.message).toContain('nope.md was not found');
    expect(error.message).toContain('check the path');
  });

  it('a folder → bad-input', async () => {
    const error = await loadError(FIXTURES);
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('is a folder');
  });

  it('unsupported extension → bad-input listing the supported ones', async () => {
    const error = await loadError(fixture('notes.txt'));
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('notes.txt');
    expect(error.message).toContain('.md, .markdown');
    expect(error.message).toContain('.json');
  });

  it('empty file → empty-input naming the file', async () => {
    const error = await loadError(fixture('empty.md'));
    expect(error.code).toBe('empty-input');
    expect(error.message).toContain('empty.md is empty');
  });

  it('only front matter → empty-input', async () => {
    const error = await loadError(fixture('only-front-matter.md'));
    expect(error.code).toBe('empty-input');
    expect(error.message).toContain('no slides');
  });

  it('binary file → binary-input', async () => {
    const error = await loadError(fixture('binary.md'));
    expect(error.code).toBe('binary-input');
    expect(error.message).toContain('binary.md');
  });

  it('bad YAML → bad-yaml with the line', async () => {
    const error = await loadError(fixture('bad-yaml.md'));
    expect(error.code).toBe('bad-yaml');
    expect(error.message).toMatch(/bad-yaml\.md:\d+: the front matter is not valid YAML/);
  });

  it('a missing image → the slide without it, and a warning naming the file, line, slide and path tried', async () => {
    const loaded = await loadDeck(fixture('missing-image.md'));
    expect(loaded.deck.slides.map(pictures)).toEqual([[], []]);
    expect(loaded.warnings).toHaveLength(1);
    const warning = loaded.warnings[0]!;
    expect(warning).toMatch(/missing-image\.md:\d+: warning: slide 2: image "images\/does-not-exist\.png" was not found/);
    expect(warning).toContain(path.join(FIXTURES, 'images/does-not-exist.png'));
    expect(warning).toContain('shown without it');
    const line = Number(/missing-image\.md:(\d+):/.exec(warning)![1]);
    expect((await readFile(fixture('missing-image.md'), 'utf8')).split('\n')[line - 1]).toContain('does-not-exist.png');
  });

  it('an image of more pixels than LECTRA decodes → left out, with the size, the limit, the slide and line', async () => {
    const notes = path.join(dir, 'huge-image.md');
    await writeFile(path.join(dir, 'huge.png'), pngHeader(20_000, 20_000));
    await writeFile(notes, '# One\n\n- a point\n\n---\n\n# Two\n\n![A huge map](huge.png)\n');
    const loaded = await loadDeck(notes);
    expect(loaded.deck.slides.map(pictures)).toEqual([[], []]);
    expect(loaded.warnings).toEqual([
      `${notes}:9: warning: slide 2: image "huge.png" is 20000×20000 pixels (400 megapixels), more than the 268 megapixels (16383×16383) LECTRA reads: scale it down (slides are drawn at 1920×1080), so the slide is shown without it.`,
    ]);
  });

  it('a file that is not a picture → left out with a warning naming the slide, not "is it a PNG?"', async () => {
    const notes = path.join(dir, 'fake-image.md');
    await writeFile(path.join(dir, 'fake.png'), 'this is text, not a picture');
    await writeFile(notes, '# One\n\n![fake](fake.png)\n');
    const loaded = await loadDeck(notes);
    expect(loaded.warnings).toEqual([`${notes}:3: warning: slide 1: image "fake.png" is not a picture LECTRA can read: use a PNG, JPEG, WebP, GIF or SVG file, so the slide is shown without it.`]);
  });

  it('deck.json failing the schema → bad-deck with the field path', async () => {
    const error = await loadError(fixture('bad-deck.json'));
    expect(error.code).toBe('bad-deck');
    expect(error.message).toContain('bad-deck.json');
    expect(error.field).toBe('slides[1].bullets[0].text');
    expect(error.details.join('\n')).toContain('slides[1].bullets[0].text (slide 2)');
  });

  it('deck.json with a syntax error → bad-deck with line and column', async () => {
    const error = await loadError(fixture('bad-syntax.json'));
    expect(error.code).toBe('bad-deck');
    expect(error.message).toMatch(/^.*bad-syntax\.json:6:5: not valid JSON/);
  });

  it('finds the line and column even when JSON.parse gives no position', async () => {
    const file = path.join(dir, 'token.json');
    await writeFile(file, '{\n  "version": 1,\n  "title": tru\n}\n');
    const error = await loadError(file);
    expect(error.code).toBe('bad-deck');
    expect(error.message).toMatch(/token\.json:3:\d+: not valid JSON/);
  });

  it('empty deck.json → empty-input', async () => {
    const file = path.join(dir, 'empty.json');
    await writeFile(file, '\n');
    expect((await loadError(file)).code).toBe('empty-input');
  });
});

describe('saveDeck', () => {
  const deck: Deck = {
    version: 2,
    title: 'Round trip — “ünïcode”',
    lang: 'fr',
    theme: 'dark',
    rate: 1.2,
    slides: [
      { title: 'One', blocks: [{ type: 'list', ordered: true, start: 1, items: [{ text: '**bold** point', level: 0 }, { text: 'child', level: 1 }] }], narration: 'Bonjour.' },
      { title: 'Two', blocks: [{ type: 'code', lang: 'py', text: 'print(1)' }, { type: 'table', header: ['a', 'b'], align: [], rows: [['1', '2']] }], style: { class: ['invert'], footer: 'Foot' }, narration: '' },
    ],
  };

  it('round-trips through loadDeck', async () => {
    const file = path.join(dir, 'out', 'deck.json');
    await saveDeck(deck, file);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('\n  "version": 2,');
    expect(text.endsWith('\n')).toBe(true);
    expect((await loadDeck(file)).deck).toEqual(deck);
    expect(await readdir(path.dirname(file))).toEqual(['deck.json']);
  });

  it('round-trips a deck loaded from notes (absolute image paths)', async () => {
    const loaded = await loadDeck(fixture('all-constructs.md'));
    const file = path.join(dir, 'from-notes.json');
    await saveDeck(loaded.deck, file);
    expect((await loadDeck(file)).deck).toEqual(loaded.deck);
  });

  it('loads a version 1 deck.json, migrated to blocks with nothing lost', async () => {
    const file = path.join(dir, 'v1.json');
    const v1 = {
      version: 1,
      title: 'Old',
      slides: [
        { title: 'Cover', subtitle: 'Sub' },
        { title: 'Points', layout: 'bullets-image', ordered: true, bullets: [{ text: 'one', children: ['one a'] }, { text: 'two' }], image: { src: 'https://example.com/p.png', alt: 'P' }, narration: 'Said.' },
        { title: 'Code', layout: 'code', code: { lang: 'js', text: 'x()' }, notes: 'n' },
      ],
    };
    await writeFile(file, JSON.stringify(v1));
    const { deck: migrated } = await loadDeck(file);
    expect(migrated.version).toBe(2);
    expect(migrated.slides).toEqual([
      { title: 'Cover', subtitle: 'Sub', blocks: [], narration: '' },
      {
        layout: 'content',
        title: 'Points',
        blocks: [
          { type: 'list', ordered: true, start: 1, items: [{ text: 'one', level: 0 }, { text: 'one a', level: 1 }, { text: 'two', level: 0 }] },
          { type: 'image', src: 'https://example.com/p.png', alt: 'P', position: 'auto' },
        ],
        narration: 'Said.',
      },
      { layout: 'content', title: 'Code', blocks: [{ type: 'code', lang: 'js', text: 'x()' }], narration: '', notes: 'n' },
    ]);
  });

  it('refuses an invalid deck without writing anything', async () => {
    const file = path.join(dir, 'invalid.json');
    const bad = { ...deck, slides: [] } as Deck;
    await expect(saveDeck(bad, file)).rejects.toMatchObject({ code: 'bad-deck' });
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
