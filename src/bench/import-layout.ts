import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadDeck } from '../deck/deck-file.js';
import { layoutSlide } from '../layout/layout-slide.js';
import { syntheticNotes } from './synthetic-deck.js';

/**
 * Import + layout, in process: each Markdown deck is read, split, built into blocks, its
 * pictures checked, over-full slides continued, then every slide laid out — what a render does
 * before its first frame. The shared corpus (when it is beside the project) and a generated
 * 500-slide deck.
 */
export interface ImportLayoutResult {
  name: string;
  decks: number;
  slides: number;
  /** Milliseconds for import (parse + pictures + continuation) and for the layout of every slide. */
  importMs: number;
  layoutMs: number;
}

export async function benchImportLayout(dir: string, corpus: string | undefined): Promise<ImportLayoutResult[]> {
  const results: ImportLayoutResult[] = [];
  if (corpus && existsSync(corpus)) results.push(await measure('shared corpus (Markdown decks)', corpusDecks(corpus)));
  const big = path.join(dir, 'five-hundred.md');
  await fs.writeFile(big, syntheticNotes(500, { title: 'Five hundred slides' }));
  results.push(await measure('500-slide generated deck', [big]));
  return results;
}

async function measure(name: string, files: string[]): Promise<ImportLayoutResult> {
  let importMs = 0;
  let layoutMs = 0;
  let slides = 0;
  for (const file of files) {
    const t0 = performance.now();
    const { deck } = await loadDeck(file);
    const t1 = performance.now();
    deck.slides.forEach((slide, i) => layoutSlide(slide, i, deck));
    layoutMs += performance.now() - t1;
    importMs += t1 - t0;
    slides += deck.slides.length;
  }
  return { name, decks: files.length, slides, importMs: Math.round(importMs), layoutMs: Math.round(layoutMs) };
}

/** The Markdown decks of the shared corpus (its SOURCES.md lists them), relative to it. */
const CORPUS_DECKS = [
  'm01-uggah-template-method/presentation.md',
  'm02-heigvd-dai-git-github/01.03-git-github-and-markdown/01-course-material/PRESENTATION.md',
  'm03-dsds-testing-de/slides/testing-presentation.md',
  'm04-willberg-composites-de/Faserverbundwerkstoffe/composites_09/index.md',
  'm05-ensai-numpy101/docs/numpy101.md',
  'm06-clontz-sttm2025/slides/Slides.md',
  'm07-sanand-scdm-keynote/2025-12-05-scdm-keynote/README.md',
  'm08-dannycab-advocating/content/advocating-for-science/slides.md',
  'm09-wojdatto-zettelkasten/src/main.md',
  'm10-straub-elektrotechnik-de/Elektrotechnik - Folien - Teil 2.md',
  'm11-pugillum-git/slides/slides.md',
  'm12-renaud-tests-automatises-fr/courses/slide-decks/tests-automatises/deck.md',
  's01-ossketch-address-spaces/decks/os-slides/address-spaces/slides.md',
  's02-tangdaoyuan-monorepo/presentation/slides.md',
  's03-engineervix-zednews/slides.md',
  's04-alptugan-cod208-oop/2025-2026-Spring/week02_cod_208-OOP/slides.md',
  's05-lenne-cicd-github-fr/decks/ci-cd-github/slides.md',
  's06-barbapapazes-nuxt-scale/2024-11-13/src/slides.md',
  's07-viccortes-python-course-es/slidev/slides.md',
  's08-fossen-efcore/docs/slides.md',
  'p01-cs228-bayesian-networks/representation/directed/index.md',
  'p02-swc-shell-pipes-filters/episodes/04-pipefilter.md',
  'p03-prog2-observer-pattern-de/lecture/pattern/observer.md',
];

function corpusDecks(corpus: string): string[] {
  return CORPUS_DECKS.map((file) => path.join(corpus, file)).filter((file) => existsSync(file));
}
