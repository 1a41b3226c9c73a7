/**
 * Issue 14: every Markdown deck of the shared corpus (real Marp, Slidev and plain lecture notes)
 * comes through with nothing lost. Each is rendered as a teacher would (`--only
 * deck,frames,pptx`, offline: linked pictures are not fetched) and checked against its source:
 * the slide count Marp/Slidev make (SOURCES.md), every word of the visible source text in
 * deck.json's blocks, no raw syntax in what the frames draw, nothing cut without a warning.
 *
 * The reference word list is taken from the source with this file's own plain-text rules (front
 * matter, comments, tags, link targets and fence info strings out), not with the importer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotes } from '../../src/deck/parse-notes.js';
import { readImport } from '../../src/deck/deck-file.js';
import type { Deck } from '../../src/deck/schema.js';
import { layoutSlide } from '../../src/layout/layout-slide.js';
import { tableParts } from '../../src/layout/table-parts.js';
import { renderDeck } from '../../src/pipeline/render-deck.js';
import type { ProgressEvent } from '../../src/pipeline/progress.js';
import { readDeckJson } from '../support/read-deck-json.js';
import { CORPUS, optionalTool } from '../support/optional-tool.js';

const hasCorpus = optionalTool('shared-corpus', existsSync(path.join(CORPUS, 'SOURCES.md')));

interface CorpusDeck {
  id: string;
  file: string;
  /** The slides Marp or Slidev make (SOURCES.md); plain notes: the # and ## sections, counted by hand. */
  slides: number;
  /** Known, explained exceptions: words of the source not on any slide; drawn text allowed to look like syntax. */
  missingWords?: string[];
  rawText?: RegExp[];
  /** Slides (1-based, after continuation slides) whose layout may still cut, each with a warning. */
  cut?: number[];
}

// Counts from SOURCES.md (checked by the Marp and Slidev count tests against its tables); the
// plain notes' counts were counted by hand from their # and ## headings.
const DECKS: CorpusDeck[] = [
  { id: 'm01', file: 'm01-uggah-template-method/presentation.md', slides: 18 },
  { id: 'm02', file: 'm02-heigvd-dai-git-github/01.03-git-github-and-markdown/01-course-material/PRESENTATION.md', slides: 30 },
  { id: 'm03', file: 'm03-dsds-testing-de/slides/testing-presentation.md', slides: 42 },
  { id: 'm04', file: 'm04-willberg-composites-de/Faserverbundwerkstoffe/composites_09/index.md', slides: 52 },
  { id: 'm05', file: 'm05-ensai-numpy101/docs/numpy101.md', slides: 20 },
  { id: 'm06', file: 'm06-clontz-sttm2025/slides/Slides.md', slides: 28 },
  { id: 'm07', file: 'm07-sanand-scdm-keynote/2025-12-05-scdm-keynote/README.md', slides: 20 },
  { id: 'm08', file: 'm08-dannycab-advocating/content/advocating-for-science/slides.md', slides: 31 },
  { id: 'm09', file: 'm09-wojdatto-zettelkasten/src/main.md', slides: 38 },
  { id: 'm10', file: 'm10-straub-elektrotechnik-de/Elektrotechnik - Folien - Teil 2.md', slides: 84 },
  { id: 'm11', file: 'm11-pugillum-git/slides/slides.md', slides: 14 },
  { id: 'm12', file: 'm12-renaud-tests-automatises-fr/courses/slide-decks/tests-automatises/deck.md', slides: 21 },
  { id: 's01', file: 's01-ossketch-address-spaces/decks/os-slides/address-spaces/slides.md', slides: 20 },
  { id: 's02', file: 's02-tangdaoyuan-monorepo/presentation/slides.md', slides: 20 },
  { id: 's03', file: 's03-engineervix-zednews/slides.md', slides: 30 },
  // A column of slide 13 holds one code block taller than a slide: the layout cuts it (warned).
  { id: 's04', file: 's04-alptugan-cod208-oop/2025-2026-Spring/week02_cod_208-OOP/slides.md', slides: 20, cut: [13] },
  { id: 's05', file: 's05-lenne-cicd-github-fr/decks/ci-cd-github/slides.md', slides: 40 },
  { id: 's06', file: 's06-barbapapazes-nuxt-scale/2024-11-13/src/slides.md', slides: 9 },
  { id: 's07', file: 's07-viccortes-python-course-es/slidev/slides.md', slides: 99 },
  { id: 's08', file: 's08-fossen-efcore/docs/slides.md', slides: 32 },
  // `\text{$X,Y$ …}` nests `$` inside `$$…$$`: the maths plugin cannot split it, so one `$$` shows (the STEM issue typesets maths).
  { id: 'p01', file: 'p01-cs228-bayesian-networks/representation/directed/index.md', slides: 3, rawText: [/\$\$G/] },
  { id: 'p02', file: 'p02-swc-shell-pipes-filters/episodes/04-pipefilter.md', slides: 26 },
  { id: 'p03', file: 'p03-prog2-observer-pattern-de/lecture/pattern/observer.md', slides: 5 },
];

