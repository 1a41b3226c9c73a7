import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsCommand } from '../../src/cli/docs-command.js';
import type { CliContext } from '../../src/cli/cli-context.js';
import { deckFromDocuments } from '../../src/documents/deck-from-documents.js';
import { makeFactsPdf } from './make-fixtures.js';

let dir: string;

function context() {
  let out = '';
  const sink = (fn: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (fn(String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  const ctx: CliContext = { stdout: sink((s) => (out += s)), stderr: sink(() => {}), signal: new AbortController().signal };
  return { ctx, output: () => out };
}

async function run(args: string[]): Promise<string> {
  const { ctx, output } = context();
  await docsCommand(ctx).exitOverride().parseAsync(args, { from: 'user' });
  return output();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-docs-cli-'));
  await makeFactsPdf(path.join(dir, 'facts.pdf'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lectra docs', () => {
  it('adds, lists, searches and removes', async () => {
    const store = ['--collection-dir', path.join(dir, 'store')];
    expect(await run(['add', path.join(dir, 'facts.pdf'), ...store])).toMatch(/^added {5}facts\.pdf — Iceland Field Guide \(pdf, \d+ chunks\)/);
    expect(await run(['list', ...store])).toMatch(/facts\.pdf/);
    expect(await run(['search', 'puffins', 'cliffs', '-k', '1', ...store])).toMatch(/^1\. facts\.pdf, p\. 4 — Wildlife and Birds/);
    expect(await run(['remove', 'facts.pdf', ...store])).toMatch(/^removed/);
    expect(await run(['list', ...store])).toMatch(/No documents/);
  });

  it('deckFromDocuments without an LLM makes an extractive lecture', async () => {
    const deck = await deckFromDocuments([path.join(dir, 'facts.pdf')], { slides: 4 });
    expect(deck.slides).toHaveLength(5);
    expect(deck.slides[3]!.sources![0]!.page).toBe(3);
  });
});
