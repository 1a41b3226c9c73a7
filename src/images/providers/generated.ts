import { THEMES, type ThemeName } from '../../deck/schema.js';
import { throwIfAborted } from '../../errors.js';
import { checkImage } from '../check-image.js';
import { defineImageProvider, type ImageCandidate, type ImageOrientation, type ImageProvider } from '../contract.js';
import { generateIllustration } from '../generate-illustration.js';
import { keywordsOf } from '../keywords.js';

const SIZES: Record<ImageOrientation, { width: number; height: number }> = {
  // 4:3 suits the image column next to bullets; 1200 px wide is sharper than the column needs.
  landscape: { width: 1200, height: 900 },
  portrait: { width: 900, height: 1200 },
  square: { width: 1000, height: 1000 },
};

/**
 * The offline default: draws an illustration from the slide's title and keywords. search returns
 * one candidate whose URL is the recipe (`generated:?title=…&keywords=…`), so fetch needs nothing
 * but the candidate and the same candidate always renders the same PNG.
 */
export const generatedProvider = defineImageProvider({
  id: 'generated',
  description: 'Illustrations drawn offline from the slide keywords (default)',
  offline: true,
  async setup(): Promise<ImageProvider> {
    return {
      id: 'generated',
      async search(query, opts) {
        throwIfAborted(opts.signal);
        const context = opts.context ?? {};
        const title = context.title ?? query;
        const keywords = context.keywords?.length ? context.keywords : keywordsOf(query, 2);
        const theme = context.theme ?? 'light';
        const { width, height } = SIZES[opts.orientation ?? 'landscape'];
        const params = new URLSearchParams({ title, keywords: keywords.join('|'), theme, width: String(width), height: String(height) });
        const candidate: ImageCandidate = { id: `generated:${params.toString()}`, url: `generated:?${params.toString()}`, width, height, title, provider: 'generated' };
        return opts.count > 0 ? [candidate] : [];
      },
      async fetch(candidate, opts) {
        throwIfAborted(opts.signal);
        const recipe = parseRecipe(candidate.url);
        const bytes = await generateIllustration(recipe);
        throwIfAborted(opts.signal);
        const checked = await checkImage(bytes, { maxBytes: Math.max(opts.maxBytes, bytes.length), label: 'The generated illustration' });
        return { bytes, mime: checked.mime, width: checked.width, height: checked.height, credit: { title: recipe.title, author: 'LECTRA (generated illustration)', provider: 'generated' } };
      },
      async close() {},
    };
  },
});

function parseRecipe(url: string): { title: string; keywords: string[]; theme: ThemeName; width: number; height: number } {
  const params = new URLSearchParams(url.replace(/^generated:\??/, ''));
  const theme = params.get('theme');
  return {
    title: params.get('title') ?? '',
    keywords: (params.get('keywords') ?? '').split('|').filter(Boolean),
    theme: (THEMES as readonly string[]).includes(theme ?? '') ? (theme as ThemeName) : 'light',
    width: clampSize(params.get('width'), 1200),
    height: clampSize(params.get('height'), 900),
  };
}

/** A recipe is data from a candidate: keep its size sane whatever it says. */
function clampSize(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 200 ? Math.min(4000, Math.round(n)) : fallback;
}
