import { setMaxListeners } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LectraOptions, OutputKind, ResolvedOptions } from '../config/options.js';
import { withDefaults } from '../config/with-defaults.js';
import { saveDeck } from '../deck/deck-file.js';
import type { Deck, Slide } from '../deck/schema.js';
import { writeFileAtomic } from '../deck/write-file-atomic.js';
import { abortError, throwIfAborted } from '../errors.js';
import { layoutSlide } from '../layout/layout-slide.js';
import type { SlideLayout } from '../layout/types.js';
import { resolveMediaBinaries, type MediaBinaries } from '../media/binaries.js';
import { encodeLecture, writeSubtitleFiles } from '../media/encode-lecture.js';
import { buildTimeline, type Timeline } from '../media/timeline.js';
import { concatSamples, encodeWav } from '../media/wav.js';
import { readImageInfo } from '../render/image-info.js';
import { rasteriseFrame } from '../render/rasterise-frame.js';
import { writePptx } from '../render/write-pptx.js';
import { narrationFromSlide } from '../speech/narration-from-slide.js';
import { tagProsody } from '../speech/prosody.js';
import { getSpeechProviderDefinition, resolveVoice } from '../speech/registry.js';
import { synthesizeSlide } from '../speech/synthesize-slide.js';
import type { SpeechProvider } from '../speech/contract.js';
import type { LectureSource } from './lecture-source.js';
import { outputPaths, slugify, type OutputPaths } from './output-paths.js';
import { Profiler, type Profile } from './profiler.js';
import type { ProgressListener } from './progress.js';
import { ResourcePool } from './resource-pool.js';
import { SlideImages } from './slide-images.js';
import { creditsSlide } from './credits-slide.js';
import { writeCredits } from '../images/credits.js';
import os from 'node:os';

