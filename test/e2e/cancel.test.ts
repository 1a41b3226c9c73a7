/**
 * Issue 4: Ctrl-C during video encoding stops FFmpeg, exits 130 and leaves no half-written
 * lecture.mp4 (nor any temp file) in the output folder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNotes } from '../../src/bench/synthetic-deck.js';
import { CLI, ROOT, assertBuilt, cliEnv, collect, explain, listFiles, makeTempDir, processesNamed, sleep, removeCacheDir } from './helpers.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let notes: string;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('cancel');
  notes = path.join(tmp.dir, 'fifty.md');
  await writeFile(notes, syntheticNotes(50));
});

afterAll(async () => {
  await tmp?.cleanup();
  await removeCacheDir();
});

/**
 * `toGroup`: signal the whole process group, as a terminal's Ctrl-C does (lectra *and* its FFmpeg
 * children get SIGINT). Otherwise only lectra gets it (`kill -INT <pid>`), so lectra itself must
 * stop FFmpeg.
 */
async function interruptDuringEncoding(name: string, toGroup: boolean): Promise<void> {
  const out = path.join(tmp.dir, name);
  const child = spawn(process.execPath, [CLI, 'render', notes, '-o', out], { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const done = collect(child, Date.now(), 240_000, ['render', notes]);
  // The video's FFmpeg writes `.work/lecture.mp4.tmp-…`: wait for that one (not the AAC track's
  // or a slide's), so the interrupt lands while the video is encoding.
  const videoTemp = path.join(out, '.work', 'lecture.mp4.tmp-');
  try {
    let ffmpeg: number[] = [];
    while (child.exitCode === null) {
      ffmpeg = processesNamed('ffmpeg', videoTemp);
      if (ffmpeg.length > 0) break;
      await sleep(10);
    }
    expect(ffmpeg.length, 'FFmpeg was seen encoding the video before the run ended').toBeGreaterThan(0);
    process.kill(toGroup ? -child.pid! : child.pid!, 'SIGINT');
    const result = await done;
    expect(result.code, explain(result)).toBe(130);
    // Stopped, not waited for: the video step never reported itself done.
    expect(result.stderr).not.toContain('✓ Generate Video');
    expect(result.stderr).toMatch(/cancelled/);
    expect(processesNamed('ffmpeg', out), 'FFmpeg processes still running for this output folder').toEqual([]);
    const files = listFiles(out);
    expect(files).not.toContain('lecture.mp4');
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('.work'))).toEqual([]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of processesNamed('ffmpeg', out)) process.kill(pid, 'SIGKILL');
  }
}

describe('issue 4: Ctrl-C while the video is encoding → exit 130, no FFmpeg left, no lecture.mp4, no temp files', () => {
  it('Ctrl-C in a terminal (SIGINT to the process group)', () => interruptDuringEncoding('group', true), 300_000);
  it('SIGINT to lectra alone: lectra stops its FFmpeg child itself', () => interruptDuringEncoding('alone', false), 300_000);
});