// ─── The reference: visible words of the source ───────────────────────────────────────────

/** The source and, for Slidev, every file it imports (`src:`), as one text. */
function sourceText(file: string, seen = new Set<string>()): string {
  if (seen.has(file) || !existsSync(file)) return '';
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const imported = [...text.matchAll(/^src:\s*(\S+)\s*$/gm)].map((m) => sourceText(path.resolve(path.dirname(file), m[1]!.replace(/#.*$/, '')), seen));
  return [text, ...imported].join('\n');
}

const YAML_START = /^[A-Za-z_][\w.-]*\s*:/;
const yamlLine = (line: string): boolean => line.trim() === '' || /^(\s+|[A-Za-z_][\w.-]*\s*:|- |#)/.test(line);

/** Front matter blocks (`---` + YAML lines + `---`), comments, tags, targets: what no slide shows. */
function visibleSourceWords(text: string): Set<string> {
  const lines = text.replace(/\r/g, '').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^---\s*$/.test(lines[i]!)) {
      let j = i + 1;
      while (j < lines.length && !/^---\s*$/.test(lines[j]!)) j++;
      const block = lines.slice(i + 1, j);
      const first = block.find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
      if (j < lines.length && first && YAML_START.test(first) && block.every(yamlLine)) {
        i = j;
        continue;
      }
    }
    kept.push(lines[i]!);
  }
  const visible = kept
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]/g, ' ')
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/^::[\w-]+::\s*$/gm, ' ')
    .replace(/^\s*(```|~~~)[^\n]*$/gm, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/&[a-z]+;|&#x?[0-9a-f]+;/gi, ' ');
  return words(visible, 4);
}

function words(text: string, minLength = 1): Set<string> {
  return new Set((text.match(/\p{L}[\p{L}\p{N}]*/gu) ?? []).map((w) => w.toLowerCase()).filter((w) => w.length >= minLength));
}

/** Everything a deck shows: titles, headers, footers, every block's text, cells and alt text. */
function deckWords(deck: Deck): Set<string> {
  const texts: string[] = [deck.title, deck.subtitle ?? '', deck.author ?? ''];
  const add = (block: Deck['slides'][number]['blocks'][number]): void => {
    if (block.type === 'columns') block.columns.flat().forEach((b) => add(b));
    else if (block.type === 'list') texts.push(...block.items.map((item) => item.text));
    else if (block.type === 'table') texts.push(...block.header, ...block.rows.flat());
    else if (block.type === 'image') texts.push(block.alt);
    else if (block.type === 'quote') texts.push(block.text, block.cite ?? '');
    else texts.push(block.text);
  };
  for (const slide of deck.slides) {
    texts.push(slide.title, slide.subtitle ?? '', slide.style?.header ?? '', slide.style?.footer ?? '');
    slide.blocks.forEach(add);
  }
  return words(texts.join('\n'));
}

// Syntax that must never be drawn as text (code is shown as written, so code boxes are skipped).
const RAW_SYNTAX = [/!\[/, /\]\[[^\]]*\]/, /\$\$/, /::[\w-]+::/, /<\/?v-clicks?\b/, /==[^\s=>]/, /(^|\s):[a-z][a-z0-9_+-]+:(\s|$)/, /<\/?[a-zA-Z][\w-]*(\s[^>]*)?\/?>/, /(^|\s)_?(class|paginate|backgroundColor|headingDivider|layout):\s/];

/** The text the frames draw, box by box (tables opened into their cells), without code and maths runs. */
function drawnTexts(deck: Deck): Array<{ slide: number; text: string }> {
  return deck.slides.flatMap((slide, i) =>
    layoutSlide(slide, i, deck)
      .boxes.flatMap((box) => (box.kind === 'table' ? tableParts(box) : [box]))
      .flatMap((box) => (box.kind === 'text' && box.role !== 'code' ? [{ slide: i + 1, text: box.lines.map((line) => line.runs.filter((run) => !run.mono).map((run) => run.text).join('')).join(' ') }] : [])),
  );
}

// ─── The renders ─────────────────────────────────────────────────────────────────────────

interface Rendered {
  deck: Deck;
  frames: number;
  pptxSlides: number;
  warnings: ProgressEvent[];
}

let work: string;
const rendered = new Map<string, Promise<Rendered>>();

async function render(deck: CorpusDeck): Promise<Rendered> {
  const warnings: ProgressEvent[] = [];
  const out = path.join(work, deck.id);
  const result = await renderDeck(path.join(CORPUS, deck.file), { out, cacheDir: path.join(work, 'cache'), only: ['deck', 'frames', 'pptx'], images: 'none', jobs: 2 }, { onProgress: (event) => event.type === 'warning' && warnings.push(event) });
  const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'deck.pptx')));
  const pptxSlides = Object.keys(zip.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).length;
  return { deck: readDeckJson(path.join(out, 'deck.json')), frames: result.frames.length, pptxSlides, warnings };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lectra-corpus-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.skipIf(!hasCorpus)('the shared corpus, rendered: nothing lost', { timeout: 300_000 }, () => {
  describe.each(DECKS.map((d) => [d.id, d] as const))('%s', (_id, deck) => {
    const get = (): Promise<Rendered> => {
      if (!rendered.has(deck.id)) rendered.set(deck.id, render(deck));
      return rendered.get(deck.id)!;
    };

    it('makes the slides Marp/Slidev make (before continuation slides)', () => {
      const file = path.join(CORPUS, deck.file);
      const { deck: parsed } = parseNotes(readFileSync(file, 'utf8'), { file, path: file, readFile: readImport });
      expect(parsed.slides).toHaveLength(deck.slides);
    });

    it('renders every slide to a frame and a PPTX slide', async () => {
      const { deck: saved, frames, pptxSlides } = await get();
      expect(saved.slides.length).toBeGreaterThanOrEqual(deck.slides);
      expect(frames).toBe(saved.slides.length);
      expect(pptxSlides).toBe(saved.slides.length);
    });

    it("every word of the source's visible text is in deck.json's blocks", async () => {
      const { deck: saved } = await get();
      const have = deckWords(saved);
      const missing = [...visibleSourceWords(sourceText(path.join(CORPUS, deck.file)))].filter((word) => !have.has(word));
      expect(missing).toEqual(deck.missingWords ?? []);
    });

    it('draws no raw syntax (![…], [text][ref], $$, ::slots::, <v-click>, ==mark==, :emoji:, HTML tags, directives)', async () => {
      const { deck: saved } = await get();
      const leaks = drawnTexts(saved).filter(({ text }) => RAW_SYNTAX.some((re) => re.test(text)) && !(deck.rawText ?? []).some((re) => re.test(text)));
      expect(leaks).toEqual([]);
    });

    it('cuts nothing without a warning naming the slide', async () => {
      const { deck: saved, warnings } = await get();
      const cut = saved.slides.flatMap((slide, i) => (layoutSlide(slide, i, saved).cut ? [i + 1] : []));
      expect(cut).toEqual(deck.cut ?? []);
      for (const slide of cut) expect(warnings.some((w) => w.type === 'warning' && w.slide === slide && w.message.includes('not everything fits'))).toBe(true);
    });
  });
});
