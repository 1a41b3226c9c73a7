import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { generateIllustration } from '../../src/images/generate-illustration.js';
import { pickIcon } from '../../src/images/illustration/pick-icon.js';

function decode(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/** Distinct colours after dropping the low bits, so gradients do not inflate the count. */
function distinctColours(png: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4 * 7) seen.add(((png.data[i]! >> 3) << 10) | ((png.data[i + 1]! >> 3) << 5) | (png.data[i + 2]! >> 3));
  return seen.size;
}

describe('generateIllustration', () => {
  const request = { title: 'AI in Healthcare', keywords: ['healthcare', 'diagnosis'], theme: 'light' as const, width: 800, height: 600 };

  test('draws a real picture of the requested size, never a flat box', async () => {
    const png = decode(await generateIllustration(request));
    expect([png.width, png.height]).toEqual([800, 600]);
    expect(distinctColours(png)).toBeGreaterThan(50);
  });

  test('the same input gives the same bytes', async () => {
    const a = await generateIllustration(request);
    const b = await generateIllustration({ ...request, keywords: [...request.keywords] });
    expect(a.equals(b)).toBe(true);
  });

  test('different keywords give different pictures, with or without a matching icon', async () => {
    const pictures = await Promise.all([
      generateIllustration(request),
      generateIllustration({ ...request, title: 'Rockets', keywords: ['rocket', 'launch'] }),
      generateIllustration({ ...request, title: 'Quarterly outlook', keywords: ['zzyzx'] }),
      generateIllustration({ ...request, title: 'Quarterly outlook', keywords: ['quux'] }),
    ]);
    for (let i = 0; i < pictures.length; i++) for (let j = i + 1; j < pictures.length; j++) expect(pictures[i]!.equals(pictures[j]!)).toBe(false);
    for (const picture of pictures) expect(distinctColours(decode(picture))).toBeGreaterThan(50);
  });

  test('follows the theme: a dark deck gets a dark picture', async () => {
    const mean = (png: PNG): number => {
      let sum = 0;
      for (let i = 0; i < png.data.length; i += 4) sum += png.data[i]! + png.data[i + 1]! + png.data[i + 2]!;
      return sum / (png.data.length / 4) / 3;
    };
    const light = mean(decode(await generateIllustration(request)));
    const dark = mean(decode(await generateIllustration({ ...request, theme: 'dark' })));
    expect(light).toBeGreaterThan(170);
    expect(dark).toBeLessThan(90);
  });

  test('accepts explicit theme colours and any aspect ratio', async () => {
    const png = decode(await generateIllustration({ ...request, theme: { background: '#FFF7ED', accent: '#EA580C', text: '#431407' }, width: 400, height: 900 }));
    expect([png.width, png.height]).toEqual([400, 900]);
  });
});

describe('pickIcon', () => {
  test.each([
    [['photosynthesis'], '', 'leaf'],
    [['healthcare'], 'AI in Healthcare', 'medical'],
    [[], 'Machine learning basics', 'robot'],
    [['dna', 'genes'], '', 'dna'],
    [['budget'], 'Personal finance', 'money'],
    [['rockets'], '', 'rocket'],
    [[], 'The Python programming language', 'code'],
  ])('%j / %s → %s', (keywords, title, icon) => {
    expect(pickIcon(keywords, title)?.name).toBe(icon);
  });

  test('nothing fitting → undefined (the caller draws an abstract composition)', () => {
    expect(pickIcon(['zzyzx'], 'Quux')).toBeUndefined();
  });
});
