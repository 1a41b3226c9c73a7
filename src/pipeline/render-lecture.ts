import { setMaxListeners } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LectraOptions, OutputKind, ResolvedOptions } from '../config/options.js';
import { withDefaults } from '../config/with-defaults.js';
import { speechSettings, speechSlots } from '../config/speech-settings.js';
import { saveDeck } from '../deck/deck-file.js';
import type { CodeBlock, Deck, ImageCredit, Slide } from '../deck/schema.js';
import { flowBlocks, mapSlideImages, slideImages } from '../deck/slide-content.js';
import { HIGHLIGHT_VERSION, highlightCode, type HighlightedCode } from '../stem/highlight-code.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { abortError, isLectraError, LectraError, throwIfAborted } from '../errors.js';
import { writeCredits } from '../images/credits.js';
import { LECTRA_VERSION } from '../package-root.js';
import { ioError } from '../fs/io-error.js';
import { verifyStoredImage } from '../images/verify-stored-image.js';
import { fetchUserImage, shortSrc } from '../images/fetch-user-image.js';
import { storeImage } from '../images/store-image.js';
import { layoutSlide, slideTheme } from '../layout/layout-slide.js';
import { displayMath } from '../layout/layout-blocks.js';
import type { MathImageResult } from '../stem/math-image.js';
import { DIAGRAM_LANGS, type DiagramResult } from '../stem/diagram-image.js';
import type { SlideLayout } from '../layout/types.js';
import { resolveMediaBinaries, type MediaBinaries } from '../media/binaries.js';
import { encodeLecture, writeSubtitleFiles } from '../media/encode-lecture.js';
import { lectureAacArgs, slideAacArgs } from '../media/ffmpeg-args.js';
import { LectureAacStream } from '../media/lecture-aac-stream.js';
import { runFfmpeg } from '../media/run-ffmpeg.js';
import { buildTimeline, type Timeline } from '../media/timeline.js';
import { concatSamples, encodeWav } from '../media/wav.js';
import { writeWavFile } from '../media/write-wav-file.js';
import { readImageInfo } from '../render/image-info.js';
import { rasteriseFrame } from '../render/rasterise-frame.js';
import { collectGarbageNow } from '../render/reclaim-native-memory.js';
import { writePptx } from '../render/write-pptx.js';
import type { SpeechProvider } from '../speech/contract.js';
import { narratedBlocks, narrationFromSlide, type MathSpeaker } from '../speech/narration-from-slide.js';
import { tagProsody, type ProsodySegment } from '../speech/prosody.js';
import { tagProsodyWithLlm } from '../speech/llm-prosody.js';
import { PROMPT_VERSION as PROSODY_PROMPT } from '../llm/prompts/prosody.js';
import type { LlmProvider } from '../llm/contract.js';
import { getSpeechProviderDefinition, resolveVoice } from '../speech/registry.js';
import { synthesizeSlide, type SlideAudio } from '../speech/synthesize-slide.js';
import { cachedFileTask, cachedTask, taskKey } from './cached-task.js';
import type { ContentCache } from './content-cache.js';
import { openCache } from './open-cache.js';
import { creditsSlide } from './credits-slide.js';
import { checkRenderOptions } from './check-render-options.js';
import { OutputFolder } from './output-folder.js';
import type { LectureSource } from './lecture-source.js';
import { outputPaths, resolveOutDir, type OutputPaths } from './output-paths.js';
import { isQuizSlide } from '../documents/insert-quiz-slides.js';
import { Profiler, type Profile } from './profiler.js';
import type { ProgressListener, TaskRef } from './progress.js';
import { ResourcePool } from './resource-pool.js';
import { settleAll } from './settle-all.js';
import { SlideImages } from './slide-images.js';
import { bytesCodec, jsonCodec, slideAudioCodec } from './task-codecs.js';

