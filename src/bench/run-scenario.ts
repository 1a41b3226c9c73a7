import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Profile } from '../pipeline/profiler.js';
import { PACKAGE_ROOT } from '../package-root.js';

export interface ScenarioResult {
  name: string;
  wallSec: number;
  /** Seconds of lecture video per second of wall time (when a video was made). */
  videoSecPerWallSec?: number;
  lectureSec?: number;
  framesPerSec?: number;
  slides: number;
  peakRssMb: number;
  /** Tasks that were computed rather than served from the cache. */
  recomputed?: number;
  stages: Record<string, number>;
}

/** The CLI a user runs (the bundle in dist/bin). */
const CLI = path.join(PACKAGE_ROOT, 'dist', 'bin', 'lectra.js');

/** Runs `lectra <args>` in a child process (so peak RSS is the scenario's own) and reads its profile. */
export async function runScenario(name: string, args: string[], outDir: string, signal?: AbortSignal): Promise<ScenarioResult> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '-o', outDir, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`scenario ${name} failed (exit ${code}):\n${stderr}`))));
  });
  const wallSec = (performance.now() - started) / 1000;
  const profile = JSON.parse(await fs.readFile(path.join(outDir, 'profile.json'), 'utf8')) as Profile;
  const timings = await readJson<{ totalSec: number }>(path.join(outDir, 'timings.json'));
  const stages = Object.fromEntries(profile.stages.map((s) => [s.label, Number((s.wallMs / 1000).toFixed(3))]));
  const frames = profile.tasks.filter((t) => t.stage === 'frames').length;
  const computed = (stage: string) => profile.tasks.filter((t) => t.stage === stage && !t.cached).length;
  const frameStage = profile.stages.find((s) => s.stage === 'frames');
  const videoStage = profile.stages.find((s) => s.stage === 'video');
  return {
    name,
    wallSec: Number(wallSec.toFixed(3)),
    lectureSec: timings?.totalSec,
    // Rates of work actually done: a stage served from the cache encoded and drew nothing.
    videoSecPerWallSec: timings && videoStage && computed('video') ? Number((timings.totalSec / (videoStage.wallMs / 1000)).toFixed(1)) : undefined,
    framesPerSec: frameStage && computed('frames') ? Number((computed('frames') / (frameStage.wallMs / 1000)).toFixed(1)) : undefined,
    slides: profile.slides.length || frames,
    peakRssMb: profile.peakRssMb,
    recomputed: profile.tasks.filter((t) => !t.cached && t.stage !== 'load').length,
    stages,
  };
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
