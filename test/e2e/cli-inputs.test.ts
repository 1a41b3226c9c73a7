import { readFileSync } from 'node:fs';
/**
 * Issues 3 and 4 through the CLI: bad input (exit 2, a message naming the file, slide or field and
 * the fix, and nothing under a final name), --help/--version, --theme/--only, voices and
 * language, and FFmpeg missing or failing (exit 1).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeckJson } from '../support/read-deck-json.js';
import {
  EXAMPLE,
  FRENCH_EXAMPLE,
  ROOT,
  assertBuilt,
  decodePng,
  explain,
  listFiles,
  makeTempDir,
  meanLuminance,
  part,
  readJson,
  runCli,
  slideNumbers,
  unzip,
  removeCacheDir,
} from './helpers.js';

const FINAL_NAMES = ['deck.json', 'deck.pptx', 'lecture.mp4', 'lecture.srt', 'lecture.vtt', 'timings.json', 'audio/lecture.wav'];

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let inputs: string;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('cli');
  inputs = path.join(tmp.dir, 'inputs');
  await mkdir(inputs);
  const files: Record<string, string | Buffer> = {
    'empty.md': '',
    'only-front-matter.md': '---\ntitle: Nothing here\nlang: en\n---\n',
    'binary.md': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    'bad-yaml.md': '---\ntitle: [unclosed\nlang: en\n---\n\n# A slide\n',
    'bad-schema.json': JSON.stringify({ version: 1, title: 'Bad', lang: 'en', slides: [{ title: 'Fine', narration: 'ok' }, { title: 42, narration: 'ok' }] }, null, 2),
    'bad-syntax.json': '{\n  "version": 1,\n  "title": "x"\n  "slides": []\n}\n',
    'missing-image.md': '# One\n\n- a point\n\n---\n\n# Two\n\n![A chart](pictures/nowhere.png)\n',
  };
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(inputs, name), content);
});

afterAll(async () => {
  await tmp?.cleanup();
  await removeCacheDir();
});

interface BadCase {
  name: string;
  file: string;
  /** What stderr must say: the file, the place, the fix. */
  says: RegExp[];
  /** Extra options. */
  args?: string[];
}

const BAD_INPUTS: BadCase[] = [
  { name: 'a missing file', file: 'not-there.md', says: [/not-there\.md/, /not found/, /check the path/] },
  { name: 'an empty file', file: 'empty.md', says: [/empty\.md/, /is empty/, /write at least one slide/] },
  { name: 'a file with only front matter', file: 'only-front-matter.md', says: [/only-front-matter\.md/, /no slides/, /add a slide/] },
  { name: 'a binary file', file: 'binary.md', says: [/binary\.md/, /binary/, /pass Markdown notes/] },
  { name: 'bad YAML front matter', file: 'bad-yaml.md', says: [/bad-yaml\.md:\d+/, /YAML/, /fix that line/] },
  { name: 'a deck.json that fails the schema', file: 'bad-schema.json', says: [/bad-schema\.json/, /slides\[1\]\.title/, /slide 2/, /fix the fields/] },
  { name: 'a deck.json that is not JSON', file: 'bad-syntax.json', says: [/bad-syntax\.json:4:\d+/, /not valid JSON/, /fix the syntax/] },
  { name: 'a missing image with --strict', file: 'missing-image.md', args: ['--strict'], says: [/missing-image\.md/, /slide 2/, /pictures\/nowhere\.png/, /fix the path/, /--strict treats warnings as errors/] },
];

describe('a missing picture is a warning, not a failure', () => {
  it('renders the slide without it (exit 0), and says which file, slide and path', async () => {
    const out = path.join(tmp.dir, 'out-missing-picture');
    const result = await runCli(['render', path.join(inputs, 'missing-image.md'), '-o', out, '--only', 'deck,frames'], { timeoutMs: 120_000 });
    expect(result.code, explain(result)).toBe(0);
    expect(result.stderr).toMatch(/missing-image\.md:\d+: warning: slide 2: image "pictures\/nowhere\.png" was not found/);
    expect(result.stderr).toMatch(/shown without it/);
    const deck = JSON.parse(readFileSync(path.join(out, 'deck.json'), 'utf8')) as { slides: Array<{ blocks: Array<{ type: string }> }> };
    expect(deck.slides[1]!.blocks.filter((b) => b.type === 'image')).toEqual([]);
    expect(listFiles(path.join(out, 'frames'))).toHaveLength(deck.slides.length);
  });
});

