import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentCache } from '../../src/pipeline/content-cache.js';
import { renderDeck } from '../../src/pipeline/render-deck.js';
import type { Profile } from '../../src/pipeline/profiler.js';

const NOTES = `---
title: Cache test
lang: en
---

# Cache test

<!-- A short deck to check the cache. -->

---

# Second slide

- One point
- Another point

<!-- The second slide says this. -->

---

# Third slide

1. First
2. Second

<!-- And the third slide says that. -->
`;

let dir: string;
const only = ['deck', 'frames', 'pptx', 'audio'] as const; // the video join is covered by e2e tests

function recomputed(profile: Profile): string[] {
  return profile.tasks.filter((t) => !t.cached && t.stage !== 'load').map((t) => t.id).sort();
}

async function render(notes: string, extra: Record<string, unknown> = {}) {
  const file = path.join(dir, 'notes.md');
  fs.writeFileSync(file, notes);
  return renderDeck(file, { out: path.join(dir, 'out'), cacheDir: path.join(dir, 'cache'), only: [...only], ...extra });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cache-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('content-addressed cache through renderDeck', () => {
  it('recomputes nothing when nothing changed', async () => {
    const cold = await render(NOTES);
    expect(recomputed(cold.profile).length).toBeGreaterThan(10);
    const warm = await render(NOTES);
    expect(recomputed(warm.profile)).toEqual([]);
    // The notes were parsed once: the warm run read the parsed deck from the cache.
    expect((await new ContentCache(path.join(dir, 'cache')).info()).byKind.notes?.entries).toBe(1);
    expect(fs.existsSync(warm.files.pptx!)).toBe(true);
    expect(warm.timeline!.totalSec).toBeCloseTo(cold.timeline!.totalSec, 6);
  });

  it('an edited narration recomputes only that slide\'s narration, prosody and speech, and the joins', async () => {
    await render(NOTES);
    const edited = await render(NOTES.replace('The second slide says this.', 'The second slide now says something else entirely.'));
    expect(recomputed(edited.profile)).toEqual(['audio', 'audio:2', 'narration:2', 'pptx', 'prosody:2', 'speech:2', 'timings'].sort());
    expect(edited.deck.slides[1]!.narration).toBe('The second slide now says something else entirely.');
  });

  it('a theme change redraws frames and the deck but synthesises no speech', async () => {
    await render(NOTES);
    const dark = await render(NOTES, { theme: 'dark' });
    const redone = recomputed(dark.profile);
    expect(redone.filter((id) => id.startsWith('speech'))).toEqual([]);
    expect(redone.filter((id) => id.startsWith('frames'))).toHaveLength(3);
    expect(redone).toContain('pptx');
  });

  it('a truncated or corrupted cache entry is recomputed and the run succeeds', async () => {
    await render(NOTES);
    const cacheDir = path.join(dir, 'cache', 'speech');
    const entries = fs.readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.bin'));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const file = path.join(cacheDir, entry);
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    }
    const again = await render(NOTES);
    expect(recomputed(again.profile).filter((id) => id.startsWith('speech'))).toHaveLength(3);
    const after = await render(NOTES);
    expect(recomputed(after.profile)).toEqual([]);
  });

  it('a damaged picture in the image store is a miss: drawn again, and the run succeeds', async () => {
    const notes = NOTES.replace('title: Cache test', 'title: Cache test\nimages: generated');
    const cacheDir = path.join(dir, 'image-cache');
    const run = () => render(notes, { cacheDir, only: ['deck', 'frames'] });
    const cold = await run();
    const stored = fs.readdirSync(path.join(cacheDir, 'image-files')).filter((f) => f.endsWith('.png'));
    expect(stored.length).toBeGreaterThan(0);
    for (const name of stored) {
      const file = path.join(cacheDir, 'image-files', name);
      fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100)); // truncated: no longer a PNG
    }
    const again = await run();
    const pictures = (profile: Profile) => profile.tasks.filter((t) => t.stage === 'images').map((t) => t.cached);
    expect(pictures(again.profile).length).toBe(pictures(cold.profile).length);
    expect(pictures(again.profile).every((cached) => !cached)).toBe(true);
    for (const name of stored) {
      const bytes = fs.readFileSync(path.join(cacheDir, 'image-files', name));
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.length).toBeGreaterThan(100);
    }
    expect(pictures((await run()).profile).every(Boolean)).toBe(true);
  });

  it('--no-cache stores nothing and recomputes everything', async () => {
    const file = path.join(dir, 'notes.md');
    fs.writeFileSync(file, NOTES);
    const result = await renderDeck(file, { out: path.join(dir, 'nocache'), noCache: true, cacheDir: path.join(dir, 'unused'), only: ['deck', 'frames'] });
    expect(result.profile.tasks.every((t) => !t.cached)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);
  });
});

