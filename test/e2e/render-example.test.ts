/// <reference lib="dom" />
/**
 * Issues 3 and 4, end to end: one full `lectra render examples/intro-to-photosynthesis.md` through
 * the real CLI, shared by every assertion below (deck.json, PPTX, frames, MP4, audio, subtitles).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../../src/testing/http-helpers.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSync, type NodeCue } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, itemsOf, picturesOf, readDeckJson } from '../support/read-deck-json.js';
import { loadDeck } from '../../src/deck/deck-file.js';
import type { Deck } from '../../src/deck/schema.js';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import type { SlideLayout, TextBox } from '../../src/layout/types.js';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { probeMedia, type ProbedMedia } from '../../src/media/probe.js';
import { runFfmpeg } from '../../src/media/run-ffmpeg.js';
import type { Timeline } from '../../src/media/timeline.js';
import { decodeWav, rmsDb } from '../../src/media/wav.js';
import { readImageInfo } from '../../src/render/image-info.js';
import {
  EMU_PER_IN,
  EXAMPLE,
  SLIDE_H_IN,
  SLIDE_W_IN,
  assertBuilt,
  decodePng,
  explain,
  hexRgb,
  listFiles,
  makeTempDir,
  normalise,
  part,
  plainInline,
  readJson,
  runCli,
  slideNumbers,
  textShapes,
  unzip,
  xmlText,
  type CliResult,
  removeCacheDir,
} from './helpers.js';
import type JSZip from 'jszip';
import { optionalTool } from '../support/optional-tool.js';
import { CHROMIUM, launchChromium } from '../web/chromium.js';

const binaries = resolveMediaBinaries({});
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let out: string;
let run: CliResult;
let deck: Deck;
let layouts: SlideLayout[];
let zip: JSZip;
let timeline: Timeline;
let probe: ProbedMedia;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('example');
  out = path.join(tmp.dir, 'out');
  run = await runCli(['render', EXAMPLE, '-o', out], { timeoutMs: 200_000 });
  if (run.code !== 0) throw new Error(`lectra render failed:\n${explain(run)}`);
  deck = readDeckJson(path.join(out, 'deck.json'));
  // Lay out the deck again with the library, from the output folder's own deck.json and images.
  const loaded = await loadDeck(path.join(out, 'deck.json'));
  const images = await readImageInfo(loaded.deck.slides.flatMap((s) => picturesOf(s).map((p) => p.src)));
  layouts = loaded.deck.slides.map((slide, i) => layoutSlide(slide, i, loaded.deck, { images }));
  zip = await unzip(path.join(out, 'deck.pptx'));
  timeline = readJson(path.join(out, 'timings.json'));
  probe = await probeMedia(path.join(out, 'lecture.mp4'), { binary: binaries.ffprobe });
}, 300_000);

afterAll(async () => {
  await tmp?.cleanup();
  await removeCacheDir();
});

const textBoxes = (layout: SlideLayout) => layout.boxes.filter((b): b is TextBox => b.kind === 'text');
const boxText = (box: TextBox) => normalise(box.lines.map((l) => l.runs.map((r) => r.text).join('')).join(' '));
const squash = (text: string) => text.replace(/\s+/g, '');

describe('issue 3: notes → deck.json → PPTX and frames', () => {
  it('writes the output folder DESIGN.md lists and prints where it is', () => {
    const files = listFiles(out);
    for (const name of ['deck.json', 'deck.pptx', 'lecture.mp4', 'lecture.srt', 'lecture.vtt', 'timings.json', 'profile.json', 'audio/lecture.wav']) {
      expect(files, name).toContain(name);
    }
    expect(files.filter((f) => /^frames\/slide-\d{3}\.png$/.test(f))).toHaveLength(deck.slides.length);
    expect(files.filter((f) => f.includes('.tmp-') || f.startsWith('.work'))).toEqual([]);
    expect(run.stdout).toContain(`Lecture written to ${out}`);
    expect(run.stderr).toMatch(/\[⏱\] Step: Synthesize Audio: \d+\.\d\ds/);
    expect(run.stderr).toMatch(/TOTAL: \d+\.\d\ds/);
  });

  it('deck.json is a valid, versioned deck with every slide of the notes', () => {
    expect(deck.version).toBe(2);
    expect(deck.title).toBe('Introduction to Photosynthesis');
    expect(deck.slides.map((s) => s.title)).toEqual([
      'Introduction to Photosynthesis',
      'What a plant needs',
      'The overall equation',
      'Inside the chloroplast',
      'The Calvin cycle, step by step',
      'Modelling light and rate',
      'What limits the rate?',
      'A leaf up close',
      'Summary',
    ]);
    for (const slide of deck.slides) expect(slide.narration.length, slide.title).toBeGreaterThan(40);
  });

  it('deck.pptx has one slide per deck slide, with its title, bullets and the narration as notes', async () => {
    expect(slideNumbers(zip)).toEqual(deck.slides.map((_, i) => i + 1));
    for (const [i, slide] of deck.slides.entries()) {
      const xml = await part(zip, `ppt/slides/slide${i + 1}.xml`);
      const text = squash(xmlText(xml));
      expect(text, `slide ${i + 1} title`).toContain(squash(slide.title));
      for (const item of itemsOf(slide)) expect(text, `slide ${i + 1} list item`).toContain(squash(plainInline(item.text)));
      for (const code of codeOf(slide)) expect(text, `slide ${i + 1} code`).toContain(squash(code.text.split('\n')[0]!));
      const notes = normalise(xmlText(await part(zip, `ppt/notesSlides/notesSlide${i + 1}.xml`)));
      expect(notes, `slide ${i + 1} notes`).toContain(normalise(slide.narration));
    }
  });

  it('every text box of the layout is a shape at the same place in ppt/slides/slideN.xml (within 1%)', async () => {
    const tolX = 0.01 * SLIDE_W_IN;
    const tolY = 0.01 * SLIDE_H_IN;
    let checked = 0;
    for (const [i, layout] of layouts.entries()) {
      const shapes = textShapes(await part(zip, `ppt/slides/slide${i + 1}.xml`));
      for (const box of textBoxes(layout)) {
        const match = shapes.find(
          (s) => Math.abs(s.x - box.x) <= tolX && Math.abs(s.w - box.w) <= tolX && Math.abs(s.y - box.y) <= tolY && Math.abs(s.h - box.h) <= tolY && squash(s.text) === squash(boxText(box)),
        );
        expect(match, `slide ${i + 1}: ${box.role} "${boxText(box)}" at ${box.x.toFixed(3)},${box.y.toFixed(3)} ${box.w.toFixed(3)}×${box.h.toFixed(3)} in; shapes: ${JSON.stringify(shapes.map((s) => [s.name, +s.x.toFixed(3), +s.y.toFixed(3), +s.w.toFixed(3), +s.h.toFixed(3)]))}`).toBeDefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(deck.slides.length * 2);
    // The slide size itself is the layout's.
    const presentation = await part(zip, 'ppt/presentation.xml');
    const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(presentation);
    expect(Number(size?.[1]) / EMU_PER_IN).toBeCloseTo(SLIDE_W_IN, 2);
    expect(Number(size?.[2]) / EMU_PER_IN).toBeCloseTo(SLIDE_H_IN, 2);
  });

  it('issue 7: every content slide that asks for a picture has one (offline), and its pixels are not uniform', () => {
    const pxPerIn = 1920 / SLIDE_W_IN;
    // The example says `images: generated`: its bullet slides ask for a picture; two bring their own.
    const asking = deck.slides.flatMap((slide, i) => (i > 0 && codeOf(slide).length === 0 ? [i] : []));
    expect(asking.length).toBeGreaterThan(4);
    for (const i of asking) {
      const box = layouts[i]!.boxes.find((b) => b.kind === 'image');
      expect(box, `slide ${i + 1} (${deck.slides[i]!.title}) has an image box`).toBeDefined();
      const png = decodePng(path.join(out, 'frames', `slide-${String(i + 1).padStart(3, '0')}.png`));
      const colours = new Set<number>();
      for (let y = Math.ceil(box!.y * pxPerIn) + 2; y < (box!.y + box!.h) * pxPerIn - 2; y += 7) {
        for (let x = Math.ceil(box!.x * pxPerIn) + 2; x < (box!.x + box!.w) * pxPerIn - 2; x += 7) {
          const o = (y * png.width + x) * 4;
          colours.add((png.data[o]! << 16) | (png.data[o + 1]! << 8) | png.data[o + 2]!);
        }
      }
      expect(colours.size, `slide ${i + 1}: distinct colours in the image box`).toBeGreaterThan(50);
    }
    const credits = readJson(path.join(out, 'credits.json')) as { images: Array<{ slide: number; file: string }> };
    expect(credits.images.length).toBeGreaterThanOrEqual(asking.length - 2);
    for (const entry of credits.images) expect(existsSync(path.join(out, entry.file)), entry.file).toBe(true);
  });

  it('frames are 1920×1080 and every text pixel lies inside a layout text box, within the slide margin', () => {
    const pxPerIn = 1920 / SLIDE_W_IN;
    const tolerance = 6; // px: anti-aliasing and glyph overhang
    for (const [i, layout] of layouts.entries()) {
      const png = decodePng(path.join(out, 'frames', `slide-${String(i + 1).padStart(3, '0')}.png`));
      expect([png.width, png.height], `slide ${i + 1}`).toEqual([1920, 1080]);
      const [br, bg, bb] = hexRgb(layout.background);
      const toPx = (b: { x: number; y: number; w: number; h: number }, grow: number) => ({
        x0: b.x * pxPerIn - grow,
        y0: b.y * pxPerIn - grow,
        x1: (b.x + b.w) * pxPerIn + grow,
        y1: (b.y + b.h) * pxPerIn + grow,
      });
      const texts = textBoxes(layout).map((b) => ({ box: b, px: toPx(b, tolerance), ink: 0 }));
      const others = layout.boxes.filter((b) => b.kind !== 'text').map((b) => toPx(b, 2));
      const inside = (r: { x0: number; y0: number; x1: number; y1: number }, x: number, y: number) => x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1;
      const stray: Array<[number, number]> = [];
      let ink = 0;
      const margin = 0.5 * pxPerIn - tolerance;
      let outsideMargin = 0;
      for (let y = 0; y < png.height; y++) {
        for (let x = 0; x < png.width; x++) {
          const o = (y * png.width + x) * 4;
          const diff = Math.abs(png.data[o]! - br) + Math.abs(png.data[o + 1]! - bg) + Math.abs(png.data[o + 2]! - bb);
          if (diff < 200) continue;
          if (others.some((r) => inside(r, x, y))) continue;
          ink++;
          if (x < margin || y < margin || x >= png.width - margin || y >= png.height - margin) outsideMargin++;
          const owner = texts.find((t) => inside(t.px, x, y));
          if (owner) owner.ink++;
          else if (stray.length < 20) stray.push([x, y]);
        }
      }
      expect(stray, `slide ${i + 1}: text pixels outside every text box (first 20 of them)`).toEqual([]);
      expect(outsideMargin, `slide ${i + 1}: text pixels within 0.5 in of the edge`).toBe(0);
      expect(ink, `slide ${i + 1} has text pixels`).toBeGreaterThan(1000);
      // Each text box that is not over a rectangle (code) really has text drawn in it.
      for (const t of texts) {
        if (others.some((r) => inside(r, (t.px.x0 + t.px.x1) / 2, (t.px.y0 + t.px.y1) / 2))) continue;
        expect(t.ink, `slide ${i + 1}: ${t.box.role} "${boxText(t.box)}" has no text pixels`).toBeGreaterThan(20);
      }
    }
  });

  it('the output folder is self-contained: deck.json points at image copies inside it', () => {
    const withImages = deck.slides.filter((s) => picturesOf(s).length > 0);
    // The notes' own two pictures at least (an image provider may add more).
    expect(withImages.map((s) => s.title)).toEqual(expect.arrayContaining(['What a plant needs', 'A leaf up close']));
    for (const picture of withImages.flatMap(picturesOf)) {
      expect(path.isAbsolute(picture.src), picture.src).toBe(false);
      expect(existsSync(path.join(out, picture.src)), picture.src).toBe(true);
    }
  });

  it('round trip: a copy of the output folder renders again from its deck.json, with identical frames', async () => {
    // Copy deck.json and images/ only, far from examples/, so nothing outside the folder can be used.
    const copy = path.join(tmp.dir, 'copy');
    await mkdir(copy);
    await cp(path.join(out, 'deck.json'), path.join(copy, 'deck.json'));
    await cp(path.join(out, 'images'), path.join(copy, 'images'), { recursive: true });
    const again = path.join(tmp.dir, 'again');
    const result = await runCli(['render', path.join(copy, 'deck.json'), '-o', again, '--only', 'pptx,frames'], { timeoutMs: 200_000 });
    expect(result.code, explain(result)).toBe(0);
    const second = readDeckJson(path.join(again, 'deck.json'));
    const withoutImageSrc = (d: Deck) => ({ ...d, slides: d.slides.map((s) => ({ ...s, blocks: s.blocks.map((b) => (b.type === 'image' ? { ...b, src: '' } : b)) })) });
    expect(withoutImageSrc(second)).toEqual(withoutImageSrc(deck));
    for (const picture of second.slides.flatMap(picturesOf)) expect(existsSync(path.join(again, picture.src))).toBe(true);
    const zip2 = await unzip(path.join(again, 'deck.pptx'));
    expect(slideNumbers(zip2)).toHaveLength(deck.slides.length);
    for (let i = 1; i <= deck.slides.length; i++) {
      const name = `frames/slide-${String(i).padStart(3, '0')}.png`;
      const a = decodePng(path.join(out, name));
      const b = decodePng(path.join(again, name));
      expect(Buffer.compare(a.data, b.data), `${name} differs after the round trip`).toBe(0);
    }
  });

  it('re-rendering an output folder in place keeps one copy of each image (no slide-002-slide-002-… names)', async () => {
    const inPlace = path.join(tmp.dir, 'in-place');
    await mkdir(inPlace);
    await cp(path.join(out, 'deck.json'), path.join(inPlace, 'deck.json'));
    await cp(path.join(out, 'images'), path.join(inPlace, 'images'), { recursive: true });
    const before = listFiles(path.join(inPlace, 'images'));
    const result = await runCli(['render', path.join(inPlace, 'deck.json'), '-o', inPlace, '--only', 'deck'], { timeoutMs: 200_000 });
    expect(result.code, explain(result)).toBe(0);
    expect(listFiles(path.join(inPlace, 'images'))).toEqual(before);
    const srcs = readDeckJson(path.join(inPlace, 'deck.json')).slides.flatMap((s) => picturesOf(s).map((p) => p.src));
    expect(srcs).toEqual(deck.slides.flatMap((s) => picturesOf(s).map((p) => p.src)));
  });
});

describe('issue 4: narrated MP4, audio, subtitles, PPTX narration', () => {
  const slideDurations = () => timeline.slides.map((s) => s.end - s.start);

  it('lecture.mp4: one H.264 1920×1080 stream, one AAC stream, one mov_text subtitle stream with a language', () => {
    const video = probe.streams.filter((s) => s.codecType === 'video');
    const audio = probe.streams.filter((s) => s.codecType === 'audio');
    const subs = probe.streams.filter((s) => s.codecType === 'subtitle');
    expect(video.map((s) => [s.codecName, s.width, s.height, s.pixFmt])).toEqual([['h264', 1920, 1080, 'yuv420p']]);
    expect(audio.map((s) => s.codecName)).toEqual(['aac']);
    expect(subs.map((s) => s.codecName)).toEqual(['mov_text']);
    expect(subs[0]!.language).toBe('eng');
    // Anything else may only be FFmpeg's QuickTime chapter text track (a data stream).
    for (const s of probe.streams.filter((s) => !['video', 'audio', 'subtitle'].includes(s.codecType))) expect(s.codecType).toBe('data');
  });

  it('has one chapter per slide, titled by the slide, starting where the slide starts', () => {
    expect(probe.chapters.map((c) => c.title)).toEqual(deck.slides.map((s) => s.title));
    for (const [i, chapter] of probe.chapters.entries()) {
      expect(chapter.start, `chapter ${i + 1} start`).toBeCloseTo(timeline.slides[i]!.start, 1);
      expect(chapter.end, `chapter ${i + 1} end`).toBeCloseTo(timeline.slides[i]!.end, 1);
    }
  });

  it('lasts timings.json totalSec = the sum of slide durations (within 0.1 s), video and audio alike', () => {
    const sum = slideDurations().reduce((a, b) => a + b, 0);
    expect(timeline.slides).toHaveLength(deck.slides.length);
    expect(Math.abs(timeline.totalSec - sum)).toBeLessThan(0.001);
    expect(Math.abs(probe.durationSec - timeline.totalSec), `mp4 ${probe.durationSec}s vs timings ${timeline.totalSec}s`).toBeLessThan(0.1);
    for (const stream of probe.streams.filter((s) => s.codecType !== 'subtitle')) {
      expect(Math.abs((stream.durationSec ?? 0) - timeline.totalSec), `${stream.codecType} stream ${stream.durationSec}s`).toBeLessThan(0.1);
    }
    // Slides follow each other without gaps.
    for (let i = 1; i < timeline.slides.length; i++) expect(timeline.slides[i]!.start).toBeCloseTo(timeline.slides[i - 1]!.end, 6);
  });

  /** Narration is audible inside every cue and silent inside every prosody pause of ≥ 0.2 s. */
  function checkAudio(samples: Int16Array, sampleRate: number, what: string, silenceMaxDb: number, edge: number): void {
    let cues = 0;
    let pauses = 0;
    for (const slide of timeline.slides) {
      for (const cue of slide.cues) {
        const level = rmsDb(samples, cue.start * sampleRate, cue.end * sampleRate);
        expect(level, `${what}: cue "${cue.text}" at ${cue.start.toFixed(2)}s is silent`).toBeGreaterThan(-35);
        cues++;
      }
      for (const segment of slide.segments.filter((s) => s.kind === 'silence' && s.end - s.start >= 0.2)) {
        const level = rmsDb(samples, (segment.start + edge) * sampleRate, (segment.end - edge) * sampleRate);
        expect(level, `${what}: pause ${segment.start.toFixed(2)}–${segment.end.toFixed(2)}s is not silent`).toBeLessThan(silenceMaxDb);
        pauses++;
      }
    }
    expect(cues).toBeGreaterThan(20);
    expect(pauses, 'timings.json records the prosody pauses').toBeGreaterThan(10);
  }

  it('lecture.wav: speech inside every cue, silence inside every prosody pause', async () => {
    const wav = decodeWav(await readFile(path.join(out, 'audio', 'lecture.wav')));
    expect(wav.sampleRate).toBe(timeline.sampleRate);
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(timeline.totalSec, 2);
    checkAudio(wav.samples, wav.sampleRate, 'lecture.wav', -60, 0);
  });

  it('the MP4 audio track: speech inside every cue, silence inside every prosody pause', async () => {
    const extracted = path.join(tmp.dir, 'from-mp4.wav');
    const rate = timeline.sampleRate;
    await runFfmpeg(['-v', 'error', '-y', '-i', path.join(out, 'lecture.mp4'), '-map', '0:a:0', '-ac', '1', '-ar', String(rate), '-c:a', 'pcm_s16le', extracted], { binary: binaries.ffmpeg });
    const wav = decodeWav(await readFile(extracted));
    expect(Math.abs(wav.samples.length / rate - timeline.totalSec)).toBeLessThan(0.1);
    // AAC smears a little energy across a pause's edges; look inside it.
    checkAudio(wav.samples, rate, 'lecture.mp4 audio', -50, 0.05);
  });

  for (const format of ['srt', 'vtt'] as const) {
    it(`lecture.${format}: cues in order, no overlaps, text = the narration`, async () => {
      const nodes = parseSync(await readFile(path.join(out, `lecture.${format}`), 'utf8'));
      const cues = nodes.filter((n): n is NodeCue => n.type === 'cue').map((n) => n.data);
      expect(cues.length).toBeGreaterThanOrEqual(timeline.slides.reduce((n, s) => n + s.cues.length, 0));
      for (let i = 0; i < cues.length; i++) {
        expect(cues[i]!.end, `cue ${i + 1} ends after it starts`).toBeGreaterThan(cues[i]!.start);
        if (i > 0) expect(cues[i]!.start, `cue ${i + 1} overlaps cue ${i}`).toBeGreaterThanOrEqual(cues[i - 1]!.end);
      }
      expect(cues[0]!.start).toBeGreaterThanOrEqual(0);
      expect(cues.at(-1)!.end / 1000).toBeLessThanOrEqual(timeline.totalSec + 0.001);
      const cueText = normalise(cues.map((c) => c.text).join(' '));
      expect(cueText).toBe(normalise(deck.slides.map((s) => s.narration).join(' ')));
      // And each cue sits inside the sentence it comes from (timings.json).
      const sentences = timeline.slides.flatMap((s) => s.cues);
      for (const cue of cues) {
        const owner = sentences.find((s) => cue.start / 1000 >= s.start - 0.0015 && cue.end / 1000 <= s.end + 0.0015);
        expect(owner, `cue ${cue.start}–${cue.end} "${cue.text}" lies inside a narration sentence`).toBeDefined();
        expect(normalise(owner!.text)).toContain(normalise(cue.text));
      }
    });
  }

  it('deck.pptx: every slide carries its narration audio, plays it automatically and advances after it', async () => {
    for (const [i, duration] of slideDurations().entries()) {
      const n = i + 1;
      const rels = await part(zip, `ppt/slides/_rels/slide${n}.xml.rels`);
      const audioTargets = [...rels.matchAll(/<Relationship\b[^>]*Type="[^"]*\/audio"[^>]*>/g)].map((m) => /Target="([^"]+)"/.exec(m[0])?.[1]);
      expect(audioTargets.length, `slide ${n} audio relationship`).toBeGreaterThan(0);
      const media = path.posix.normalize(path.posix.join('ppt/slides', audioTargets[0]!));
      // Narration is embedded as AAC (.m4a); its length says it is this slide's own narration.
      expect(media).toMatch(/^ppt\/media\/.+\.m4a$/);
      const extracted = path.join(tmp.dir, `pptx-slide-${n}.m4a`);
      await writeFile(extracted, await zip.file(media)!.async('uint8array'));
      const probed = await probeMedia(extracted, { binary: resolveMediaBinaries({}).ffprobe });
      expect(probed.streams.map((st) => st.codecName), `slide ${n}: ${media}`).toEqual(['aac']);
      // AAC frames are 1024 samples (46 ms at 22.05 kHz); the MP4 edit list trims to the real length.
      expect(Math.abs(probed.durationSec - duration), `slide ${n}: ${media} is this slide's narration`).toBeLessThan(0.05);
      const xml = await part(zip, `ppt/slides/slide${n}.xml`);
      const advTm = /<p:transition\b[^>]*\badvTm="(\d+)"/.exec(xml)?.[1];
      expect(advTm, `slide ${n} has an advance timing`).toBeDefined();
      expect(Math.abs(Number(advTm) - duration * 1000), `slide ${n} advTm ${advTm} vs ${duration * 1000}`).toBeLessThanOrEqual(1);
      expect(xml, `slide ${n} autoplays its audio`).toMatch(/<p:timing>[\s\S]*<p:audio>[\s\S]*<\/p:timing>/);
      expect(xml).toMatch(/<a:audioFile r:link="/);
    }
  });
});

/** A static file server for one folder with HTTP Range support, as a browser's <video> needs for seeking. */
async function serveFolder(dir: string, page: string): Promise<{ url: string; server: Server; ranges: string[] }> {
  const ranges: string[] = [];
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (name === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
      return;
    }
    const file = path.join(dir, path.normalize(name));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const size = statSync(file).size;
    const type = file.endsWith('.mp4') ? 'video/mp4' : file.endsWith('.vtt') ? 'text/vtt' : 'application/octet-stream';
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (!range) {
      res.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes' });
      createReadStream(file).pipe(res);
      return;
    }
    ranges.push(req.headers.range!);
    const start = range[1] ? Number(range[1]) : size - Number(range[2]);
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, { 'content-type': type, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}`, 'accept-ranges': 'bytes' });
    createReadStream(file, { start, end }).pipe(res);
  });
  return { url: `http://127.0.0.1:${await listenOnLoopback(server)}/`, server, ranges };
}

describe('issue 4: lecture.mp4 plays and seeks in Chromium', () => {
  it.skipIf(!optionalTool('chromium', existsSync(CHROMIUM)))('plays (currentTime advances) and seeks to the middle (seeked, readyState ≥ 2)', async () => {
    const page = '<!doctype html><title>lecture</title><video id="v" src="/lecture.mp4" muted autoplay playsinline preload="auto" width="480"></video>';
    const { url, server, ranges } = await serveFolder(out, page);
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'lectra-e2e-chromium-'));
    const browser = await launchChromium(userDataDir);
    try {
      const tab = browser.pages()[0] ?? (await browser.newPage());
      await tab.goto(url);
      const played = await tab.evaluate(async () => {
        const v = document.getElementById('v') as HTMLVideoElement;
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline && !v.error && v.currentTime < 0.5) {
          if (v.paused && v.readyState >= 2) await v.play().catch(() => undefined);
          await new Promise((r) => setTimeout(r, 50));
        }
        return { currentTime: v.currentTime, duration: v.duration, width: v.videoWidth, height: v.videoHeight, error: v.error ? `${v.error.code} ${v.error.message}` : null };
      });
      expect(played.error, 'the video element reports an error (is H.264 supported by this Chromium?)').toBeNull();
      expect(played.currentTime, 'currentTime advances while playing').toBeGreaterThan(0.5);
      expect([played.width, played.height]).toEqual([1920, 1080]);
      expect(Math.abs(played.duration - timeline.totalSec)).toBeLessThan(0.1);
      const middle = timeline.totalSec / 2;
      const seeked = await tab.evaluate(async (to: number) => {
        const v = document.getElementById('v') as HTMLVideoElement;
        v.pause();
        const done = new Promise<boolean>((resolve) => {
          v.addEventListener('seeked', () => resolve(true), { once: true });
          setTimeout(() => resolve(false), 10_000);
        });
        v.currentTime = to;
        const fired = await done;
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline && v.readyState < 2) await new Promise((r) => setTimeout(r, 50));
        return { fired, currentTime: v.currentTime, readyState: v.readyState, error: v.error ? `${v.error.code} ${v.error.message}` : null };
      }, middle);
      expect(seeked.error).toBeNull();
      expect(seeked.fired, 'the seeked event fires').toBe(true);
      expect(seeked.readyState).toBeGreaterThanOrEqual(2);
      expect(Math.abs(seeked.currentTime - middle)).toBeLessThan(1);
      expect(ranges.length, 'the browser used Range requests').toBeGreaterThan(0);
    } finally {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(userDataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