describe.concurrent('issue 3: bad input through the CLI → exit 2, a message with the fix, no final files', () => {
  for (const bad of BAD_INPUTS) {
    it(bad.name, async () => {
      const out = path.join(tmp.dir, `out-${bad.file}`);
      await mkdir(out, { recursive: true });
      const result = await runCli(['render', path.join(inputs, bad.file), '-o', out, ...(bad.args ?? [])], { timeoutMs: 120_000 });
      expect(result.code, explain(result)).toBe(2);
      for (const pattern of bad.says) expect(result.stderr, explain(result)).toMatch(pattern);
      expect(result.stderr).not.toMatch(/unexpected failure|at .*\.js:\d+/);
      const left = listFiles(out);
      expect(left.filter((f) => FINAL_NAMES.includes(f) || f.includes('.tmp-'))).toEqual([]);
    });
  }

  it('an unknown option value (--only) → exit 2 naming the flag and the choices', async () => {
    const result = await runCli(['render', EXAMPLE, '--only', 'pptx,movie', '-o', path.join(tmp.dir, 'out-only')]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/--only/);
    expect(result.stderr).toMatch(/movie/);
    expect(result.stderr).toMatch(/deck, ?frames, ?pptx, ?audio, ?video|deck,frames,pptx,audio,video/);
  });

  it('lectra --help and --version exit 0', async () => {
    const [help, version, renderHelp] = await Promise.all([runCli(['--help']), runCli(['--version']), runCli(['render', '--help'])]);
    expect(help.code, explain(help)).toBe(0);
    expect(help.stdout).toMatch(/Usage: lectra/);
    for (const command of ['render', 'generate', 'voices', 'config', 'doctor']) expect(help.stdout).toContain(command);
    expect(version.code, explain(version)).toBe(0);
    expect(version.stdout.trim()).toBe(readJson(path.join(ROOT, 'package.json')).version);
    expect(renderHelp.code, explain(renderHelp)).toBe(0);
    for (const flag of ['--out', '--theme', '--only', '--voice']) expect(renderHelp.stdout).toContain(flag);
  });
});

describe('issue 3: --theme and --only', () => {
  it('--theme dark --only pptx,frames: dark frames and slides, and no audio or video', async () => {
    const out = path.join(tmp.dir, 'dark');
    const result = await runCli(['render', EXAMPLE, '-o', out, '--theme', 'dark', '--only', 'pptx,frames'], { timeoutMs: 200_000 });
    expect(result.code, explain(result)).toBe(0);
    const files = listFiles(out);
    expect(files).toContain('deck.pptx');
    expect(files.filter((f) => f.startsWith('frames/'))).toHaveLength(9);
    expect(files.filter((f) => /\.(mp4|wav|srt|vtt)$/.test(f) || f === 'timings.json' || f.includes('.tmp-'))).toEqual([]);
    expect(readDeckJson(path.join(out, 'deck.json')).theme).toBe('dark');
    for (const frame of ['frames/slide-001.png', 'frames/slide-004.png']) {
      const png = decodePng(path.join(out, frame));
      expect([png.width, png.height]).toEqual([1920, 1080]);
      expect(meanLuminance(png), `${frame} is dark`).toBeLessThan(60);
    }
    const zip = await unzip(path.join(out, 'deck.pptx'));
    expect(slideNumbers(zip)).toHaveLength(9);
    expect(await part(zip, 'ppt/slides/slide1.xml')).toMatch(/<p:bg>[\s\S]*<a:srgbClr val="0F172A"/);
    // Without audio there is no narration to embed, so no audio relationship.
    expect(await part(zip, 'ppt/slides/_rels/slide1.xml.rels')).not.toMatch(/relationships\/audio/);
  });
});

