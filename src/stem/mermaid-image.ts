import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { loadResvg } from '../heavy-deps.js';
import { runChromium } from '../images/run-chromium.js';
import { storedPngSize } from '../images/stored-png-size.js';
import { findChromium } from '../images/svg-html-labels.js';
import { allFontFiles, FONT_FAMILIES } from '../layout/fonts.js';
import type { DiagramResult } from './diagram-image.js';

/**
 * Mermaid diagrams (```mermaid blocks). Mermaid lays diagrams out in a browser, so headless
 * Chromium runs it once per diagram on a page of our own (`--dump-dom`: the page hands back the
 * SVG); labels are plain SVG text (no HTML labels) in the slides' font, and resvg draws the SVG
 * at twice its size into the image store, named by the source's hash — a cached diagram never
 * starts the browser. Without Chromium (or the optional `mermaid` package) the block stays code,
 * and the caller warns.
 */
const require = createRequire(import.meta.url);
const SCALE = 2;

function mermaidScript(): string | undefined {
  try {
    return path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
  } catch {
    return undefined;
  }
}

export async function mermaidImage(source: string, dir: string, options: { chromium?: string; timeoutMs?: number } = {}): Promise<DiagramResult> {
  const file = path.join(dir, `${createHash('sha256').update(`mermaid\u0000${source}`).digest('hex').slice(0, 32)}-mermaid.png`);
  const size = await storedPngSize(file);
  if (size) return { path: file, ...size };
  const chromium = options.chromium ?? findChromium();
  if (!chromium) return { error: 'Chromium is not installed (`apt install chromium`, or set LECTRA_CHROMIUM), and Mermaid needs a browser', missingTool: true };
  const script = mermaidScript();
  if (!script) return { error: 'the optional package `mermaid` is not installed (`npm install mermaid`)', missingTool: true };
  const work = path.join(os.tmpdir(), `lectra-mermaid-${process.pid}-${Math.random().toString(36).slice(2)}`);
  await mkdir(work, { recursive: true });
  try {
    const page = path.join(work, 'diagram.html');
    await writeFile(page, pageHtml(source, pathToFileURL(script).href));
    const { stdout: dom } = await runChromium(chromium, chromiumArgs(pathToFileURL(page).href, path.join(work, 'profile')), options.timeoutMs ?? 30_000);
    const error = /data-error="([^"]*)"/.exec(dom)?.[1];
    if (error) return { error: decode(error).split('\n')[0]!.slice(0, 200) };
    const encoded = /data-svg="([^"]*)"/.exec(dom)?.[1];
    if (!encoded) return { error: 'Mermaid gave no picture (the page did not finish in time)' };
    const svg = Buffer.from(encoded, 'base64').toString('utf8');
    const { Resvg } = await loadResvg();
    const rendered = new Resvg(svg, { fitTo: { mode: 'zoom', value: SCALE }, font: { fontFiles: allFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILIES.sans }, logLevel: 'off' }).render();
    await writeFileAtomic(file, rendered.asPng());
    return { path: file, width: rendered.width, height: rendered.height };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The page Chromium runs: Mermaid renders the source and puts the SVG (base64) or the error on <body>. */
export function pageHtml(source: string, scriptUrl: string): string {
  const config = { startOnLoad: false, securityLevel: 'strict', theme: 'neutral', fontFamily: FONT_FAMILIES.sans, htmlLabels: false, flowchart: { htmlLabels: false }, class: { htmlLabels: false } };
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="${escapeAttr(scriptUrl)}"></script>
<script>
const source = ${JSON.stringify(source)};
const b64 = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
mermaid.initialize(${JSON.stringify(config)});
mermaid.render('diagram', source)
  .then((r) => document.body.setAttribute('data-svg', b64(r.svg)))
  .catch((e) => document.body.setAttribute('data-error', String((e && e.message) || e)));
</script></body></html>`;
}

/** Chromium's command line: run the page's scripts (virtual time, so no real waiting), print the DOM. Pure. */
export function chromiumArgs(url: string, profile: string): string[] {
  return ['--headless', '--disable-gpu', '--no-sandbox', '--no-first-run', `--user-data-dir=${profile}`, '--allow-file-access-from-files', '--virtual-time-budget=15000', '--dump-dom', url];
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
