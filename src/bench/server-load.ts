import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { syntheticNotes } from './synthetic-deck.js';
import { PACKAGE_ROOT } from '../package-root.js';

/** The CLI a user runs (the bundle in dist/bin). */
const CLI = path.join(PACKAGE_ROOT, 'dist', 'bin', 'lectra.js');

export interface ServerLoadResult {
  posted: number;
  accepted: number;
  refused429: number;
  finished: number;
  lost: number;
  wallSec: number;
  /** Peak resident memory of the server process (VmHWM), MB. */
  serverPeakRssMb: number;
}

/**
 * The issue-9 load scenario: `lectra serve` in its own process, 20 concurrent `POST /jobs` with a
 * small notes deck, then wait until every accepted job has finished. Reports what was accepted,
 * refused with 429, finished and lost, and the server's peak RSS (read from /proc, so Linux only).
 */
export async function runServerLoad(dir: string, jobs = 20): Promise<ServerLoadResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', path.join(dir, 'data'), '--max-jobs', '2', '--max-queue', '16'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LECTRA_CACHE_DIR: path.join(dir, 'cache'), LECTRA_ONLY: 'deck,frames,pptx,audio,video' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += String(c);
        const match = /serving on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`lectra serve exited (${code})`)));
    });
    const notes = syntheticNotes(4, { title: 'Load test' });
    const answers = await Promise.all(
      Array.from({ length: jobs }, (_, i) =>
        fetch(`${url}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: notes.replace('Load test', `Load test ${i}`) }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string; job?: { id: string } } })),
      ),
    );
    const ids = answers.filter((a) => a.status === 202).map((a) => a.body.id ?? a.body.job?.id).filter((id): id is string => Boolean(id));
    let finished = 0;
    for (const id of ids) {
      for (;;) {
        const job = (await (await fetch(`${url}/jobs/${id}`)).json()) as { state?: string; job?: { state: string } };
        const state = job.state ?? job.job?.state;
        if (state === 'done' || state === 'failed' || state === 'cancelled') {
          if (state === 'done') finished += 1;
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const status = await fs.readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const refused429 = answers.filter((a) => a.status === 429).length;
    return { posted: jobs, accepted: ids.length, refused429, finished, lost: jobs - ids.length - refused429 + (ids.length - finished), wallSec: Number(((performance.now() - started) / 1000).toFixed(2)), serverPeakRssMb: Math.round(hwm / 1024) };
  } finally {
    child.kill('SIGTERM');
  }
}
