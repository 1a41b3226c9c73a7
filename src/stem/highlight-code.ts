import type { ThemeName } from '../deck/schema.js';

/**
 * Syntax colours for code blocks, from Shiki (VS Code's TextMate grammars and themes): one list
 * of coloured tokens per line, which the layout turns into runs, so the frames and the PPTX show
 * the same colours. Shiki loads on the first code block of a run (never for decks without code),
 * with its JavaScript regex engine (no WASM to start); each language's grammar loads when first
 * met. An unknown language, or one Shiki cannot tokenise, stays plain.
 */
export interface CodeToken {
  text: string;
  /** '#RRGGBB'. */
  color: string;
  bold?: boolean;
  italic?: boolean;
}

export type HighlightedCode = CodeToken[][];

/** Shiki's themes for LECTRA's: each matches its theme's code panel (see themes.ts). */
export const CODE_THEMES: Record<ThemeName, string> = { light: 'github-light', dark: 'github-dark' };

/** Bumped when the highlighter or its themes change what tokens look like (a layout cache input). */
export const HIGHLIGHT_VERSION = 'shiki-4.6.0-1';

type Highlighter = Awaited<ReturnType<typeof import('shiki')['createHighlighter']>>;
let highlighter: Promise<{ shiki: typeof import('shiki'); instance: Highlighter }> | undefined;

function load(): Promise<{ shiki: typeof import('shiki'); instance: Highlighter }> {
  highlighter ??= (async () => {
    const shiki = await import('shiki');
    const instance = await shiki.createHighlighter({ themes: Object.values(CODE_THEMES), langs: [], engine: shiki.createJavaScriptRegexEngine() });
    return { shiki, instance };
  })();
  return highlighter;
}

/** The bundled language a fence's info names (`py`, `ts`, `sh`…), or undefined. */
async function languageOf(lang: string): Promise<string | undefined> {
  const { shiki } = await load();
  const key = lang.trim().toLowerCase();
  if (!key) return undefined;
  if (key in shiki.bundledLanguages) return key;
  return undefined;
}

export async function highlightCode(code: string, lang: string, theme: ThemeName): Promise<HighlightedCode | undefined> {
  const name = await languageOf(lang);
  if (!name) return undefined;
  const { instance } = await load();
  try {
    if (!instance.getLoadedLanguages().includes(name)) await instance.loadLanguage(name as Parameters<Highlighter['loadLanguage']>[0]);
    const tokens = instance.codeToTokensBase(code.replace(/\t/g, '    '), { lang: name as never, theme: CODE_THEMES[theme] as never });
    return tokens.map((line) =>
      line.map((token) => {
        // fontStyle is a bit set: 1 italic, 2 bold, 4 underline.
        const style = token.fontStyle ?? 0;
        return { text: token.content, color: normalise(token.color), ...(style & 2 ? { bold: true } : {}), ...(style & 1 ? { italic: true } : {}) };
      }),
    );
  } catch {
    return undefined;
  }
}

/** `#abc`, `#aabbcc`, `#aabbccdd` → `#AABBCC` (the renderers take opaque colours). */
function normalise(color: string | undefined): string {
  const hex = (color ?? '#000000').replace(/^#/, '');
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex.slice(0, 6);
  return `#${full.toUpperCase()}`;
}
