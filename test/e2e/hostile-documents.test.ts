import { type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocxBomb, makePdfBomb } from '../documents/make-fixtures.js';
import { assertBuilt, explain, makeTempDir, runCli, startServeChild } from './helpers.js';

/** The server's resident memory, from the kernel (what the 4.4 GB in the bug report was). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

async function upload(base: string, name: string, bytes: Buffer): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('collection', 'bombs');
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${base}/upload_document`, { method: 'POST', body: form });
  return { status: response.status, body: await response.json() };
}

describe('a server that hostile documents cannot take down', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let server: { child: ChildProcess; url: string } | undefined;

  beforeAll(async () => {
    assertBuilt();
    tmp = await makeTempDir('bombs');
    await makeDocxBomb(path.join(tmp.dir, 'bomb.docx'), 300);
    await makeDocxBomb(path.join(tmp.dir, 'liar.docx'), 300, { declaredBytes: 1000 });
    await makePdfBomb(path.join(tmp.dir, 'bomb.pdf'), 300);
    server = await startServeChild(['--data-dir', path.join(tmp.dir, 'data')]);
  });
  afterAll(async () => {
    if (server?.child.exitCode === null) {
      const exited = new Promise((resolve) => server!.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
    await tmp?.cleanup();
  });

  it('answers 413 naming the file and the limit, stays under 600 MB and answers /health within 1 s meanwhile', async () => {
    const { child, url } = server!;
    const pid = child.pid!;
    let peakRss = rssMb(pid);
    let uploading = false;
    const health: Array<{ ms: number; status: number; duringUpload: boolean }> = [];
    let sampling = true;
    const rssSampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, rssMb(pid));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const healthSampler = (async () => {
      while (sampling) {
        const duringUpload = uploading;
        const started = performance.now();
        const response = await fetch(`${url}/health`);
        await response.text();
        health.push({ ms: performance.now() - started, status: response.status, duringUpload });
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    const answers: Record<string, { status: number; body: any }> = {};
    try {
      for (const name of ['bomb.docx', 'liar.docx', 'bomb.pdf']) {
        uploading = true;
        answers[name] = await upload(url, name, await readFile(path.join(tmp.dir, name)));
        uploading = false;
      }
    } finally {
      sampling = false;
      await Promise.all([rssSampler, healthSampler]);
    }

    for (const name of ['bomb.docx', 'liar.docx']) {
      expect(answers[name]!.status, JSON.stringify(answers[name]!.body)).toBe(413);
      expect(answers[name]!.body.error).toMatchObject({ code: 'too-large' });
      expect(answers[name]!.body.error.message).toContain(`${name}: word/document.xml inflates to more than 16 MB`);
    }
    expect(answers['bomb.pdf']!.status).toBe(413);
    expect(answers['bomb.pdf']!.body.error.message).toMatch(/^bomb\.pdf: a stream at byte \d+ inflates to more than 64 MB/);

    // The bug report: 4.4 GB and a dead server. Node itself is ~100 MB; a parse that inflated the bomb would be far above this.
    expect(peakRss, `peak RSS ${peakRss.toFixed(0)} MB`).toBeLessThan(600);
    const during = health.filter((h) => h.duringUpload);
    expect(during.length, 'health samples taken while an upload was being handled').toBeGreaterThanOrEqual(3);
    expect(health.every((h) => h.status === 200)).toBe(true);
    expect(Math.max(...health.map((h) => h.ms)), `health latencies: ${health.map((h) => h.ms.toFixed(0)).join(' ')} ms`).toBeLessThan(1000);
    console.info(`hostile uploads: peak RSS ${peakRss.toFixed(0)} MB, ${during.length} /health samples during uploads, slowest ${Math.max(...health.map((h) => h.ms)).toFixed(0)} ms`);

    // Still alive, nothing indexed.
    expect(child.exitCode).toBeNull();
    const list = (await (await fetch(`${url}/list_collections`)).json()) as any;
    expect(list.collections.flatMap((c: any) => c.documents)).toEqual([]);
  });

  it('answers /health within 1 s while it renders a narrated lecture', async () => {
    const { url } = server!;
    // Long narration: one slide's speech is one synthesis call of well over a second.
    const narration = Array.from({ length: 12 }, (_, i) => `Sentence ${i + 1} explains how light, water and carbon dioxide become sugar and oxygen inside the leaf.`).join(' ');
    const notes = ['# Photosynthesis', `<!-- ${narration} -->`, '---', '# Light reactions', '- Water is split', '- Oxygen is released', `<!-- ${narration} -->`].join('\n\n');
    const created = await fetch(`${url}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes, options: { only: ['deck', 'frames', 'audio'] } }) });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    const latencies: number[] = [];
    let state = 'queued';
    while (state !== 'done' && state !== 'failed') {
      const started = performance.now();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      latencies.push(performance.now() - started);
      state = ((await (await fetch(`${url}/jobs/${id}`)).json()) as { state: string }).state;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(state).toBe('done');
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...latencies), `health latencies: ${latencies.map((ms) => ms.toFixed(0)).join(' ')} ms`).toBeLessThan(1000);
    console.info(`render: ${latencies.length} /health samples, slowest ${Math.max(...latencies).toFixed(0)} ms`);
  });

  it('the CLI exits 2 with the same message: lectra docs add and generate --from', async () => {
    const bomb = path.join(tmp.dir, 'bomb.docx');
    const add = await runCli(['docs', 'add', bomb, '--collection-dir', path.join(tmp.dir, 'collection')]);
    expect(add.code, explain(add)).toBe(2);
    expect(add.stderr).toContain('bomb.docx: word/document.xml inflates to more than 16 MB');
    const generate = await runCli(['generate', '--from', bomb, '--llm', 'none', '--only', 'deck', '-o', path.join(tmp.dir, 'out')]);
    expect(generate.code, explain(generate)).toBe(2);
    expect(generate.stderr).toContain('bomb.docx: word/document.xml inflates to more than 16 MB');
  });
});
