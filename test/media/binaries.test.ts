import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { makeTempDir } from './helpers.js';

describe('resolveMediaBinaries', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('bin'));
    for (const name of ['ffmpeg', 'ffprobe', 'my-ffmpeg']) {
      await writeFile(path.join(dir, name), '#!/bin/sh\n');
      await chmod(path.join(dir, name), 0o755);
    }
    await writeFile(path.join(dir, 'not-executable'), '');
  });
  afterAll(() => cleanup());

  it('uses the bundled installer binaries by default, executable', () => {
    const found = resolveMediaBinaries({ env: {} });
    expect(found.ffmpeg).toMatch(/@ffmpeg-installer[\\/][^\\/]+[\\/]ffmpeg(\.exe)?$/);
    expect(found.ffprobe).toMatch(/@ffprobe-installer[\\/][^\\/]+[\\/]ffprobe(\.exe)?$/);
  });

  it('prefers an explicit path, then LECTRA_FFMPEG / LECTRA_FFPROBE', () => {
    const env = { LECTRA_FFMPEG: path.join(dir, 'ffmpeg'), LECTRA_FFPROBE: path.join(dir, 'ffprobe') };
    expect(resolveMediaBinaries({ env })).toEqual({ ffmpeg: env.LECTRA_FFMPEG, ffprobe: env.LECTRA_FFPROBE });
    expect(resolveMediaBinaries({ env, ffmpeg: path.join(dir, 'my-ffmpeg') }).ffmpeg).toBe(path.join(dir, 'my-ffmpeg'));
  });

  it('looks a bare name up on PATH', () => {
    expect(resolveMediaBinaries({ env: { PATH: dir }, ffmpeg: 'my-ffmpeg' }).ffmpeg).toBe(path.join(dir, 'my-ffmpeg'));
  });

  it('reports a missing or non-executable binary as ffmpeg-missing with the fix', () => {
    for (const ffmpeg of [path.join(dir, 'nope'), path.join(dir, 'not-executable'), 'no-such-ffmpeg-anywhere']) {
      let error: unknown;
      try {
        resolveMediaBinaries({ env: { PATH: dir }, ffmpeg });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'ffmpeg-missing' });
      expect((error as Error).message).toContain('LECTRA_FFMPEG=');
    }
    expect(() => resolveMediaBinaries({ env: { LECTRA_FFPROBE: '/nowhere/ffprobe' } })).toThrow(/LECTRA_FFPROBE/);
  });
});
