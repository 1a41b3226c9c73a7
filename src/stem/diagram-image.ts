import { createHash } from 'node:crypto';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { loadResvg } from '../heavy-deps.js';
import { storedPngSize } from '../images/stored-png-size.js';
import { allFontFiles, FONT_FAMILIES } from '../layout/fonts.js';

/**
 * Graphviz diagrams (```dot / ```graphviz blocks) drawn without a browser: Graphviz compiled to
 * WebAssembly (`@hpcc-js/wasm-graphviz`, loaded only for decks that have one) lays the graph out
 * to SVG, its labels are set in the slides' font, and resvg draws it at twice its size into the
 * image store (named by the source's hash). Both renderers place the PNG.
 */
export interface DiagramPicture {
  path: string;
  width: number;
  height: number;
}

/** `missingTool`: the diagram is fine but a tool to draw it is not installed (the warning says which). */
export type DiagramResult = DiagramPicture | { error: string; missingTool?: boolean };

/** Code block languages drawn as diagrams: Graphviz here, Mermaid in mermaid-image.ts (through Chromium). */
export const DIAGRAM_LANGS = new Set(['dot', 'graphviz', 'mermaid']);

type Graphviz = Awaited<ReturnType<(typeof import('@hpcc-js/wasm-graphviz'))['Graphviz']['load']>>;
let graphviz: Promise<Graphviz> | undefined;

function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  return graphviz;
}

const SCALE = 2;

export async function diagramImage(source: string, dir: string): Promise<DiagramResult> {
  const file = path.join(dir, `${createHash('sha256').update(`dot\u0000${source}`).digest('hex').slice(0, 32)}-dot.png`);
  // Drawn before: Graphviz is not even loaded.
  const stored = await storedPngSize(file);
  if (stored) return { path: file, ...stored };
  const engine = await loadGraphviz();
  let svg: string;
  try {
    svg = engine.dot(source);
  } catch (error) {
    return { error: String((error as Error).message ?? error).split('\n')[0]!.slice(0, 200) };
  }
  // Graphviz names Times; the slides' own font draws the labels (resvg has no system fonts).
  const themed = svg.replace(/font-family="[^"]*"/g, `font-family="${FONT_FAMILIES.sans}"`);
  const { Resvg } = await loadResvg();
  const view = /viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"/.exec(themed);
  const width = Math.max(1, Math.round(Number(view?.[1] ?? 400) * SCALE));
  const png = new Resvg(themed, { fitTo: { mode: 'width', value: width }, font: { fontFiles: allFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILIES.sans }, logLevel: 'off' }).render();
  await writeFileAtomic(file, png.asPng());
  return { path: file, width: png.width, height: png.height };
}