describe('ContentCache', () => {
  it('round-trips entries, reports its size and prunes least recently used entries first', async () => {
    const cache = new ContentCache(fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-')));
    await cache.put('frames', 'aa11', Buffer.alloc(1000, 1));
    await new Promise((r) => setTimeout(r, 20));
    await cache.put('frames', 'bb22', Buffer.alloc(1000, 2));
    await new Promise((r) => setTimeout(r, 20));
    await cache.get('frames', 'aa11'); // touch: now the most recent
    expect((await cache.get('frames', 'bb22'))?.[0]).toBe(2);
    const info = await cache.info();
    expect(info.entries).toBe(2);
    expect(info.byKind.frames?.entries).toBe(2);
    // touch bb22 earlier than aa11 again
    await new Promise((r) => setTimeout(r, 20));
    await cache.get('frames', 'aa11');
    const pruned = await cache.prune(1500);
    expect(pruned.removed).toBe(1);
    expect(await cache.get('frames', 'bb22')).toBeUndefined();
    expect(await cache.get('frames', 'aa11')).toBeDefined();
  });

  it('detects a corrupted payload with the right length', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-'));
    const cache = new ContentCache(dir2);
    await cache.put('x', 'cc33', Buffer.from('hello world'));
    const file = path.join(dir2, 'x', 'cc', 'cc33.bin');
    const raw = fs.readFileSync(file);
    raw[raw.length - 1] = 'X'.charCodeAt(0);
    fs.writeFileSync(file, raw);
    expect(await cache.get('x', 'cc33')).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
  });
  it('refuses an entry copied under another key (or kind): the header names its own entry', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-'));
    const cache = new ContentCache(dir2);
    await cache.put('frames', 'aa11', Buffer.from('frame one'));
    await cache.putFile('video', 'bb22', (fs.writeFileSync(path.join(dir2, 's.bin'), 'video bytes'), path.join(dir2, 's.bin')));
    const entry = (kind: string, key: string) => path.join(dir2, kind, key.slice(0, 2), `${key}.bin`);
    for (const [kind, key] of [['frames', 'aa99'], ['layout', 'aa11']]) {
      fs.mkdirSync(path.dirname(entry(kind, key)), { recursive: true });
      fs.copyFileSync(entry('frames', 'aa11'), entry(kind, key));
      expect(await cache.get(kind, key)).toBeUndefined();
      expect(fs.existsSync(entry(kind, key))).toBe(false);
    }
    fs.mkdirSync(path.dirname(entry('video', 'cc33')), { recursive: true });
    fs.copyFileSync(entry('video', 'bb22'), entry('video', 'cc33'));
    expect(await cache.getFile('video', 'cc33', path.join(dir2, 'out.mp4'))).toBe(false);
    expect(fs.existsSync(path.join(dir2, 'out.mp4'))).toBe(false);
    // The originals still read.
    expect((await cache.get('frames', 'aa11'))?.toString()).toBe('frame one');
    expect(await cache.getFile('video', 'bb22', path.join(dir2, 'out.mp4'))).toBe(true);
  });

  it('reads a first-version entry (no key in its header) as a miss', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-'));
    const file = path.join(dir2, 'x', 'dd', 'dd44.bin');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // LECTRA-CACHE-1 <sha256 of "hi"> 2
    fs.writeFileSync(file, 'LECTRA-CACHE-1 8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4 2\nhi');
    expect(await new ContentCache(dir2).get('x', 'dd44')).toBeUndefined();
  });

  it('keeps at most 32 cache entries open at once, however many tasks ask together', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-'));
    const cache = new ContentCache(dir2);
    const source = path.join(dir2, 'frame.png');
    fs.writeFileSync(source, Buffer.alloc(300_000, 9));
    const count = 300;
    await Promise.all(Array.from({ length: count }, (_, i) => cache.putFile('frames', `k${i}`, source)));
    const open = () => fs.readdirSync('/proc/self/fd').length;
    const before = open();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, open())), 1);
    try {
      const copied = await Promise.all(Array.from({ length: count }, (_, i) => cache.getFile('frames', `k${i}`, path.join(dir2, `out-${i}.png`))));
      expect(copied.every(Boolean)).toBe(true);
    } finally {
      clearInterval(sampler);
    }
    // Each entry being copied holds two files (the entry and its destination).
    expect(peak - before).toBeLessThanOrEqual(2 * 32 + 4);
  });
});