export interface RenderHooks {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** A profiler already recording earlier stages (topic mode's outline and content). */
  profiler?: Profiler;
}

export interface RenderResult {
  outDir: string;
  deck: Deck;
  files: Partial<Record<'deck' | 'pptx' | 'video' | 'srt' | 'vtt' | 'timings' | 'profile' | 'audio' | 'credits', string>>;
  frames: string[];
  timeline?: Timeline;
  profile: Profile;
}

type SlideAudio = Awaited<ReturnType<typeof synthesizeSlide>>;

interface SlideOutput {
  slide: Slide;
  layout: SlideLayout;
  frame?: string;
  audio?: SlideAudio;
}

interface RunContext {
  opts: ResolvedOptions;
  header: Deck;
  paths: OutputPaths;
  profiler: Profiler;
  cpu: ResourcePool;
  speechPool: ResourcePool;
  speech?: SpeechSetup;
  images: SlideImages;
  needFrames: boolean;
  signal: AbortSignal;
  slideCount: number;
}

/**
 * The renderer. Each slide runs its own chain as soon as the slide exists — layout → frame, and
 * narration → prosody → speech — bounded by per-resource pools; the joins (timeline, audio,
 * PPTX, video) wait for every slide. `--schedule staged` runs the same tasks with the seed's
 * stage barriers instead, for comparison.
 */
export async function renderLecture(source: LectureSource, options: LectraOptions = {}, hooks: RenderHooks = {}): Promise<RenderResult> {
  const opts = withDefaults(options);
  const profiler = hooks.profiler ?? new Profiler(hooks.onProgress);
  const header = applyOverrides(source.header, opts);
  const baseName = source.file ? path.basename(source.file, path.extname(source.file)) : header.title;
  const outDir = path.resolve(opts.out ?? path.join('lectures', slugify(baseName)));
  const paths = outputPaths(outDir);
  const want = new Set<OutputKind>(opts.only);
  const needFrames = want.has('frames') || want.has('video');
  const needSpeech = want.has('audio') || want.has('video');
  // One internal controller: the first failing slide stops the others (and their FFmpeg children).
  const run = new AbortController();
  // Every pooled task and FFmpeg child listens on this one signal; that is by design, not a leak.
  setMaxListeners(0, run.signal);
  const stopRun = () => run.abort(hooks.signal?.reason);
  hooks.signal?.addEventListener('abort', stopRun, { once: true });

  for (const message of source.warnings) profiler.emit({ type: 'warning', at: profiler.elapsed(), message });
  profiler.emit({ type: 'run-started', at: profiler.elapsed(), slides: source.slides.length, title: header.title });
  await fs.mkdir(outDir, { recursive: true });
  const binaries = needFrames || needSpeech ? resolveMediaBinaries({ ffmpeg: opts.ffmpeg, ffprobe: opts.ffprobe }) : undefined;
  const speech = needSpeech ? await setupSpeech(opts, header) : undefined;
  const images = new SlideImages(opts.images ?? header.images, opts, path.join(os.tmpdir(), 'lectra-images'), (slide, message) =>
    profiler.emit({ type: 'warning', at: profiler.elapsed(), slide, message: `image fell back: ${message}` }),
  );
  const ctx: RunContext = {
    opts,
    images,
    header,
    paths,
    profiler,
    cpu: new ResourcePool('cpu', opts.jobs),
    speechPool: new ResourcePool('speech', 1),
    speech,
    needFrames,
    signal: run.signal,
    slideCount: source.slides.length,
  };
  try {
    if (needFrames) await fs.mkdir(paths.framesDir, { recursive: true });
    const outputs =
      opts.schedule === 'staged'
        ? await runStaged(ctx, source.slides)
        : await runPerSlide(ctx, withCreditsSlide(ctx, source.slides.map((pending, i) => pending.then((slide) => illustrateOne(ctx, slide, i)))), () => run.abort());
    const deck: Deck = { ...header, slides: outputs.map((o) => o.slide) };
    const saved = await writeDeckJson(deck, paths, profiler);
    await writeImageCredits(saved, paths);
    return await joinOutputs(ctx, deck, outputs, want, binaries);
  } finally {
    hooks.signal?.removeEventListener('abort', stopRun);
    await speech?.provider.close();
    await images.close();
    await fs.rm(paths.workDir, { recursive: true, force: true });
  }
}

/** Every slide's chain starts when its slide exists; the first failure stops the rest. */
async function runPerSlide(ctx: RunContext, slides: Array<Promise<Slide>>, stop: () => void): Promise<SlideOutput[]> {
  const settled = await Promise.allSettled(
    slides.map(async (pending, i) => {
      try {
        const slide = await pending;
        const layout = await layoutOne(ctx, slide, i);
        const [frame, audio] = await Promise.all([ctx.needFrames ? frameOne(ctx, layout, i) : undefined, ctx.speech ? speakOne(ctx, slide, i) : undefined]);
        return { slide, layout, frame, audio };
      } catch (error) {
        stop();
        throw error;
      }
    }),
  );
  return firstFailureOrValues(settled, ctx.signal);
}

/** The seed's order: every stage waits for the slowest slide of the stage before it. */
async function runStaged(ctx: RunContext, pending: Array<Promise<Slide>>): Promise<SlideOutput[]> {
  const written = await Promise.all(pending);
  const slides = await Promise.all(withCreditsSlide(ctx, written.map((slide, i) => illustrateOne(ctx, slide, i))));
  const layouts = await Promise.all(slides.map((slide, i) => layoutOne(ctx, slide, i)));
  const frames = ctx.needFrames ? await Promise.all(layouts.map((layout, i) => frameOne(ctx, layout, i))) : [];
  const audio = ctx.speech ? await Promise.all(slides.map((slide, i) => speakOne(ctx, slide, i))) : [];
  return slides.map((slide, i) => ({ slide, layout: layouts[i]!, frame: frames[i], audio: audio[i] }));
}

function firstFailureOrValues<T>(settled: Array<PromiseSettledResult<T>>, signal: AbortSignal): T[] {
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  // Prefer the real cause over the 'aborted' errors it caused in sibling slides.
  const cause = failures.find((e) => (e as { code?: string })?.code !== 'aborted') ?? failures[0];
  if (cause !== undefined) throw cause;
  if (signal.aborted) throw abortError(signal.reason);
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Fetches or draws the slide's picture when it asks for one (a no-op task otherwise). */
async function illustrateOne(ctx: RunContext, slide: Slide, i: number): Promise<Slide> {
  if (!ctx.images.wants(slide, i)) return ctx.images.illustrate(slide, i, ctx.header, ctx.signal);
  return ctx.profiler.task({ id: `image:${i + 1}`, stage: 'images', slide: i + 1, resource: 'net' }, () => ctx.images.illustrate(slide, i, ctx.header, ctx.signal));
}

/** With --credits-slide, a last slide credits the third-party pictures once every slide has its own. */
function withCreditsSlide(ctx: RunContext, illustrated: Array<Promise<Slide>>): Array<Promise<Slide>> {
  for (const p of illustrated) p.catch(() => {}); // failures are reported by the slide chains
  if (!ctx.opts.creditsSlide) return illustrated;
  const last = Promise.all(illustrated).then(() => creditsSlide(ctx.images.credits, ctx.header.lang));
  last.catch(() => {});
  ctx.slideCount = illustrated.length + 1;
  return [...illustrated, last];
}

async function layoutOne(ctx: RunContext, slide: Slide, i: number): Promise<SlideLayout> {
  return ctx.profiler.task({ id: `layout:${i + 1}`, stage: 'layout', slide: i + 1, resource: 'cpu' }, async () => {
    const src = slide.image?.src;
    const images = src && path.isAbsolute(src) ? await readImageInfo([src]) : undefined;
    return layoutSlide(slide, i, ctx.header, { images });
  });
}

function frameOne(ctx: RunContext, layout: SlideLayout, i: number): Promise<string> {
  return ctx.cpu.run(
    () =>
      ctx.profiler.task({ id: `frame:${i + 1}`, stage: 'frames', slide: i + 1, resource: 'cpu' }, async () => {
        throwIfAborted(ctx.signal);
        const png = await rasteriseFrame(layout, { signal: ctx.signal });
        const file = ctx.paths.frame(i + 1);
        await writeFileAtomic(file, png);
        return file;
      }),
    ctx.signal,
  );
}

async function speakOne(ctx: RunContext, slide: Slide, i: number): Promise<SlideAudio> {
  const n = i + 1;
  const { profiler, header, speech } = ctx;
  const narration = await profiler.task({ id: `narration:${n}`, stage: 'narration', slide: n }, () => narrationFromSlide(slide, i, header));
  const segments = await profiler.task({ id: `prosody:${n}`, stage: 'prosody', slide: n }, () =>
    tagProsody({ title: slide.title, narration, lang: header.lang, isLastSlide: i === ctx.slideCount - 1 }),
  );
  return ctx.speechPool.run(
    () =>
      profiler.task({ id: `speech:${n}`, stage: 'speech', slide: n, resource: 'speech' }, () =>
        synthesizeSlide(speech!.provider, segments, { voice: speech!.voice, lang: header.lang, rate: speech!.rate, signal: ctx.signal }),
      ),
    ctx.signal,
  );
}

async function joinOutputs(ctx: RunContext, deck: Deck, outputs: SlideOutput[], want: Set<OutputKind>, binaries?: MediaBinaries): Promise<RenderResult> {
  const { paths, profiler, signal } = ctx;
  const frames = outputs.flatMap((o) => (o.frame ? [o.frame] : []));
  const result: RenderResult = { outDir: paths.outDir, deck, files: { deck: paths.deck }, frames, profile: profiler.profile() };
  const audio = ctx.speech ? outputs.map((o) => o.audio!) : undefined;
  let timeline: Timeline | undefined;
  if (audio) {
    timeline = await profiler.task({ id: 'timings', stage: 'timings' }, () => buildTimelineFromAudio(deck, audio));
    await writeAudioAndTimings(audio, timeline, paths, profiler);
    Object.assign(result.files, { timings: paths.timings, audio: paths.lectureWav });
    result.timeline = timeline;
  }
  const layouts = outputs.map((o) => o.layout);
  if (await exists(path.join(paths.outDir, 'credits.md'))) result.files.credits = path.join(paths.outDir, 'credits.md');
  await Promise.all([
    want.has('pptx')
      ? profiler
          .task({ id: 'pptx', stage: 'pptx' }, () =>
            writePptx({ deck, layouts, narration: timeline?.slides.map((s, i) => ({ audioPath: paths.slideAudio(i + 1), durationSec: s.end - s.start })) }, paths.pptx),
          )
          .then(() => (result.files.pptx = paths.pptx))
      : undefined,
    want.has('video') && timeline && binaries
      ? profiler
          .task({ id: 'video', stage: 'video', resource: 'cpu' }, async () => {
            await writeSubtitleFiles(timeline!, paths.outDir, deck.lang);
            await fs.mkdir(paths.workDir, { recursive: true });
            await encodeLecture({ frames, timeline: timeline!, audioWav: paths.lectureWav, outFile: paths.video, workDir: paths.workDir, title: deck.title, lang: deck.lang, binaries, signal });
          })
          .then(() => Object.assign(result.files, { video: paths.video, srt: paths.srt, vtt: paths.vtt }))
      : undefined,
  ]);
  result.profile = profiler.profile();
  await writeFileAtomic(paths.profile, JSON.stringify(result.profile, null, 2));
  result.files.profile = paths.profile;
  profiler.emit({ type: 'run-finished', at: profiler.elapsed(), durationMs: profiler.elapsed(), outDir: paths.outDir });
  return result;
}

function applyOverrides(deck: Deck, opts: ResolvedOptions): Deck {
  return { ...deck, theme: opts.theme ?? deck.theme, lang: opts.lang ?? deck.lang, voice: opts.voice ?? deck.voice, rate: opts.rate ?? deck.rate };
}

/** credits.md/json name the pictures as deck.json does: copies inside the output folder. */
async function writeImageCredits(saved: Deck, paths: OutputPaths): Promise<void> {
  const entries = saved.slides.flatMap((slide, i) => (slide.image?.credit ? [{ slide: i + 1, credit: slide.image.credit, file: slide.image.src }] : []));
  if (entries.length > 0) await writeCredits(paths.outDir, entries);
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** deck.json points at copies of its images inside the output folder, so the folder stands alone. */
async function writeDeckJson(deck: Deck, paths: OutputPaths, profiler: Profiler): Promise<Deck> {
  return profiler.task({ id: 'deck', stage: 'load' }, async () => {
    const slides = await Promise.all(
      deck.slides.map(async (slide, i) => {
        if (!slide.image || !path.isAbsolute(slide.image.src)) return slide;
        await fs.mkdir(paths.imagesDir, { recursive: true });
        const name = `slide-${String(i + 1).padStart(3, '0')}-${path.basename(slide.image.src)}`;
        const target = path.join(paths.imagesDir, name);
        if (path.resolve(slide.image.src) !== target) await fs.copyFile(slide.image.src, target);
        return { ...slide, image: { ...slide.image, src: `images/${name}` } };
      }),
    );
    const saved = { ...deck, slides };
    await saveDeck(saved, paths.deck);
    return saved;
  });
}

interface SpeechSetup {
  provider: SpeechProvider;
  voice: string;
  rate: number;
}

async function setupSpeech(opts: ResolvedOptions, deck: Deck): Promise<SpeechSetup> {
  const definition = getSpeechProviderDefinition(opts.tts);
  const provider = await definition.setup({ url: opts.ttsUrl });
  try {
    const voice = await resolveVoice(provider, deck.voice, deck.lang);
    return { provider, voice, rate: deck.rate ?? 1 };
  } catch (error) {
    await provider.close();
    throw error;
  }
}

function buildTimelineFromAudio(deck: Deck, audio: SlideAudio[]): Timeline {
  const sampleRate = audio[0]?.sampleRate ?? 22050;
  return buildTimeline(
    audio.map((slide, i) => ({
      title: deck.slides[i]!.title || `Slide ${i + 1}`,
      segments: slide.parts.map((part) => ({ kind: part.kind, samples: part.samples.length, text: part.text, words: part.words, tags: part.tags })),
    })),
    sampleRate,
  );
}

async function writeAudioAndTimings(audio: SlideAudio[], timeline: Timeline, paths: OutputPaths, profiler: Profiler): Promise<void> {
  await profiler.task({ id: 'audio', stage: 'audio' }, async () => {
    await fs.mkdir(paths.audioDir, { recursive: true });
    const slides = audio.map((slide) => concatSamples(slide.parts.map((p) => p.samples)));
    await Promise.all(slides.map((samples, i) => writeFileAtomic(paths.slideAudio(i + 1), encodeWav(samples, timeline.sampleRate))));
    await writeFileAtomic(paths.lectureWav, encodeWav(concatSamples(slides), timeline.sampleRate));
    await writeFileAtomic(paths.timings, JSON.stringify(timeline, null, 2));
  });
}