describe('issue 4: voices, language and FFmpeg through the CLI', () => {
  it('a French deck is spoken with a French voice (same audio as --voice fr, not as --voice en)', async () => {
    const render = async (name: string, extra: string[]) => {
      const out = path.join(tmp.dir, name);
      const result = await runCli(['render', FRENCH_EXAMPLE, '-o', out, '--only', 'audio', '--quiet', ...extra], { timeoutMs: 200_000 });
      expect(result.code, explain(result)).toBe(0);
      return readJson<{ totalSec: number; slides: Array<{ cues: Array<{ words?: unknown[] }> }> }>(path.join(out, 'timings.json'));
    };
    const [voices, byDefault, french, english] = await Promise.all([
      runCli(['voices', '--lang', 'fr']),
      render('fr-default', []),
      render('fr-fr', ['--voice', 'fr']),
      render('fr-en', ['--voice', 'en']),
    ]);
    expect(voices.code, explain(voices)).toBe(0);
    expect(voices.stdout).toMatch(/^\s+fr\s/m);
    expect(byDefault.slides).toHaveLength(3);
    // The default voice for `lang: fr` speaks like --voice fr, and unlike --voice en (≈6 s longer here).
    // Not exact equality: eSpeak-NG's output drifts by a few samples per sentence with the calls made before
    // it in the same process (and so with what the cache already held).
    expect(Math.abs(byDefault.totalSec - french.totalSec)).toBeLessThan(0.05);
    expect(Math.abs(byDefault.totalSec - english.totalSec)).toBeGreaterThan(1);
  });

  it('an unknown voice → exit 2 naming the option and listing close matches', async () => {
    const out = path.join(tmp.dir, 'bad-voice');
    const result = await runCli(['render', EXAMPLE, '-o', out, '--voice', 'en-uss', '--only', 'audio']);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/voice/i);
    expect(result.stderr).toContain('en-uss');
    expect(result.stderr).toMatch(/close matches:.*\ben-us\b/i);
    expect(result.stderr).toMatch(/lectra voices/);
    expect(listFiles(out).filter((f) => FINAL_NAMES.includes(f))).toEqual([]);
  });

  it.each([
    ['--tts nope', ['--tts', 'nope'], /speech provider 'nope' does not exist.*espeak/s],
    ['--images nope', ['--images', 'nope'], /image provider "nope".*generated/s],
    ['--voice nope', ['--voice', 'nope'], /voice 'nope'/],
    ['--lang xx', ['--lang', 'xx'], /--lang: "xx" is not a language LECTRA knows\. LECTRA speaks .*\ben\b.*\bhi\b/s],
  ])('a bad option (%s) → exit 2 before anything is written: no output folder at all', async (_name, flags, says) => {
    const out = path.join(tmp.dir, `early-${flags[0]!.slice(2)}`);
    const result = await runCli(['render', EXAMPLE, '-o', out, ...flags]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(existsSync(out), `${out} was created`).toBe(false);
  });

  it('front matter naming an unknown language → exit 2 with the line and the languages', async () => {
    const file = path.join(inputs, 'klingon.md');
    await writeFile(file, '---\ntitle: Qapla\nlang: tlh\n---\n\n# One\n\n- a point\n');
    const result = await runCli(['render', file, '-o', path.join(tmp.dir, 'klingon'), '--only', 'deck']);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/klingon\.md:3/);
    expect(result.stderr).toContain('"tlh"');
    expect(result.stderr).toMatch(/LECTRA speaks ar, bg/);
  });

  it.each([
    ['a device (/dev/zero)', () => '/dev/zero', /is a device, not a regular file/],
    ['a FIFO', async () => {
      const fifo = path.join(inputs, 'pipe.md');
      if (!existsSync(fifo)) execFileSync('mkfifo', [fifo]);
      return fifo;
    }, /is a pipe \(FIFO\), not a regular file/],
    ['a folder', () => inputs, /is a folder, not a file/],
  ])('%s as the notes → exit 2 at once, nothing read', async (_name, input, says) => {
    const result = await runCli(['render', await input(), '-o', path.join(tmp.dir, 'not-a-file')]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(existsSync(path.join(tmp.dir, 'not-a-file'))).toBe(false);
  });

  it('notes over 20 MB → exit 2 naming the limit', async () => {
    const file = path.join(inputs, 'huge.md');
    await writeFile(file, `# Big\n\n${'- a point that repeats\n'.repeat(1_000_000)}`);
    const result = await runCli(['render', file, '-o', path.join(tmp.dir, 'huge')]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/huge\.md is over 20\.0 MB/);
  });

  it('`-` reads the notes from standard input; the folder is named after the title', async () => {
    const cwd = path.join(tmp.dir, 'stdin-cwd');
    await mkdir(cwd, { recursive: true });
    const result = await runCli(['render', '-', '--only', 'deck'], { cwd, stdin: await readFile(FRENCH_EXAMPLE) });
    expect(result.code, explain(result)).toBe(0);
    const deck = readDeckJson(path.join(cwd, 'lectures', 'le-cycle-de-l-eau', 'deck.json'));
    expect(deck.lang).toBe('fr');
    expect(deck.slides.length).toBe(3);
  });

  it('FFmpeg missing (LECTRA_FFMPEG=/nonexistent) → exit 1 naming LECTRA_FFMPEG', async () => {
    const out = path.join(tmp.dir, 'no-ffmpeg');
    const result = await runCli(['render', EXAMPLE, '-o', out], { env: { LECTRA_FFMPEG: '/nonexistent' } });
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toContain('LECTRA_FFMPEG');
    expect(result.stderr).toContain('/nonexistent');
    expect(listFiles(out).filter((f) => f === 'lecture.mp4' || f.includes('.tmp-'))).toEqual([]);
  });

  it('FFmpeg failing → exit 1 with the FFmpeg command and its last stderr lines, and no lecture.mp4', async () => {
    const fake = path.join(tmp.dir, 'fake-ffmpeg');
    await writeFile(fake, '#!/bin/sh\necho "fake ffmpeg version 0" >&2\necho "Conversion failed: something specific went wrong (test)" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    const out = path.join(tmp.dir, 'ffmpeg-fails');
    const result = await runCli(['render', FRENCH_EXAMPLE, '-o', out], { env: { LECTRA_FFMPEG: fake }, timeoutMs: 200_000 });
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toContain('something specific went wrong (test)');
    expect(result.stderr).toContain(fake);
    expect(listFiles(out).filter((f) => f === 'lecture.mp4' || f.includes('.tmp-') || f.startsWith('.work'))).toEqual([]);
  });
});
