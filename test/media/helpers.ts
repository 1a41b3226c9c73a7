import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { encodeWav } from '../../src/media/wav.js';

export const binaries = resolveMediaBinaries({});

export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `lectra-media-${prefix}-`));
  // LECTRA_KEEP_TMP=1 keeps the files for a look after a failing run.
  return { dir, cleanup: () => (process.env.LECTRA_KEEP_TMP ? Promise.resolve() : rm(dir, { recursive: true, force: true })) };
}

/** Distinct, easily told-apart colours for slide i. */
export function slideColour(i: number): { r: number; g: number; b: number } {
  const palette = [
    { r: 220, g: 30, b: 30 },
    { r: 30, g: 200, b: 40 },
    { r: 30, g: 60, b: 220 },
    { r: 230, g: 220, b: 30 },
    { r: 200, g: 40, b: 210 },
    { r: 30, g: 210, b: 210 },
  ];
  return palette[i % palette.length];
}

/** A solid 1920×1080 PNG in slide i's colour, with its number drawn on it. */
export async function makeSlidePng(file: string, i: number, size = { width: 1920, height: 1080 }): Promise<void> {
  const { r, g, b } = slideColour(i);
  const label = Buffer.from(
    `<svg width="${size.width}" height="${size.height}"><text x="80" y="200" font-size="120" fill="white">${i + 1}</text></svg>`,
  );
  await sharp({ create: { width: size.width, height: size.height, channels: 3, background: { r, g, b } } })
    .composite([{ input: label, top: 0, left: 0 }])
    .png({ compressionLevel: 1 })
    .toFile(file);
}

/** A tone of `seconds` at `hz`, so every slide's audio is audible and distinct. */
export function tone(seconds: number, hz: number, sampleRate: number): Int16Array {
  const out = new Int16Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return out;
}

export async function writeWav(file: string, samples: Int16Array, sampleRate: number): Promise<void> {
  await writeFile(file, encodeWav(samples, sampleRate));
}

/** Pids of live processes whose command line contains `token` (reads /proc; Linux only). */
export function processesWith(token: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
