import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LectraError } from '../../src/errors.js';
import { formatCommand } from '../../src/media/format-command.js';
import { runFfmpeg, runFfprobe } from '../../src/media/run-ffmpeg.js';
import { binaries, makeTempDir, processesWith } from './helpers.js';
import { rejection as rejectionOf } from '../support/rejection.js';

const rejection = (promise: Promise<unknown>) => rejectionOf<LectraError>(promise);


describe('runFfmpeg / runFfprobe', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir('run')));
  afterAll(() => cleanup());

  it('reports progress as fractions of totalSec', async () => {
    const seen: Array<{ timeSec: number; fraction?: number }> = [];
    const { stderr } = await runFfmpeg(['-hide_banner', '-nostdin', '-stats', '-f', 'lavfi', '-i', 'sine=d=30', '-f', 'null', '-'], {
      binary: binaries.ffmpeg,
      totalSec: 30,
      onProgress: (p) => seen.push(p),
    });
    expect(stderr).toContain('time=');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)!.fraction).toBeCloseTo(1, 1);
    expect(seen.every((p) => p.fraction! >= 0 && p.fraction! <= 1)).toBe(true);
  });

  it('throws ffmpeg-failed with the quoted command and the stderr tail', async () => {
    const missing = path.join(dir, "no such 'file'.png");
    const args = ['-hide_banner', '-nostdin', '-y', '-i', missing, path.join(dir, 'out.mp4')];
    const error = await rejection(runFfmpeg(args, { binary: binaries.ffmpeg }));
    expect(error.code).toBe('ffmpeg-failed');
    expect(error.message).toMatch(/exited with code 1: .*No such file or directory/);
    expect(error.details[0]).toBe(`$ ${formatCommand(binaries.ffmpeg, args)}`);
    expect(error.details[0]).toContain(`'${dir}/no such '\\''file'\\''.png'`);
    expect(error.details.some((line) => line.includes('No such file or directory'))).toBe(true);
  });

  it('maps a binary that does not exist to ffmpeg-missing', async () => {
    const error = await rejection(runFfmpeg(['-version'], { binary: path.join(dir, 'no-ffmpeg') }));
    expect(error.code).toBe('ffmpeg-missing');
    expect((await rejection(runFfprobe(['-version'], { binary: path.join(dir, 'no-ffprobe') }))).code).toBe('ffmpeg-missing');
  });

  it('kills FFmpeg on abort and rejects with aborted once it is gone', async () => {
    const token = `abort-token-${process.pid}-${Date.now()}.mkv`;
    const controller = new AbortController();
    const run = runFfmpeg(['-hide_banner', '-nostdin', '-y', '-re', '-f', 'lavfi', '-i', 'testsrc=d=600', path.join(dir, token)], {
      binary: binaries.ffmpeg,
      signal: controller.signal,
    });
    while (processesWith(token).length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(processesWith(token).length).toBe(1);
    controller.abort();
    expect((await rejection(run)).code).toBe('aborted');
    expect(processesWith(token)).toEqual([]);
  });

  it('does not start when the signal is already aborted', async () => {
    const error = await rejection(runFfmpeg(['-version'], { binary: binaries.ffmpeg, signal: AbortSignal.abort() }));
    expect(error.code).toBe('aborted');
  });

  it('SIGKILLs a child that ignores SIGTERM', async () => {
    const script = path.join(dir, 'stubborn.cjs');
    const ready = path.join(dir, 'stubborn.ready');
    // It ignores SIGTERM (and says so only once its handler is in place), and counts the SIGTERMs it got.
    await writeFile(
      script,
      `const fs = require('node:fs'); process.on('SIGTERM', () => fs.appendFileSync(${JSON.stringify(ready)}, 'TERM\\n')); setInterval(() => {}, 1000); fs.writeFileSync(${JSON.stringify(ready)}, 'ready\\n');`,
    );
    const controller = new AbortController();
    const run = runFfmpeg([script], { binary: process.execPath, signal: controller.signal });
    while (!existsSync(ready)) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect((await rejection(run)).code).toBe('aborted');
    // SIGTERM first (ignored), then SIGKILL ended it.
    expect(await readFile(ready, 'utf8')).toBe('ready\nTERM\n');
    expect(processesWith(script)).toEqual([]);
  });

  it('rejects with the error a progress callback throws, and stops FFmpeg', async () => {
    const boom = new Error('callback broke');
    const run = runFfmpeg(['-hide_banner', '-nostdin', '-stats', '-re', '-f', 'lavfi', '-i', 'sine=d=60', '-f', 'null', '-'], {
      binary: binaries.ffmpeg,
      onProgress: () => {
        throw boom;
      },
    });
    await expect(run).rejects.toBe(boom);
  });

  it('runFfprobe returns stdout', async () => {
    const out = await runFfprobe(['-v', 'error', '-print_format', 'json', '-show_format', '-f', 'lavfi', 'sine=d=1'], { binary: binaries.ffprobe });
    expect(JSON.parse(out).format.format_name).toBe('lavfi');
  });
});
