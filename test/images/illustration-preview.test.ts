import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { generateIllustration } from '../../src/images/generate-illustration.js';

/** Writes sample illustrations to test/.tmp/ for a person to look at (the file is gitignored). */
const SAMPLES: Array<[string, string[], 'light' | 'dark']> = [
  ['AI in Healthcare', ['healthcare', 'diagnosis'], 'light'],
  ['Photosynthesis', ['leaf', 'sunlight', 'chlorophyll'], 'dark'],
  ['Quarterly Outlook', ['zzyzx', 'quux'], 'light'],
  ['The Roman Senate', ['empire', 'senate'], 'dark'],
  ['Reaching Orbit', ['rocket', 'launch'], 'light'],
  ['Sales Analytics', ['data', 'chart'], 'dark'],
];

test('writes preview illustrations', async () => {
  const dir = path.resolve('test/.tmp/illustrations');
  await mkdir(dir, { recursive: true });
  for (const [index, [title, keywords, theme]] of SAMPLES.entries()) {
    const png = await generateIllustration({ title, keywords, theme, width: 1200, height: 900 });
    await writeFile(path.join(dir, `sample-${index}.png`), png);
    expect(png.length).toBeGreaterThan(1000);
  }
});
