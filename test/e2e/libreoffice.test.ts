/**
 * Issues 3 and 4 (optional): LibreOffice opens the PPTX LECTRA writes — a PDF with one page per
 * slide, and, converted to ODP, every slide advances by itself after its narration, which starts
 * on its own. Skipped, with a message, where `soffice` is not installed; required in CI (.ci/run
 * installs libreoffice-impress).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice, optionalTool } from '../support/optional-tool.js';
import { EXAMPLE, assertBuilt, explain, makeTempDir, readJson, removeCacheDir, runCli, unzip } from './helpers.js';

const soffice = findSoffice();
const hasSoffice = optionalTool('soffice', soffice !== undefined);
let tmp: Awaited<ReturnType<typeof makeTempDir>> | undefined;

afterAll(async () => {
  await tmp?.cleanup();
  await removeCacheDir();
});

describe.skipIf(!hasSoffice)('issue 3: LibreOffice opens deck.pptx', () => {
  it('soffice --headless --convert-to pdf makes one page per slide', async () => {
    assertBuilt();
    tmp = await makeTempDir('soffice');
    const out = path.join(tmp.dir, 'out');
    const render = await runCli(['render', EXAMPLE, '-o', out, '--only', 'pptx'], { timeoutMs: 200_000 });
    expect(render.code, explain(render)).toBe(0);
    // A private profile so a running LibreOffice (or a first-start dialog) cannot interfere.
    const profile = `file://${path.join(tmp.dir, 'lo-profile')}`;
    execFileSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', tmp.dir, path.join(out, 'deck.pptx')], { timeout: 120_000, stdio: 'pipe' });
    const pdf = readFileSync(path.join(tmp.dir, 'deck.pdf'), 'latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    expect(pages).toBe(9);
  }, 300_000);

  it('Impress reads a native table (deck.json v2): its rows and cells, as a table', async () => {
    assertBuilt();
    tmp ??= await makeTempDir('soffice');
    const notes = path.join(tmp.dir, 'table.md');
    writeFileSync(notes, '# Planets\n\n| Planet | Moons |\n|:--|--:|\n| Earth | 1 |\n| Mars | 2 |\n\nMars has ==two== moons.\n');
    const out = path.join(tmp.dir, 'table-out');
    const render = await runCli(['render', notes, '-o', out, '--only', 'pptx'], { timeoutMs: 200_000 });
    expect(render.code, explain(render)).toBe(0);
    const profile = `file://${path.join(tmp.dir, 'lo-profile')}`;
    execFileSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'odp', '--outdir', tmp.dir, path.join(out, 'deck.pptx')], { timeout: 120_000, stdio: 'pipe' });
    const content = await (await unzip(path.join(tmp.dir, 'deck.odp'))).file('content.xml')!.async('string');
    const table = /<table:table[ >][\s\S]*?<\/table:table>/.exec(content)?.[0];
    expect(table, 'a table in the ODP').toBeDefined();
    const rows = [...table!.matchAll(/<table:table-row[ >][\s\S]*?<\/table:table-row>/g)].map((row) => [...row[0].matchAll(/<table:table-cell[ >][\s\S]*?<\/table:table-cell>/g)].map((cell) => cell[0].replace(/<[^>]+>/g, '')));
    expect(rows).toEqual([
      ['Planet', 'Moons'],
      ['Earth', '1'],
      ['Mars', '2'],
    ]);
  }, 300_000);

  it('Impress reads the narration: each slide plays its audio by itself and advances after it', async () => {
    assertBuilt();
    tmp ??= await makeTempDir('soffice');
    const out = path.join(tmp.dir, 'narrated');
    const render = await runCli(['render', EXAMPLE, '-o', out, '--only', 'pptx,audio'], { timeoutMs: 200_000 });
    expect(render.code, explain(render)).toBe(0);
    const profile = `file://${path.join(tmp.dir, 'lo-profile')}`;
    execFileSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'odp', '--outdir', tmp.dir, path.join(out, 'deck.pptx')], { timeout: 120_000, stdio: 'pipe' });
    const content = await (await unzip(path.join(tmp.dir, 'deck.odp'))).file('content.xml')!.async('string');
    const durations = readJson<{ slides: Array<{ start: number; end: number }> }>(path.join(out, 'timings.json')).slides.map((s) => s.end - s.start);

    // Auto-advance: Impress keeps it on each page's style (whole seconds in LibreOffice 7).
    const styles = new Map([...content.matchAll(/<style:style style:name="(dp\d+)"[^>]*>([\s\S]*?)<\/style:style>/g)].map((m) => [m[1]!, m[2]!]));
    const pages = [...content.matchAll(/<draw:page [^>]*draw:style-name="(dp\d+)"[^>]*>([\s\S]*?)<\/draw:page>/g)];
    expect(pages).toHaveLength(9);
    for (const [i, page] of pages.entries()) {
      const style = styles.get(page[1]!) ?? '';
      expect(style, `slide ${i + 1} advances by itself`).toContain('presentation:transition-type="automatic"');
      const seconds = Number(/presentation:duration="PT(\d+(?:\.\d+)?)S"/.exec(style)?.[1]);
      expect(Math.abs(seconds - durations[i]!), `slide ${i + 1} advances after its narration`).toBeLessThan(1);
      // Autoplay: the main sequence plays the slide's embedded audio "after previous", for its length.
      const body = page[2]!;
      expect(body).toMatch(/<draw:plugin xlink:href="[^"]+\.m4a"/);
      expect(body).toContain('presentation:node-type="after-previous"');
      const play = /<anim:command smil:dur="([\d.]+)s"[^>]*anim:command="play"/.exec(body);
      expect(Math.abs(Number(play?.[1]) - durations[i]!), `slide ${i + 1} plays its narration`).toBeLessThan(0.002);
    }
  }, 300_000);
});
