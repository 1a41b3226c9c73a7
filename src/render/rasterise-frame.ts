import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { loadResvg } from '../heavy-deps.js';
import { isLectraError, LectraError, throwIfAborted, abortError } from '../errors.js';
import { allFontFiles, FONT_FAMILIES } from '../layout/fonts.js';
import { FRAME_WIDTH_PX, PX_PER_IN, type SlideLayout } from '../layout/types.js';
import { frameSvg } from './frame-svg.js';
import { imageDataUri } from './image-info.js';
import { reclaimNativeMemory } from './reclaim-native-memory.js';

/**
 * Slide layouts → 1920×1080 PNG frames with resvg, using only the bundled fonts (the ones the
 * layout measured), never the system's. resvg-js cannot share a font database between renders,
 * but loading the seven TTFs costs a few milliseconds; renderAsync runs on libuv's thread pool,
 * so frames render in parallel without blocking the event loop.
 */
export interface RasteriseOptions {
  signal?: AbortSignal;
}

export interface RasteriseDeckOptions extends RasteriseOptions {
  /** Frames rendered at once (default: the CPU count, at most 4). */
  concurrency?: number;
  /** Called as each frame file is complete. */
  onFrame?: (index: number, file: string) => void;
}

function resvgOptions(): ResvgRenderOptions {
  return {
    font: { fontFiles: allFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILIES.sans },
    fitTo: { mode: 'width', value: FRAME_WIDTH_PX },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
    logLevel: 'off',
  };
}

/** Data URIs of the slide's images, scaled to the pixels they cover. */
async function embedImages(layout: SlideLayout): Promise<Map<string, string>> {
  const uris = new Map<string, string>();
  for (const box of layout.boxes) {
    if (box.kind !== 'image' || uris.has(box.path)) continue;
    uris.set(box.path, await imageDataUri(box.path, box.w * PX_PER_IN, box.h * PX_PER_IN));
  }
  return uris;
}

export async function rasteriseFrame(layout: SlideLayout, options: RasteriseOptions = {}): Promise<Buffer> {
  throwIfAborted(options.signal);
  const uris = await embedImages(layout);
  const svg = frameSvg(layout, { embedImage: (p) => uris.get(p) ?? '' });
  throwIfAborted(options.signal);
  try {
    // resvg-js (napi-rs) binds a signal to one call only and rejects reuse with InvalidArg, so the
    // signal is checked around the ~40 ms render instead of being handed to it.
    const { renderAsync } = await loadResvg();
    const image = await renderAsync(svg, resvgOptions());
    throwIfAborted(options.signal);
    const png = image.asPng();
    reclaimNativeMemory();
    return png;
  } catch (cause) {
    if (options.signal?.aborted) throw abortError(options.signal.reason);
    throw new LectraError('render-failed', `Could not draw the frame of slide ${layout.index + 1}: ${String((cause as Error)?.message ?? cause)}`, {
      cause,
      slide: layout.index + 1,
    });
  }
}

export function frameFileName(index: number): string {
  return `slide-${String(index + 1).padStart(3, '0')}.png`;
}

/** Writes a file under a temporary name and renames it, so a crash never leaves half a frame. */
async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw isLectraError(error) ? error : new LectraError('render-failed', `Could not write the frame ${file}: ${String(error)}`, { cause: error, file });
  }
}

/**
 * Renders every layout to `framesDir/slide-NNN.png` (NNN = slide number) and returns the paths
 * in layout order.
 */
export async function rasteriseDeck(layouts: SlideLayout[], framesDir: string, options: RasteriseDeckOptions = {}): Promise<string[]> {
  await mkdir(framesDir, { recursive: true });
  const files = layouts.map((l) => path.join(framesDir, frameFileName(l.index)));
  const concurrency = Math.max(1, options.concurrency ?? Math.min(4, availableParallelism()));
  let next = 0;
  let failed = false; // one failure stops the other workers from starting new frames
  const worker = async (): Promise<void> => {
    while (!failed && next < layouts.length) {
      const i = next++;
      try {
        throwIfAborted(options.signal);
        const png = await rasteriseFrame(layouts[i], { signal: options.signal });
        throwIfAborted(options.signal);
        await writeAtomic(files[i], png);
      } catch (error) {
        failed = true;
        throw error;
      }
      options.onFrame?.(layouts[i].index, files[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, layouts.length) }, worker));
  return files;
}