describe('ContentCache: what killed runs leave', () => {
  it('sweeps temp files of processes that are gone (daily, and on info/prune), keeps a live one\'s', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-'));
    const cache = new ContentCache(dir2);
    await cache.put('frames', 'aa11', Buffer.from('x'));
    const shard = path.join(dir2, 'frames', 'aa');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.writeFileSync(path.join(shard, `aa22.bin.tmp-${dead}-0123456789ab`), 'half an entry');
    fs.writeFileSync(path.join(shard, `aa33.bin.tmp-${process.pid}-0123456789ab`), 'being written');
    await cache.sweepDaily();
    expect(fs.readdirSync(shard).sort()).toEqual(['aa11.bin', `aa33.bin.tmp-${process.pid}-0123456789ab`]);
    // Not again within a day…
    fs.writeFileSync(path.join(shard, `aa44.bin.tmp-${dead}-0123456789ab`), 'half');
    await cache.sweepDaily();
    expect(fs.existsSync(path.join(shard, `aa44.bin.tmp-${dead}-0123456789ab`))).toBe(true);
    // …but a day later, or whenever the cache is listed.
    await cache.sweepDaily(Date.now() + 25 * 3600 * 1000);
    expect(fs.existsSync(path.join(shard, `aa44.bin.tmp-${dead}-0123456789ab`))).toBe(false);
    fs.writeFileSync(path.join(shard, `aa55.bin.tmp-${dead}-0123456789ab`), 'half');
    expect((await cache.info()).entries).toBe(1);
    expect(fs.existsSync(path.join(shard, `aa55.bin.tmp-${dead}-0123456789ab`))).toBe(false);
  });
});

describe('ContentCache files (video, deck, AAC track: streamed, never held in memory)', () => {
  it('stores a file and copies it back byte for byte; the entry reads the same through get()', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-'));
    const cache = new ContentCache(dir2);
    const source = path.join(dir2, 'source.bin');
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251));
    fs.writeFileSync(source, bytes);
    await cache.putFile('video', 'dd44', source);
    const dest = path.join(dir2, 'copy.mp4');
    expect(await cache.getFile('video', 'dd44', dest)).toBe(true);
    expect(fs.readFileSync(dest).equals(bytes)).toBe(true);
    expect((await cache.get('video', 'dd44'))?.equals(bytes)).toBe(true);
    expect(await cache.getFile('video', 'missing', path.join(dir2, 'none.mp4'))).toBe(false);
    expect(fs.existsSync(path.join(dir2, 'none.mp4'))).toBe(false);
  });

  it('a corrupted or truncated file entry is a miss: deleted, and nothing is written to the destination', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-'));
    const cache = new ContentCache(dir2);
    const source = path.join(dir2, 'source.bin');
    fs.writeFileSync(source, Buffer.alloc(50_000, 7));
    for (const [key, damage] of [
      ['ee55', (raw: Buffer) => ((raw[raw.length - 10] = 8), raw)],
      ['ff66', (raw: Buffer) => raw.subarray(0, raw.length - 1000)],
      ['ab77', () => Buffer.from('not a cache entry at all')],
    ] as const) {
      await cache.putFile('pptx', key, source);
      const file = path.join(dir2, 'pptx', key.slice(0, 2), `${key}.bin`);
      fs.writeFileSync(file, damage(fs.readFileSync(file)));
      const dest = path.join(dir2, `${key}.pptx`);
      expect(await cache.getFile('pptx', key, dest)).toBe(false);
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(dest)).toBe(false);
      expect(fs.readdirSync(dir2).filter((n) => n.includes('.tmp-'))).toEqual([]);
    }
  });
});

