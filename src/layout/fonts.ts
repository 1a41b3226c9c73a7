import { createRequire } from 'node:module';
import path from 'node:path';
import type { FontRole } from './types.js';

/**
 * The fonts every renderer uses. They are TTF files shipped in npm packages, so the layout
 * engine measures with the same glyph metrics that resvg draws (resvg cannot read WOFF2).
 * The PPTX names the same families; a viewer without them installed substitutes its own.
 */
export const FONT_FAMILIES: Record<FontRole, string> = {
  sans: 'Inter',
  mono: 'DejaVu Sans Mono',
};

export interface FontFiles {
  sans: { regular: string; bold: string; italic: string; boldItalic: string };
  mono: { regular: string; bold: string };
  /** A wide-coverage fallback (Greek, Cyrillic, symbols) for glyphs Inter lacks. */
  fallback: string;
  /** Then, in order: maths letters and operators (𝜃, ∮), symbols and arrows (❌, ⚠), more symbols. */
  more: string[];
}

/**
 * The fallback chain after the style's own face, as family names (the SVG's font-family and the
 * files' names), in the order glyphs are looked up: DejaVu Sans, Noto Sans Math, Noto Sans
 * Symbols 2, Noto Sans Symbols.
 */
export const FALLBACK_FAMILIES = ['DejaVu Sans', 'Noto Sans Math', 'Noto Sans Symbols 2', 'Noto Sans Symbols'] as const;

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

let cached: FontFiles | undefined;

/** Absolute paths of the bundled font files. */
export function fontFiles(): FontFiles {
  if (cached) return cached;
  const inter = packageDir('@expo-google-fonts/inter');
  const dejavu = path.join(packageDir('dejavu-fonts-ttf'), 'ttf');
  cached = {
    sans: {
      regular: path.join(inter, '400Regular', 'Inter_400Regular.ttf'),
      bold: path.join(inter, '700Bold', 'Inter_700Bold.ttf'),
      italic: path.join(inter, '400Regular_Italic', 'Inter_400Regular_Italic.ttf'),
      boldItalic: path.join(inter, '700Bold_Italic', 'Inter_700Bold_Italic.ttf'),
    },
    mono: {
      regular: path.join(dejavu, 'DejaVuSansMono.ttf'),
      bold: path.join(dejavu, 'DejaVuSansMono-Bold.ttf'),
    },
    fallback: path.join(dejavu, 'DejaVuSans.ttf'),
    more: [
      path.join(packageDir('@expo-google-fonts/noto-sans-math'), '400Regular', 'NotoSansMath_400Regular.ttf'),
      path.join(packageDir('@expo-google-fonts/noto-sans-symbols-2'), '400Regular', 'NotoSansSymbols2_400Regular.ttf'),
      path.join(packageDir('@expo-google-fonts/noto-sans-symbols'), '400Regular', 'NotoSansSymbols_400Regular.ttf'),
    ],
  };
  return cached;
}

/** Every font file, for resvg's `font.fontFiles`. */
export function allFontFiles(): string[] {
  const f = fontFiles();
  return [f.sans.regular, f.sans.bold, f.sans.italic, f.sans.boldItalic, f.mono.regular, f.mono.bold, f.fallback, ...f.more];
}