export interface RenderHooks {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** A profiler already recording earlier stages (topic mode's outline and content). */
  profiler?: Profiler;
  /** The LLM for `--prosody llm` (topic mode shares its provider). */
  llm?: LlmProvider;
  /** A ready speech provider to use instead of setting up `--tts` (tests, embedding apps). */
  speechProvider?: SpeechProvider;
}

export interface RenderResult {
  outDir: string;
  deck: Deck;
  files: Partial<Record<'deck' | 'pptx' | 'video' | 'srt' | 'vtt' | 'timings' | 'profile' | 'audio' | 'credits' | 'quiz' | 'manifest', string>>;
  frames: string[];
  timeline?: Timeline;
  profile: Profile;
}

interface SlideOutput {
  slide: Slide;
  layout: SlideLayout;
  layoutKey: string;
  frame?: string;
  frameKey?: string;
  audio?: SlideAudio;
  speechKey?: string;
}

interface RunContext {
  opts: ResolvedOptions;
  header: Deck;
  paths: OutputPaths;
  profiler: Profiler;
  cache: ContentCache;
  cpu: ResourcePool;
  speechPool: ResourcePool;
  speech?: LazySpeech;
  images: SlideImages;
  /** Set with --prosody llm: the provider that tags narration. */
  prosodyLlm?: LlmProvider;
  needFrames: boolean;
  /** Set when the PPTX is wanted with narration: each slide's audio is also encoded to AAC. */
  slideAac?: MediaBinaries;
  /** Per-slide schedule with video: the lecture's AAC track, encoded as slides' speech arrives. */
  lectureAac?: LectureAacStream;
  signal: AbortSignal;
  slideCount: number;
  /** The output folder: which files an earlier run already made from the same cache entries. */
  folder: OutputFolder;
  /** The image store: pictures named by their SHA-256 (see store-image.ts). */
  imageFiles: string;
}

/**
 * The renderer. Each slide runs its own chain as soon as the slide exists — picture → layout →
 * frame, and narration → prosody → speech — bounded by per-resource pools; the joins (timeline,
 * audio, PPTX, video) wait for every slide. Every task goes through the content cache, keyed by
 * its inputs, so a re-run does only what changed. `--schedule staged` runs the same tasks with
 * the seed's stage barriers instead, for comparison.
 */
export async function renderLecture(source: LectureSource, options: LectraOptions = {}, hooks: RenderHooks = {}): Promise<RenderResult> {
  const opts = withDefaults(options);
  const profiler = hooks.profiler ?? new Profiler(hooks.onProgress);
  const header = applyOverrides(await source.header, opts);
  const outDir = resolveOutDir(opts.out, source.file, header.title);
  const paths = outputPaths(outDir);
  const want = new Set<OutputKind>(opts.only);
  const needFrames = want.has('frames') || want.has('video');
  const needSpeech = want.has('audio') || want.has('video');
  // One internal controller: the first failing slide stops the others (and their FFmpeg children).
  const run = new AbortController();
  setMaxListeners(0, run.signal); // every pooled task and FFmpeg child listens on it: by design
  const stopRun = () => run.abort(hooks.signal?.reason);
  hooks.signal?.addEventListener('abort', stopRun, { once: true });
  if (hooks.signal?.aborted) stopRun();

  for (const message of source.warnings) profiler.emit({ type: 'warning', at: profiler.elapsed(), message });
  profiler.emit({ type: 'run-started', at: profiler.elapsed(), slides: source.slides.length, title: header.title });
  const binaries = needFrames || needSpeech ? resolveMediaBinaries({ ffmpeg: opts.ffmpeg, ffprobe: opts.ffprobe }) : undefined;
  const cache = openCache(opts);
  const imageFiles = cache.dir ? path.join(cache.dir, 'image-files') : path.join(os.tmpdir(), 'lectra-images');
  const images = new SlideImages(opts.images ?? header.images, opts, imageFiles, (slide, message) =>
    profiler.emit({ type: 'warning', at: profiler.elapsed(), slide, message: `image fell back: ${message}` }),
  );
  const speech = needSpeech ? new LazySpeech(opts, header, hooks.speechProvider) : undefined;
  // Bad options (an unknown provider or voice) fail before anything is written.
  checkRenderOptions(opts, header.images);
  try {
    await speech?.check();
  } catch (error) {
    await speech?.close();
    throw error;
  }
  const folder = await OutputFolder.open(outDir, `lectra ${LECTRA_VERSION}`);
  // Beside the render, not before it: a killed run's temp files in the cache go at most daily.
  const sweeping = cache.sweepDaily().catch(() => undefined);
  await fs.mkdir(outDir, { recursive: true });
  const ctx: RunContext = {
    opts,
    header,
    paths,
    profiler,
    cache,
    cpu: new ResourcePool('cpu', opts.jobs),
    speechPool: new ResourcePool('speech', speechSlots(opts.tts)),
    speech,
    images,
    prosodyLlm: opts.prosody === 'llm' ? hooks.llm : undefined,
    needFrames,
    slideAac: want.has('pptx') && speech && binaries ? binaries : undefined,
    // The seed's order (staged) encodes the lecture's audio at the end, with the video.
    lectureAac:
      want.has('video') && speech && binaries && opts.schedule !== 'staged' && LectureAacStream.supported()
        ? new LectureAacStream({ binary: binaries.ffmpeg, out: path.join(paths.workDir, 'lecture-stream.m4a'), signal: run.signal })
        : undefined,
    signal: run.signal,
    slideCount: source.slides.length,
    folder,
    imageFiles,
  };
  let succeeded = false;
  try {
    if (needFrames) await fs.mkdir(paths.framesDir, { recursive: true });
    // Intermediate files of this run (FFmpeg inputs, outputs before their rename); removed at the end.
    await fs.mkdir(paths.workDir, { recursive: true });
    const outputs =
      opts.schedule === 'staged'
        ? await runStaged(ctx, source.slides)
        : await runPerSlide(ctx, withCreditsSlide(ctx, source.slides.map((pending, i) => pending.then((slide) => illustrateOne(ctx, slide, i)))), () => run.abort());
    collectGarbageNow();
    const deck: Deck = { ...header, slides: outputs.map((o) => o.slide) };
    const saved = await writeDeckJson(deck, paths, profiler);
    const credits = await writeImageCredits(saved, paths);
    const result = await joinOutputs(ctx, deck, outputs, want, binaries);
    if (credits) result.files.credits = credits;
    await fs.rm(paths.workDir, { recursive: true, force: true });
    result.files.manifest = await folder.finish(true, resultFiles(result, saved, paths));
    succeeded = true;
    return result;
  } catch (error) {
    throw ioError(error, undefined, [outDir, cache.dir, os.tmpdir()]) ?? error;
  } finally {
    hooks.signal?.removeEventListener('abort', stopRun);
    await ctx.lectureAac?.cancel();
    await speech?.close();
    await images.close();
    await fs.rm(paths.workDir, { recursive: true, force: true });
    if (!succeeded) await folder.finish(false).catch(() => undefined);
    await sweeping;
  }
}

/** Every slide's chain starts when its slide exists; the first failure stops the rest. */
async function runPerSlide(ctx: RunContext, slides: Array<Promise<Slide>>, stop: () => void): Promise<SlideOutput[]> {
  const settled = await Promise.allSettled(
    slides.map(async (pending, i) => {
      try {
        const slide = await pending;
        const { layout, layoutKey } = await layoutOne(ctx, slide, i);
        const [frame, speech] = await settleAll([
          ctx.needFrames ? frameOne(ctx, layout, layoutKey, i) : undefined,
          ctx.speech
            ? speakOne(ctx, slide, i).then(async (s) => {
                ctx.lectureAac?.put(i, s.audio.parts.map((p) => p.samples), s.audio.sampleRate, s.fresh);
                await slideAacOne(ctx, s.audio, s.key, i);
                return s;
              })
            : undefined,
        ]);
        return { slide, layout, layoutKey, frame: frame?.file, frameKey: frame?.key, audio: speech?.audio, speechKey: speech?.key };
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
  const written = await settleAll(pending);
  const slides = await settleAll(withCreditsSlide(ctx, written.map((slide, i) => illustrateOne(ctx, slide, i))));
  const layouts = await settleAll(slides.map((slide, i) => layoutOne(ctx, slide, i)));
  const frames = ctx.needFrames ? await settleAll(layouts.map((l, i) => frameOne(ctx, l.layout, l.layoutKey, i))) : [];
  const speech = ctx.speech ? await settleAll(slides.map((slide, i) => speakOne(ctx, slide, i))) : [];
  await settleAll(speech.map((s, i) => slideAacOne(ctx, s.audio, s.key, i)));
  return slides.map((slide, i) => ({ slide, ...layouts[i]!, frame: frames[i]?.file, frameKey: frames[i]?.key, audio: speech[i]?.audio, speechKey: speech[i]?.key }));
}

function firstFailureOrValues<T>(settled: Array<PromiseSettledResult<T>>, signal: AbortSignal): T[] {
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  // Prefer the real cause over the 'aborted' errors it caused in sibling slides.
  const cause = failures.find((e) => (e as { code?: string })?.code !== 'aborted') ?? failures[0];
  if (cause !== undefined) throw cause;
  if (signal.aborted) throw abortError(signal.reason);
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

const ref = (stage: TaskRef['stage'], i?: number, resource?: TaskRef['resource']): TaskRef =>
  i === undefined ? { id: stage, stage, resource } : { id: `${stage}:${i + 1}`, stage, slide: i + 1, resource };

/** Fetches or draws the slide's picture when it asks for one. */
/** `![](https://…)` and `![](data:…)`: pictures the author linked rather than put beside the notes. */
const LINKED_PICTURE = /^(?:https?:|data:)/i;

/**
 * The pictures the author linked: each fetched once (the image pool's size cap, timeout and
 * content check) into the image store. One that cannot be had — offline, `--images none`, a
 * 404, not a picture — is left out with a warning naming the slide, the URL and why; the
 * failure is not remembered, so the next run tries again.
 */
function linkedPictures(ctx: RunContext, slide: Slide, i: number): Promise<Slide> {
  return mapSlideImages(slide, async (image) => {
    if (!LINKED_PICTURE.test(image.src)) return image;
    const stored = await linkedPicture(ctx, image.src, i);
    return stored === undefined ? undefined : { ...image, src: stored };
  });
}

async function linkedPicture(ctx: RunContext, src: string, i: number): Promise<string | undefined> {
  const without = (why: string): undefined => {
    warnOrFail(ctx, i, `${why.replace(/\.$/, '')}; the slide is shown without the picture.`);
    return undefined;
  };
  if ((ctx.opts.images ?? ctx.header.images) === 'none' && !src.startsWith('data:')) return without(`${shortSrc(src)} was not downloaded (--images none)`);
  const { value } = await cachedTask(ctx.cache, ctx.profiler, {
    ref: ref('images', i, 'net'),
    inputs: { linked: src },
    codec: jsonCodec<{ path: string } | { failed: string }>(),
    compute: async () => {
      try {
        const picture = await fetchUserImage(src, { label: `slide ${i + 1}`, signal: ctx.signal });
        return { path: await ctx.cpu.run(() => storeImage(picture, ctx.imageFiles), ctx.signal) };
      } catch (error) {
        if (ctx.signal.aborted || (isLectraError(error) && error.code === 'aborted')) throw error;
        return { failed: (error as Error).message.replace(/^slide \d+: /, '') };
      }
    },
    valid: async (found) => 'path' in found && (await verifyStoredImage(found.path)),
  });
  if ('failed' in value) return without(value.failed);
  return value.path;
}

/** A warning for slide i — or, with --strict, the error that stops the render (exit 2). */
function warnOrFail(ctx: RunContext, i: number, message: string): void {
  if (ctx.opts.strict) throw new LectraError('strict-warnings', `slide ${i + 1}: ${message} (--strict treats warnings as errors.)`, { slide: i + 1 });
  ctx.profiler.emit({ type: 'warning', at: ctx.profiler.elapsed(), slide: i + 1, message });
}

async function illustrateOne(ctx: RunContext, given: Slide, i: number): Promise<Slide> {
  const slide = await linkedPictures(ctx, given, i);
  if (!ctx.images.wants(slide, i)) return ctx.images.apply(slide, i, undefined);
  const { value } = await cachedTask(ctx.cache, ctx.profiler, {
    ref: ref('images', i, 'net'),
    inputs: ctx.images.request(slide, i, ctx.header),
    codec: jsonCodec<{ path: string; credit: ImageCredit | undefined } | null>(),
    // Drawing an illustration (or decoding a download) is CPU and memory heavy: bound it like frames.
    compute: () => ctx.cpu.run(async () => (await ctx.images.find(slide, i, ctx.header, ctx.signal)) ?? null, ctx.signal),
    valid: async (found) => found === null || (await verifyStoredImage(found.path)),
  });
  return ctx.images.apply(slide, i, value ? { path: value.path, credit: value.credit ?? {} } : undefined);
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

async function layoutOne(ctx: RunContext, slide: Slide, i: number): Promise<{ layout: SlideLayout; layoutKey: string }> {
  const { title, subtitle, author, theme, lang } = ctx.header;
  const local = [...new Set(slideImages(slide).map((image) => image.src).filter((src) => path.isAbsolute(src)))];
  // What is drawn: not the narration, notes or sources, so editing those redraws nothing.
  const { narration: _n, notes: _o, sources: _s, ...drawn } = slide;
  const { value, key } = await cachedTask(ctx.cache, ctx.profiler, {
    ref: ref('layout', i, 'cpu'),
    // An image is identified by its size and modification time, like make does.
    inputs: { slide: drawn, index: i, deck: { title, subtitle, author, theme, lang }, images: await Promise.all(local.map(fingerprint)), code: HIGHLIGHT_VERSION, maths: MATH_IMAGE_VERSION },
    codec: jsonCodec<SlideLayout>(),
    compute: async () => {
      const look = slideTheme(ctx.header, slide);
      const [highlight, math, diagram] = await Promise.all([highlightSlideCode(slide, look.name), typesetSlideMath(ctx, slide, i, look.text), drawSlideDiagrams(ctx, slide, i)]);
      return layoutSlide(slide, i, ctx.header, { images: local.length > 0 ? await readImageInfo(local) : undefined, highlight, math, diagram });
    },
    // Typeset formulas live in the image store: a layout pointing at one that is gone is made again.
    valid: async (layout) => (await Promise.all(layout.boxes.map((b) => (b.kind === 'image' ? exists(b.path) : true)))).every(Boolean),
  });
  // Never silently: what the smallest readable size could not hold is named.
  if (value.missingGlyphs) warnOrFail(ctx, i, `no bundled font draws ${value.missingGlyphs.join(', ')}, so ${value.missingGlyphs.length === 1 ? 'it shows' : 'they show'} as an empty box: write ${value.missingGlyphs.length === 1 ? 'it' : 'them'} another way, or as a picture.`);
  if (value.cut) warnOrFail(ctx, i, `not everything fits on the slide, so some was left out: ${value.cut.join('; ')}. Split the slide (a \`---\` line) or shorten it.`);
  return { layout: value, layoutKey: key };
}

/** Bumped when typeset maths changes (the layout cache's input). */
const MATH_IMAGE_VERSION = 'mathjax-4.1.3-svg-1+graphviz-16.1-1';

/**
 * The slide's display formulas (`$$…$$` paragraphs), typeset into the image store; MathJax loads
 * only for slides that have one. A formula it cannot typeset is shown as its source, with a
 * warning naming the slide and the expression (an error with --strict).
 */
async function typesetSlideMath(ctx: RunContext, slide: Slide, i: number, colour: string): Promise<((tex: string) => MathImageResult | undefined) | undefined> {
  const formulas = [...new Set(flowBlocks(slide.blocks).flatMap((b) => (b.type === 'paragraph' ? [displayMath(b.text)].filter((t): t is string => t !== undefined) : [])))];
  if (formulas.length === 0) return undefined;
  const { mathImage } = await import('../stem/math-image.js');
  const results = new Map<string, MathImageResult>();
  for (const tex of formulas) {
    const result = await mathImage(tex, colour, ctx.imageFiles);
    if ('error' in result) warnOrFail(ctx, i, `the formula "${tex.length > 60 ? `${tex.slice(0, 57)}…` : tex}" cannot be typeset (${result.error}), so its source is shown: fix the TeX.`);
    results.set(tex, result);
  }
  return (tex) => results.get(tex);
}

/**
 * The slide's diagrams (```dot by Graphviz in WASM, ```mermaid by Mermaid in headless Chromium),
 * drawn into the image store, each tool loaded only for slides that have one. A diagram that
 * cannot be drawn (a syntax error, no Chromium) stays code, with a warning naming the slide.
 */
async function drawSlideDiagrams(ctx: RunContext, slide: Slide, i: number): Promise<((block: CodeBlock) => DiagramResult | undefined) | undefined> {
  const blocks = flowBlocks(slide.blocks).filter((b): b is CodeBlock => b.type === 'code' && DIAGRAM_LANGS.has(b.lang.trim().toLowerCase()));
  if (blocks.length === 0) return undefined;
  const { diagramImage } = await import('../stem/diagram-image.js');
  const { mermaidImage } = await import('../stem/mermaid-image.js');
  const drawn = new Map<string, DiagramResult>();
  for (const block of blocks) {
    const result = block.lang.trim().toLowerCase() === 'mermaid' ? await mermaidImage(block.text, ctx.imageFiles) : await diagramImage(block.text, ctx.imageFiles);
    if ('error' in result) warnOrFail(ctx, i, `the ${block.lang} diagram cannot be drawn (${result.error}), so its source is shown${result.missingTool ? '.' : ': fix the graph.'}`);
    drawn.set(block.text, result);
  }
  return (block) => (DIAGRAM_LANGS.has(block.lang.trim().toLowerCase()) ? drawn.get(block.text) : undefined);
}

/** Bumped when spoken maths changes (the narration cache's input). */
const MATH_SPEECH_VERSION = 'sre-clearspeak-1';

/** How maths on the slide is said: speech-rule-engine in the deck's language, loaded only for slides with maths. */
async function mathSpeaker(slide: Slide, lang: string): Promise<MathSpeaker | undefined> {
  if (!JSON.stringify([slide.title, slide.subtitle, slide.blocks, slide.narration]).includes('$')) return undefined;
  const { loadSpeechEngine, speakMath } = await import('../stem/speak-math.js');
  await loadSpeechEngine(lang);
  return (tex) => speakMath(tex, lang);
}

/** Syntax colours for the slide's code blocks, looked up by the layout (none without code: Shiki never loads). */
async function highlightSlideCode(slide: Slide, theme: Deck['theme']): Promise<((block: CodeBlock) => HighlightedCode | undefined) | undefined> {
  const code = flowBlocks(slide.blocks).filter((b): b is CodeBlock => b.type === 'code' && b.lang.trim() !== '');
  if (code.length === 0) return undefined;
  const key = (b: CodeBlock) => `${b.lang}\u0000${b.text}`;
  const found = new Map(await Promise.all(code.map(async (b) => [key(b), await highlightCode(b.text, b.lang, theme)] as const)));
  return (block) => found.get(key(block));
}

function frameOne(ctx: RunContext, layout: SlideLayout, layoutKey: string, i: number): Promise<{ file: string; key: string }> {
  const file = ctx.paths.frame(i + 1);
  const task = { ref: ref('frames', i, 'cpu'), inputs: { layoutKey } };
  return ctx.cpu.run(async () => {
    throwIfAborted(ctx.signal);
    const current = await alreadyMade(ctx, task, file);
    if (current) return { file, key: current };
    const { value: png, key } = await cachedTask(ctx.cache, ctx.profiler, { ...task, codec: bytesCodec, compute: () => rasteriseFrame(layout, { signal: ctx.signal }) });
    await writeFileAtomic(file, png);
    ctx.folder.made(file, key);
    return { file, key };
  }, ctx.signal);
}

/**
 * The key of a task whose output `file` already holds (an earlier run made it from the same cache
 * entry and nobody changed it since): recorded as a cache hit, and nothing is read or written.
 */
async function alreadyMade(ctx: RunContext, task: { ref: TaskRef; inputs: unknown }, file: string): Promise<string | undefined> {
  const key = taskKey(task.ref, task.inputs);
  if (!ctx.folder.upToDate(file, key)) return undefined;
  await ctx.profiler.task(task.ref, async (control) => control.markCached());
  ctx.folder.made(file, key);
  return key;
}

/** The slide's speech; `fresh` when it was synthesised in this run rather than read from the cache. */
async function speakOne(ctx: RunContext, slide: Slide, i: number): Promise<{ audio: SlideAudio; key: string; fresh: boolean }> {
  const { header, cache, profiler, speech } = ctx;
  const lang = header.lang;
  const { value: narration } = await cachedTask(cache, profiler, {
    ref: ref('narration', i),
    inputs: { slide: { title: slide.title, subtitle: slide.subtitle, layout: slide.layout, blocks: narratedBlocks(slide), narration: slide.narration }, index: i, title: header.title, lang, maths: MATH_SPEECH_VERSION },
    codec: jsonCodec<string>(),
    compute: async () => narrationFromSlide(slide, i, header, await mathSpeaker(slide, lang)),
  });
  const isLastSlide = i === ctx.slideCount - 1;
  const llm = ctx.prosodyLlm;
  const { value: segments } = await cachedTask(cache, profiler, {
    ref: ref('prosody', i, llm ? 'llm' : undefined),
    inputs: { narration, title: slide.title, lang, isLastSlide, llm: llm ? { id: llm.id, llm: ctx.opts.llm, url: ctx.opts.llmUrl ?? null, model: ctx.opts.model, prompt: PROSODY_PROMPT } : null },
    codec: jsonCodec<ProsodySegment[]>(),
    compute: async () =>
      llm ? tagProsodyWithLlm(llm, { title: slide.title, narration, lang, isLastSlide }, ctx.signal) : tagProsody({ title: slide.title, narration, lang, isLastSlide }),
  });
  const { value: audio, key, cached } = await cachedTask(cache, profiler, {
    ref: ref('speech', i, 'speech'),
    inputs: { voice: speech!.identity, segments },
    codec: slideAudioCodec,
    compute: () =>
      ctx.speechPool.run(async () => {
        const ready = await speech!.ready();
        const audio = await synthesizeSlide(ready.provider, segments, { voice: ready.voice, lang, rate: ready.rate, signal: ctx.signal });
        // A slide with nothing to say still shows for a moment; a quiz checkpoint leaves time to think.
        if (audio.parts.length === 0) audio.parts.push({ kind: 'silence', samples: new Int16Array(Math.round(2 * audio.sampleRate)) });
        if (isQuizSlide(slide)) audio.parts.push({ kind: 'silence', samples: new Int16Array(Math.round(QUIZ_PAUSE_SEC * audio.sampleRate)) });
        return audio;
      }, ctx.signal),
  });
  return { audio, key, fresh: !cached };
}

/** Seconds of silence after a quiz checkpoint slide, so the viewer can answer before the next slide. */
const QUIZ_PAUSE_SEC = 5;

/** The slide's narration as .m4a for the PPTX (cached by the speech it encodes). */
async function slideAacOne(ctx: RunContext, audio: SlideAudio, speechKey: string, i: number): Promise<void> {
  const binaries = ctx.slideAac;
  if (!binaries) return;
  const { paths } = ctx;
  const file = paths.slideAudio(i + 1);
  const task = { ref: ref('audio', i, 'cpu'), inputs: { speechKey, format: 'm4a-aac-96k' } };
  if (await alreadyMade(ctx, task, file)) return;
  const { value, key } = await ctx.cpu.run(
    () =>
      cachedTask(ctx.cache, ctx.profiler, {
        ...task,
        codec: bytesCodec,
        compute: async () => {
          const wav = path.join(paths.workDir, `slide-${i + 1}.wav`);
          const out = path.join(paths.workDir, `slide-${i + 1}.m4a`);
          await fs.writeFile(wav, encodeWav(concatSamples(audio.parts.map((p) => p.samples)), audio.sampleRate));
          await runFfmpeg(slideAacArgs({ wav, out }), { binary: binaries.ffmpeg, signal: ctx.signal });
          const bytes = await fs.readFile(out);
          await Promise.all([fs.rm(wav, { force: true }), fs.rm(out, { force: true })]);
          return bytes;
        },
      }),
    ctx.signal,
  );
  await fs.mkdir(paths.audioDir, { recursive: true });
  await writeFileAtomic(file, value);
  ctx.folder.made(file, key);
}

async function joinOutputs(ctx: RunContext, deck: Deck, outputs: SlideOutput[], want: Set<OutputKind>, binaries?: MediaBinaries): Promise<RenderResult> {
  const { paths, profiler, cache, signal } = ctx;
  const frames = outputs.flatMap((o) => (o.frame ? [o.frame] : []));
  const result: RenderResult = { outDir: paths.outDir, deck, files: { deck: paths.deck }, frames, profile: profiler.profile() };
  const speechKeys = outputs.map((o) => o.speechKey);
  let timeline: Timeline | undefined;
  let timelineKey: string | undefined;
  if (ctx.speech) {
    let audio = outputs.map((o) => o.audio!);
    ({ value: timeline, key: timelineKey } = await cachedTask(cache, profiler, {
      ref: ref('timings'),
      inputs: { speechKeys, titles: deck.slides.map((s) => s.title) },
      codec: jsonCodec<Timeline>(),
      compute: async () => buildTimelineFromAudio(deck, audio),
    }));
    // Which engine and voice spoke (a warm run that loaded no engine reports the requested voice).
    await writeFileAtomic(paths.timings, JSON.stringify({ ...timeline, speech: await ctx.speech.describe() }, null, 2));
    await writeSubtitleFiles(timeline, paths.outDir, deck.lang);
    await writeAudio(ctx, audio, timeline, timelineKey);
    // The samples are on disk now (lecture.wav, slide .m4a files, the AAC stream): let them go
    // before the PPTX and video joins, which is when the run's memory peaks.
    audio = [];
    for (const output of outputs) output.audio = undefined;
    // All speech is in: a stream that never started (every slide from the cache) never will.
    if (ctx.lectureAac && !ctx.lectureAac.started) await ctx.lectureAac.cancel();
    collectGarbageNow();
    Object.assign(result.files, { timings: paths.timings, audio: paths.lectureWav, srt: paths.srt, vtt: paths.vtt });
    result.timeline = timeline;
  }
  // quiz.json is written before the render, with the quiz slides it describes.
  if (deck.slides.some(isQuizSlide) && (await exists(paths.quiz))) result.files.quiz = paths.quiz;
  await settleAll([
    want.has('pptx') ? writeDeckPptx(ctx, deck, outputs, timeline).then(() => (result.files.pptx = paths.pptx)) : undefined,
    want.has('video') && timeline && binaries
      ? (async () => {
          const out = path.join(paths.workDir, 'lecture.mp4');
          const task = { ref: ref('video', undefined, 'cpu'), inputs: { frameKeys: outputs.map((o) => o.frameKey), timelineKey, title: deck.title, lang: deck.lang } };
          if (!(await alreadyMade(ctx, task, paths.video))) {
            const { key } = await cachedFileTask(cache, profiler, {
              ...task,
              out,
              compute: async () => {
                const audioAac = await lectureAacTrack(ctx, speechKeys, outputs.length, binaries);
                await encodeLecture({ frames, timeline: timeline!, audioWav: paths.lectureWav, audioAac, outFile: out, workDir: paths.workDir, title: deck.title, lang: deck.lang, binaries, signal });
              },
            });
            // The work folder is inside the output folder: the rename is atomic.
            await fs.rename(out, paths.video);
            ctx.folder.made(paths.video, key);
          }
          result.files.video = paths.video;
        })()
      : undefined,
  ]);
  result.profile = profiler.profile();
  await writeFileAtomic(paths.profile, JSON.stringify(result.profile, null, 2));
  result.files.profile = paths.profile;
  profiler.emit({ type: 'run-finished', at: profiler.elapsed(), durationMs: profiler.elapsed(), outDir: paths.outDir });
  return result;
}

/**
 * The continuous lecture track (muxed into the MP4), streamed to disk part by part. It is a
 * function of the (cached) speech, so the cache keeps only its size and a warm run rewrites it.
 */
async function writeAudio(ctx: RunContext, audio: SlideAudio[], timeline: Timeline, timelineKey: string): Promise<void> {
  const { paths } = ctx;
  const parts = audio.flatMap((slide) => slide.parts.map((p) => p.samples));
  const task = { ref: ref('audio'), inputs: { timelineKey } };
  if (await alreadyMade(ctx, task, paths.lectureWav)) return;
  const { key } = await cachedTask(ctx.cache, ctx.profiler, {
    ...task,
    codec: jsonCodec<{ samples: number }>(),
    compute: async () => ({ samples: parts.reduce((sum, p) => sum + p.length, 0) }),
  });
  await fs.mkdir(paths.audioDir, { recursive: true });
  await writeWavFile(paths.lectureWav, parts, timeline.sampleRate);
  ctx.folder.made(paths.lectureWav, key);
}

/**
 * The lecture's AAC track for the MP4, cached by the speech it encodes: from the stream that
 * encoded it while slides were made, or (staged schedule, or speech all from the cache) from
 * lecture.wav now. Returns the .m4a's path in the work folder.
 */
async function lectureAacTrack(ctx: RunContext, speechKeys: Array<string | undefined>, slideCount: number, binaries: MediaBinaries): Promise<string> {
  const { paths, signal } = ctx;
  const stream = ctx.lectureAac;
  const out = path.join(paths.workDir, 'lecture.m4a');
  await cachedFileTask(ctx.cache, ctx.profiler, {
    ref: { id: 'audio:aac', stage: 'audio', resource: 'cpu' },
    inputs: { speechKeys, format: 'm4a-aac-128k' },
    out,
    compute: async () => {
      if (stream?.started) {
        await stream.finish(slideCount);
        await fs.rename(stream.out, out);
      } else {
        await runFfmpeg(lectureAacArgs({ wav: paths.lectureWav, out }), { binary: binaries.ffmpeg, signal });
      }
    },
  });
  await stream?.cancel(); // a cache hit leaves a started stream unused
  return out;
}

async function writeDeckPptx(ctx: RunContext, deck: Deck, outputs: SlideOutput[], timeline?: Timeline): Promise<void> {
  const { paths } = ctx;
  const narration = timeline?.slides.map((s, i) => ({ audioPath: paths.slideAudio(i + 1), durationSec: s.end - s.start }));
  const out = path.join(paths.workDir, 'deck.pptx');
  const task = {
    ref: ref('pptx'),
    inputs: {
      layoutKeys: outputs.map((o) => o.layoutKey),
      speechKeys: timeline ? outputs.map((o) => o.speechKey) : null,
      durations: narration?.map((n) => n.durationSec) ?? null,
      notes: deck.slides.map((s) => [s.narration, s.notes]),
      meta: { title: deck.title, author: deck.author, subtitle: deck.subtitle, lang: deck.lang },
    },
  };
  if (await alreadyMade(ctx, task, paths.pptx)) return;
  const { key } = await cachedFileTask(ctx.cache, ctx.profiler, { ...task, out, compute: () => writePptx({ deck, layouts: outputs.map((o) => o.layout), narration }, out) });
  await fs.rename(out, paths.pptx);
  ctx.folder.made(paths.pptx, key);
}

function applyOverrides(deck: Deck, opts: ResolvedOptions): Deck {
  return { ...deck, theme: opts.theme ?? deck.theme, lang: opts.lang ?? deck.lang, voice: opts.voice ?? deck.voice, rate: opts.rate ?? deck.rate };
}

/** The files a finished run's result names (the manifest adds every file the run wrote). */
function resultFiles(result: RenderResult, saved: Deck, paths: OutputPaths): string[] {
  const images = saved.slides.flatMap((slide) => slideImages(slide).flatMap((image) => (!path.isAbsolute(image.src) && !/^[a-z]+:/i.test(image.src) ? [path.join(paths.outDir, image.src)] : [])));
  return [...Object.values(result.files), ...result.frames, ...images];
}

/** credits.md/json name the pictures as deck.json does: copies inside the output folder. */
async function writeImageCredits(saved: Deck, paths: OutputPaths): Promise<string | undefined> {
  const entries = saved.slides.flatMap((slide, i) => slideImages(slide).flatMap((image) => (image.credit ? [{ slide: i + 1, credit: image.credit, file: image.src }] : [])));
  if (entries.length === 0) return undefined;
  return (await writeCredits(paths.outDir, entries)).markdown;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function fingerprint(file: string): Promise<{ file: string; size: number; mtimeMs: number } | { file: string; missing: true }> {
  const stat = await fs.stat(file).catch(() => undefined);
  return stat ? { file, size: stat.size, mtimeMs: stat.mtimeMs } : { file, missing: true };
}

/** deck.json points at copies of its images inside the output folder, so the folder stands alone. */
async function writeDeckJson(deck: Deck, paths: OutputPaths, profiler: Profiler): Promise<Deck> {
  return profiler.task({ id: 'deck', stage: 'load' }, async () => {
    const slides = await Promise.all(
      deck.slides.map((slide, i) =>
        mapSlideImages(slide, async (image) => {
          if (!path.isAbsolute(image.src)) return image;
          await fs.mkdir(paths.imagesDir, { recursive: true });
          // Strip an earlier run's prefix, so re-rendering an output folder in place keeps one name.
          const name = `slide-${String(i + 1).padStart(3, '0')}-${path.basename(image.src).replace(/^(slide-\d{3}-)+/, '')}`;
          const target = path.join(paths.imagesDir, name);
          if (path.resolve(image.src) !== target) await fs.copyFile(image.src, target);
          return { ...image, src: `images/${name}` };
        }),
      ),
    );
    const saved = { ...deck, slides };
    await saveDeck(saved, paths.deck);
    return saved;
  });
}

/**
 * The speech provider, set up on the first cache miss (a warm re-run never loads the engine).
 * `identity` is what the audio depends on, known without setting anything up.
 */
class LazySpeech {
  private setup?: Promise<{ provider: SpeechProvider; voice: string; rate: number }>;
  readonly identity: { tts: string; url?: string; model: string | null; voiceModel: string | null; voice: string; rate: number; lang: string };

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly deck: Deck,
    /** Given by the caller: used as is, and closed by the caller. */
    private readonly given?: SpeechProvider,
  ) {
    this.identity = { tts: given?.id ?? opts.tts, url: opts.ttsUrl, model: opts.ttsModel ?? null, voiceModel: opts.voiceModel ?? null, voice: deck.voice ?? `default:${deck.lang}`, rate: deck.rate ?? 1, lang: deck.lang };
  }

  /** Checks the provider id and an explicit voice up front, so bad options fail before any work. */
  async check(): Promise<void> {
    if (!this.given) getSpeechProviderDefinition(this.opts.tts);
    if (this.deck.voice) await this.ready();
  }

  ready(): Promise<{ provider: SpeechProvider; voice: string; rate: number }> {
    this.setup ??= (async () => {
      const provider = this.given ?? (await getSpeechProviderDefinition(this.opts.tts).setup(speechSettings(this.opts)));
      try {
        return { provider, voice: await resolveVoice(provider, this.deck.voice, this.deck.lang), rate: this.deck.rate ?? 1 };
      } catch (error) {
        if (!this.given) await provider.close();
        throw error;
      }
    })();
    return this.setup;
  }

  async describe(): Promise<{ tts: string; voice: string; lang: string; rate: number }> {
    const ready = await this.setup?.catch(() => undefined);
    return { tts: this.identity.tts, voice: ready?.voice ?? this.identity.voice, lang: this.identity.lang, rate: this.identity.rate };
  }

  async close(): Promise<void> {
    const ready = await this.setup?.catch(() => undefined);
    if (!this.given) await ready?.provider.close();
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
