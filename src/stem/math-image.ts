import { createHash } from 'node:crypto';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { loadResvg } from '../heavy-deps.js';
import { storedPngSize } from '../images/stored-png-size.js';
import { MathError } from './math-error.js';

/**
 * A display formula as a picture both renderers can place: typeset by MathJax (glyphs as paths,
 * so no font is needed), drawn once by resvg at 128 px per em into the image store (named by the
 * SVG's hash), with its size in em of the text it stands in. The PPTX shows the same PNG, with
 * the TeX as its alt text.
 */
export interface MathPicture {
  path: string;
  widthEm: number;
  heightEm: number;
}

export type MathImageResult = MathPicture | { error: string };

const PX_PER_EM = 128;

export async function mathImage(tex: string, colour: string, dir: string): Promise<MathImageResult> {
  const { loadMathEngine, typesetMath } = await import('./typeset-math.js');
  await loadMathEngine();
  let typeset;
  try {
    typeset = typesetMath(tex, { display: true, color: colour });
  } catch (error) {
    if (error instanceof MathError) return { error: error.reason };
    throw error;
  }
  const file = path.join(dir, `${createHash('sha256').update(typeset.svg).digest('hex').slice(0, 32)}-math.png`);
  if (!(await storedPngSize(file))) {
    const { Resvg } = await loadResvg();
    const width = Math.max(1, Math.round(typeset.widthEm * PX_PER_EM));
    const png = new Resvg(typeset.svg, { fitTo: { mode: 'width', value: width }, background: 'rgba(0,0,0,0)', logLevel: 'off' }).render().asPng();
    await writeFileAtomic(file, png);
  }
  return { path: file, widthEm: typeset.widthEm, heightEm: typeset.heightEm };
}