describe('the lecture AAC track (encoded while slides are made, cached by the speech)', () => {
  const withVideo = (sub: string, notes: string, extra: Record<string, unknown> = {}) => {
    const file = path.join(dir, `${sub}.md`);
    fs.writeFileSync(file, notes);
    return renderDeck(file, { out: path.join(dir, `${sub}-out`), cacheDir: path.join(dir, `${sub}-cache`), only: ['deck', 'audio', 'video'], ...extra });
  };
  const task = (profile: Profile, id: string) => profile.tasks.find((t) => t.id === id);

  async function expectAudioMatchesTimeline(result: Awaited<ReturnType<typeof withVideo>>): Promise<void> {
    const { probeMedia } = await import('../../src/media/probe.js');
    const { resolveMediaBinaries } = await import('../../src/media/binaries.js');
    const probe = await probeMedia(result.files.video!, { binary: resolveMediaBinaries({}).ffprobe });
    const audio = probe.streams.find((s) => s.codecType === 'audio')!;
    expect(audio.codecName).toBe('aac');
    expect(Math.abs(audio.durationSec! - result.timeline!.totalSec)).toBeLessThan(0.05);
  }

  it('per-slide: streamed as speech arrives; a theme change reuses it, a narration edit encodes it again', async () => {
    const cold = await withVideo('aac', NOTES);
    expect(task(cold.profile, 'audio:aac')).toMatchObject({ cached: false });
    await expectAudioMatchesTimeline(cold);

    const dark = await withVideo('aac', NOTES, { theme: 'dark' });
    expect(task(dark.profile, 'audio:aac')).toMatchObject({ cached: true });
    expect(task(dark.profile, 'video')).toMatchObject({ cached: false });
    await expectAudioMatchesTimeline(dark);

    const edited = await withVideo('aac', NOTES.replace('And the third slide says that.', 'And the third slide now says much more than it did.'), { theme: 'dark' });
    expect(task(edited.profile, 'audio:aac')).toMatchObject({ cached: false });
    await expectAudioMatchesTimeline(edited);
    expect(edited.timeline!.totalSec).toBeGreaterThan(dark.timeline!.totalSec);
  });

  it('staged: encoded from lecture.wav at the end, as the seed does', async () => {
    const staged = await withVideo('aac-staged', NOTES, { schedule: 'staged' });
    expect(task(staged.profile, 'audio:aac')).toMatchObject({ cached: false });
    await expectAudioMatchesTimeline(staged);
  });
});

describe('slideAudioCodec', () => {
  const audio = (text: string) => ({
    sampleRate: 22050,
    parts: [
      { kind: 'speech' as const, text, samples: Int16Array.from([1, -2, 3, 32767, -32768]) },
      { kind: 'silence' as const, samples: new Int16Array(7) },
    ],
  });

  it('round-trips speech through the cache; the samples are read as aligned views of the entry, not copies', async () => {
    const { slideAudioCodec } = await import('../../src/pipeline/task-codecs.js');
    const cache = new ContentCache(fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-cc-')));
    for (const text of ['odd', 'even']) {
      await cache.put('speech', `ab${text}`, slideAudioCodec.encode(audio(text) as never));
      const entry = (await cache.get('speech', `ab${text}`))!;
      expect(entry.byteOffset % 8).toBe(0);
      const decoded = slideAudioCodec.decode(entry);
      expect(decoded.parts.map((p) => [...p.samples])).toEqual([[1, -2, 3, 32767, -32768], [0, 0, 0, 0, 0, 0, 0]]);
      expect(decoded.parts[0]!.samples.buffer).toBe(entry.buffer);
      expect(decoded.parts.map((p) => (p as { text?: string }).text)).toEqual([text, undefined]);
    }
  });

  it('still reads a payload that starts on an odd byte (copies it)', async () => {
    const { slideAudioCodec } = await import('../../src/pipeline/task-codecs.js');
    const encoded = Buffer.from(slideAudioCodec.encode(audio('x') as never));
    const shifted = Buffer.alloc(encoded.length + 1);
    encoded.copy(shifted, 1);
    expect([...slideAudioCodec.decode(shifted.subarray(1)).parts[0]!.samples]).toEqual([1, -2, 3, 32767, -32768]);
  });
});
