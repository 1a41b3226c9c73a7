import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempNameFor } from '../fs/write-file-atomic.js';
import { loadSharp } from '../heavy-deps.js';
import { runChromium } from './run-chromium.js';
import { storedPngSize } from './stored-png-size.js';

/**
 * SVGs whose labels are HTML (`<foreignObject>`: draw.io and diagrams.net exports) lose those
 * labels in resvg and in PowerPoint, which draw SVG but not HTML. Chromium draws them: when it is
 * installed the picture is rasterised once by `chromium --headless --screenshot` (at twice its
 * size, transparent background) into a content-addressed PNG; without it, the SVG is kept (its
 * `<switch>` fallback text, if any, is drawn) and the caller warns.
 */
export function hasHtmlLabels(svg: string): boolean {
  return /<foreignObject[\s>]/i.test(svg);
}

/** Chromium or Chrome: `LECTRA_CHROMIUM`, else the usual names on PATH and install paths. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.LECTRA_CHROMIUM) return existsSync(env.LECTRA_CHROMIUM) ? env.LECTRA_CHROMIUM : undefined;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names) for (const dir of dirs) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  return ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'].find((p) => existsSync(p));
}

export interface SvgRasterOptions {
  /** Where the PNG goes (default: the image store in the temp folder). */
  dir?: string;
  chromium?: string;
  timeoutMs?: number;
}

/**
 * The SVG drawn by Chromium as a PNG (cached by the SVG's SHA-256), or undefined when Chromium is
 * not installed or fails (the caller warns and keeps the SVG).
 */
export async function rasteriseHtmlSvg(file: string, options: SvgRasterOptions = {}): Promise<string | undefined> {
  const chromium = options.chromium ?? findChromium();
  if (!chromium) return undefined;
  const bytes = await readFile(file);
  const dir = options.dir ?? path.join(os.tmpdir(), 'lectra-images');
  const out = path.join(dir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}-svg.png`);
  if (await storedPngSize(out)) return out;
  await mkdir(dir, { recursive: true });
  const size = await svgSize(bytes);
  // Chromium picks the format by extension: the temp name must end in .png.
  const tmp = `${tempNameFor(out)}.png`;
  const profile = path.join(os.tmpdir(), `lectra-chromium-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const cropped = `${tempNameFor(out)}.png`;
  try {
    // Headless windows smaller than about 500 px do not draw their content right: shoot a roomy
    // window and crop it to the picture (at the device scale of 2).
    const window = { width: Math.max(size.width, 800), height: Math.max(size.height, 600) };
    const { code } = await runChromium(chromium, chromiumArgs(pathToFileURL(file).href, tmp, window, profile), options.timeoutMs ?? 30_000);
    if (code !== 0 || !(await storedPngSize(tmp))) return undefined;
    const sharp = await loadSharp();
    await sharp(tmp).extract({ left: 0, top: 0, width: size.width * SCALE, height: size.height * SCALE }).png().toFile(cropped);
    await rename(cropped, out);
    return out;
  } catch {
    return undefined;
  } finally {
    await rm(tmp, { force: true });
    await rm(cropped, { force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

const SCALE = 2;

/** Chromium's command line for one screenshot: no GPU, no first-run, its own profile. Pure. */
export function chromiumArgs(url: string, out: string, size: { width: number; height: number }, profile: string): string[] {
  return [
    '--headless',
    '--disable-gpu',
    '--no-sandbox',
    '--no-first-run',
    '--hide-scrollbars',
    `--force-device-scale-factor=${SCALE}`,
    '--default-background-color=00000000',
    `--user-data-dir=${profile}`,
    `--window-size=${size.width},${size.height}`,
    `--screenshot=${out}`,
    url,
  ];
}

/** The SVG's own size in CSS pixels (width/height, else its viewBox), bounded to 4000. */
async function svgSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const sharp = await loadSharp();
  const meta = await sharp(bytes).metadata().catch(() => undefined);
  const clamp = (n: number | undefined, fallback: number) => Math.max(16, Math.min(4000, Math.round(n ?? fallback)));
  return { width: clamp(meta?.width, 1200), height: clamp(meta?.height, 800) };
}
