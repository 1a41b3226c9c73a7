import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { syntheticNotes } from './synthetic-deck.js';

export interface StartupResult {
  /** Median wall seconds of `lectra --version`. */
  versionSec: number;
  /** Median wall seconds of a fully cached re-render of a 6-slide lecture. */
  warmRenderSec: number;
  runs: number;
}

const CLI = path.join(PACKAGE_ROOT, 'dist', 'bin', 'lectra.js');

/**
 * What a user waits for before any work, and for a re-render where nothing changed: both are
 * mostly Node loading LECTRA's modules. Medians of `runs` child processes, after one untimed run
 * of each (the OS file cache is warm, as it is for a user's second command).
 */
export async function measureStartup(dir: string, runs = 7, signal?: AbortSignal): Promise<StartupResult> {
  const notes = path.join(dir, 'startup-six.md');
  await fs.writeFile(notes, syntheticNotes(6, { title: 'Start-up deck' }));
  const render = ['render', notes, '-o', path.join(dir, 'startup-out'), '--cache-dir', path.join(dir, 'startup-cache'), '--quiet'];
  await timed(['--version'], signal);
  await timed(render, signal); // cold: fills the cache
  const version: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    version.push(await timed(['--version'], signal));
    warm.push(await timed(render, signal));
  }
  return { versionSec: median(version), warmRenderSec: median(warm), runs };
}

function timed(args: string[], signal?: AbortSignal): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`lectra ${args.join(' ')} failed (exit ${code}):\n${stderr}`))));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(3));
}
