import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_NAME, OutputFolder } from '../../src/pipeline/output-folder.js';
import { renderDeck } from '../../src/pipeline/render-deck.js';

const slide = (n: number) => `# Slide ${n}\n\n- Point ${n}\n\n<!-- Slide ${n} says this. -->\n`;
const notes = (count: number, front = '') => `---\ntitle: Folder test\n${front}---\n\n${Array.from({ length: count }, (_, i) => slide(i + 1)).join('\n---\n\n')}`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-outfolder-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function files(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(folder, f)).isFile()).map((f) => f.split(path.sep).join('/')).sort();
}

async function render(name: string, text: string, out: string) {
  const file = path.join(dir, `${name}.md`);
  fs.writeFileSync(file, text);
  return renderDeck(file, { out, cacheDir: path.join(dir, 'cache'), only: ['deck', 'frames'] });
}

/** A PID no process has: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('output folder: this run and nothing else', () => {
  it('re-rendering a 2-slide deck where a 5-slide one was leaves only the 2-slide lecture (and the user\'s own files)', async () => {
    const out = path.join(dir, 'shrink');
    await render('five', notes(5, 'images: generated\n'), out);
    expect(files(out)).toContain('frames/slide-005.png');
    expect(files(out).filter((f) => f.startsWith('images/')).length).toBeGreaterThan(0);
    expect(files(out)).toContain('credits.json');
    fs.writeFileSync(path.join(out, 'my-notes.txt'), 'mine');
    fs.writeFileSync(path.join(out, 'frames', 'cover.png'), 'mine too');

    const result = await render('two', notes(2), out);
    expect(files(out)).toEqual(['deck.json', 'frames/cover.png', 'frames/slide-001.png', 'frames/slide-002.png', 'lecture.json', 'my-notes.txt', 'profile.json']);
    expect(result.files.credits).toBeUndefined();
    const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_NAME), 'utf8'));
    expect(manifest.files).toEqual(['deck.json', 'frames/slide-001.png', 'frames/slide-002.png', 'profile.json']);
    expect(manifest.generator).toMatch(/^lectra \d+\.\d+\.\d+/);
  });

  it('a warm re-render of the same deck keeps every file (written or not)', async () => {
    const out = path.join(dir, 'same');
    await render('same', notes(3, 'images: generated\n'), out);
    const first = files(out);
    await render('same', notes(3, 'images: generated\n'), out);
    expect(files(out)).toEqual(first);
  });

  it('a warm re-render writes no output again that is still what its cache entry made; a touched file is rewritten', async () => {
    const out = path.join(dir, 'in-place');
    const file = path.join(dir, 'in-place.md');
    fs.writeFileSync(file, notes(3));
    const run = () => renderDeck(file, { out, cacheDir: path.join(dir, 'cache'), only: ['deck', 'frames', 'pptx', 'audio'] });
    await run();
    const stamp = (name: string) => fs.statSync(path.join(out, name)).mtimeMs;
    const names = ['frames/slide-001.png', 'frames/slide-002.png', 'deck.pptx', 'audio/slide-001.m4a', 'audio/lecture.wav'];
    const before = Object.fromEntries(names.map((name) => [name, stamp(name)]));
    // A frame somebody changed by hand is made again; everything else is left as it is.
    fs.writeFileSync(path.join(out, 'frames', 'slide-002.png'), 'scribbled over');
    const warm = await run();
    expect(warm.profile.tasks.filter((t) => !t.cached && t.stage !== 'load')).toEqual([]);
    for (const name of names.filter((n) => n !== 'frames/slide-002.png')) expect(stamp(name), name).toBe(before[name]);
    expect(fs.readFileSync(path.join(out, 'frames', 'slide-002.png')).subarray(1, 4).toString()).toBe('PNG');
    // An edited narration rewrites that slide's audio and the lecture's, not the others'.
    fs.writeFileSync(file, notes(3).replace('Slide 1 says this.', 'Slide 1 now says something else.'));
    await run();
    expect(stamp('audio/slide-001.m4a')).not.toBe(before['audio/slide-001.m4a']);
    expect(stamp('audio/lecture.wav')).not.toBe(before['audio/lecture.wav']);
    expect(stamp('frames/slide-001.png')).toBe(before['frames/slide-001.png']);
  });

  it('never removes what a tampered manifest names outside the folder, or a folder', async () => {
    const out = path.join(dir, 'tampered');
    fs.mkdirSync(path.join(out, 'keepdir'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'outside.txt'), 'not yours');
    fs.writeFileSync(path.join(out, MANIFEST_NAME), JSON.stringify({ files: ['../outside.txt', path.join(dir, 'outside.txt'), 'keepdir'] }));
    const folder = await OutputFolder.open(out, 'test');
    await folder.finish(true);
    expect(fs.existsSync(path.join(dir, 'outside.txt'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'keepdir'))).toBe(true);
  });

  it('sweeps temp files of runs that are gone and the work folder; keeps a live process\'s temp files', async () => {
    const out = path.join(dir, 'sweep');
    fs.mkdirSync(path.join(out, 'frames'), { recursive: true });
    fs.mkdirSync(path.join(out, '.work'), { recursive: true });
    fs.writeFileSync(path.join(out, '.work', 'lecture.m4a'), 'x');
    const dead = deadPid();
    fs.writeFileSync(path.join(out, `lecture.mp4.tmp-${dead}-0a1b2c`), 'half');
    fs.writeFileSync(path.join(out, 'frames', `slide-001.png.tmp-${dead}-ffee00`), 'half');
    fs.writeFileSync(path.join(out, 'deck.pptx.tmp-1-abcdef'), 'pid 1 is alive');
    fs.writeFileSync(path.join(out, 'notes.tmp-draft'), 'not one of ours');
    await OutputFolder.open(out, 'test');
    expect(files(out)).toEqual(['deck.pptx.tmp-1-abcdef', 'notes.tmp-draft']);
  });

  it('a failed run removes nothing and adds what it wrote to the manifest', async () => {
    const out = path.join(dir, 'failed');
    await render('ok', notes(3), out);
    const folder = await OutputFolder.open(out, 'test');
    fs.writeFileSync(path.join(out, 'frames', 'slide-009.png'), 'written by the failed run');
    await folder.finish(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_NAME), 'utf8'));
    expect(manifest.files).toEqual(['deck.json', 'frames/slide-001.png', 'frames/slide-002.png', 'frames/slide-003.png', 'frames/slide-009.png', 'profile.json']);
    // The next successful run of a 1-slide deck cleans up after both.
    await render('one', notes(1), out);
    expect(files(out)).toEqual(['deck.json', 'frames/slide-001.png', 'lecture.json', 'profile.json']);
  });
});
