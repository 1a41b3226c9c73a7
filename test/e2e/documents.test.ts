/**
 * Issue 10, end to end: `lectra generate --from <files…>` through the real CLI. With an LLM (the
 * local Ollama stand-in) the lecture is written from passages of the files, slide by slide, each
 * slide rendered as soon as it is written; with `--llm none` an extractive lecture is made.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeckJson } from '../support/read-deck-json.js';
import type { Profile } from '../../src/pipeline/profiler.js';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { probeMedia } from '../../src/media/probe.js';
import { makeDocx, makeFactsPdf } from '../documents/make-fixtures.js';
import { startLlmServer, type LlmServer } from '../servers/llm-server.js';
import { assertBuilt, explain, makeTempDir, readJson, removeCacheDir, runCli } from './helpers.js';

const binaries = resolveMediaBinaries({});
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let llm: LlmServer;
let pdf: string;
let docx: string;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('documents');
  pdf = path.join(tmp.dir, 'facts.pdf');
  docx = path.join(tmp.dir, 'lab.docx');
  await makeFactsPdf(pdf);
  await makeDocx(docx);
  llm = await startLlmServer({ firstTokenMs: 30, latencyMsPerToken: 3 });
});

afterAll(async () => {
  await llm?.close();
  await tmp?.cleanup();
  await removeCacheDir();
});

describe('issue 10: generate --from documents', () => {
  it('with an LLM: slides written from the files, with sources, rendered slide by slide into a whole lecture', async () => {
    const out = path.join(tmp.dir, 'grounded');
    const result = await runCli(['generate', '--from', pdf, docx, '--slides', '3', '--llm-url', llm.url, '--llm-concurrency', '1', '-o', out], { timeoutMs: 200_000 });
    expect(result.code, explain(result)).toBe(0);
    const deck = readDeckJson(path.join(out, 'deck.json'));
    expect(deck.slides).toHaveLength(4);
    for (const slide of deck.slides.slice(1)) {
      expect(slide.sources?.length, `"${slide.title}" lists its sources`).toBeGreaterThan(0);
      for (const source of slide.sources!) expect(['facts.pdf', 'lab.docx']).toContain(source.file);
      expect(slide.notes).toMatch(/Sources?: (facts\.pdf|lab\.docx)/);
    }
    // Every prompt was built from passages of the files.
    const prompts = llm.requests.filter((r) => r.path === '/api/chat').map((r) => JSON.stringify(r.body));
    expect(prompts).toHaveLength(4);
    for (const prompt of prompts) expect(prompt).toContain('Passages:');

    // Per slide: with one LLM slot the slides are written one after another, and the first
    // content slide is already being rendered before the last one has been written.
    const profile = readJson<Profile>(path.join(out, 'profile.json'));
    const task = (stage: string, slide: number) => profile.tasks.find((t) => t.stage === stage && t.slide === slide)!;
    expect(task('images', 2).startMs).toBeLessThan(task('content', 4).endMs);
    expect(task('content', 3).startMs).toBeGreaterThanOrEqual(task('content', 2).endMs - 1);
    expect(profile.tasks.some((t) => t.id === 'documents')).toBe(true);

    const probe = await probeMedia(path.join(out, 'lecture.mp4'), { binary: binaries.ffprobe });
    expect(probe.chapters.map((c) => c.title)).toEqual(deck.slides.map((s) => s.title));
  });

  it('--llm none: an extractive lecture from the files, no LLM asked', async () => {
    const out = path.join(tmp.dir, 'extractive');
    const before = llm.requests.length;
    const result = await runCli(['generate', '--from', pdf, '--llm', 'none', '--slides', '3', '--only', 'deck', '-o', out]);
    expect(result.code, explain(result)).toBe(0);
    const deck = readDeckJson(path.join(out, 'deck.json'));
    expect(deck.slides.length).toBeGreaterThanOrEqual(2);
    expect(deck.slides.slice(1).some((s) => s.sources?.some((src) => src.file === 'facts.pdf'))).toBe(true);
    expect(llm.requests.length).toBe(before);
  });

  it('a file that is not a document → exit 2 naming the file and what is accepted', async () => {
    const out = path.join(tmp.dir, 'bad');
    const result = await runCli(['generate', '--from', path.join(tmp.dir, 'missing.pdf'), '--llm-url', llm.url, '-o', out]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toContain('missing.pdf');
  });

  it.each([
    ['a device', () => '/dev/zero', /\/dev\/zero is a device, not a regular file: pass a document \(\.pdf \.docx/],
    ['a FIFO', () => {
      const fifo = path.join(tmp.dir, 'pipe.pdf');
      if (!existsSync(fifo)) execFileSync('mkfifo', [fifo]);
      return fifo;
    }, /pipe\.pdf is a pipe \(FIFO\), not a regular file/],
  ])('%s as a document → exit 2 at once, nothing read', async (_name, input, says) => {
    const out = path.join(tmp.dir, 'not-a-file');
    const result = await runCli(['generate', '--from', input(), '--llm', 'none', '-o', out]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(existsSync(out)).toBe(false);
  });
});
