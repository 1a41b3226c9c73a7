/**
 * Issue 3 (optional): LibreOffice opens the PPTX LECTRA writes and converts it to a PDF with one
 * page per slide. Skipped, with a message, where `soffice` is not installed; not part of .ci/run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE, assertBuilt, explain, makeTempDir, removeCacheDir, runCli } from './helpers.js';

function findSoffice(): string | undefined {
  for (const name of ['soffice', 'libreoffice']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'].find((p) => existsSync(p));
}

const soffice = findSoffice();
let tmp: Awaited<ReturnType<typeof makeTempDir>> | undefined;

afterAll(async () => {
  await tmp?.cleanup();
  await removeCacheDir();
});

describe('issue 3 (optional): LibreOffice opens deck.pptx', () => {
  it('soffice --headless --convert-to pdf makes one page per slide', async (ctx) => {
    if (!soffice) ctx.skip('LibreOffice (soffice) is not installed: skipping the optional PPTX → PDF check. Install libreoffice-impress to run it.');
    assertBuilt();
    tmp = await makeTempDir('soffice');
    const out = path.join(tmp.dir, 'out');
    const render = await runCli(['render', EXAMPLE, '-o', out, '--only', 'pptx'], { timeoutMs: 60_000 });
    expect(render.code, explain(render)).toBe(0);
    // A private profile so a running LibreOffice (or a first-start dialog) cannot interfere.
    const profile = `file://${path.join(tmp.dir, 'lo-profile')}`;
    execFileSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', tmp.dir, path.join(out, 'deck.pptx')], { timeout: 120_000, stdio: 'pipe' });
    const pdf = readFileSync(path.join(tmp.dir, 'deck.pdf'), 'latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    expect(pages).toBe(9);
  }, 150_000);
});
