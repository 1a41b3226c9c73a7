import MarkdownIt from 'markdown-it';
import { full as emoji } from 'markdown-it-emoji';
import mark from 'markdown-it-mark';
import texmath from 'markdown-it-texmath';

/**
 * The one markdown-it set-up every importer parses with: CommonMark plus GFM tables and
 * strikethrough, raw HTML kept (the HTML subset becomes blocks), maths (`$…$`, `$$…$$`, `\(…\)`,
 * `\[…\]`) as maths tokens — kept as TeX for the STEM stage, never rendered to HTML here —,
 * `:shortcode:` emoji turned into
 * the emoji characters (emoticons such as `:)` stay as typed) and `==marked==` text. No linkify: a bare URL stays text as written.
 */
export const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(emoji, { shortcuts: {} })
  .use(mark)
  // The plugin renders HTML through KaTeX by default; we only want its tokens.
  .use(texmath, { engine: { renderToString: () => '' }, delimiters: ['dollars', 'brackets'] });
/**
 * kramdown writes inline maths as `$$x$$` too: a line that starts with `$$x$$` and goes on with
 * text is a paragraph, not a display block (the plugin's block rule would drop the rest of it).
 */
for (const name of ['math_block', 'math_block_eqno']) {
  const rules = (md.block.ruler as unknown as { __rules__: Array<{ name: string; fn: (...args: never[]) => boolean }> }).__rules__;
  const rule = rules.find((r) => r.name === name);
  if (!rule) continue;
  const original = rule.fn;
  rule.fn = ((state: { src: string; bMarks: number[]; tShift: number[]; eMarks: number[] }, start: number, ...rest: never[]) => {
    const line = state.src.slice(state.bMarks[start]! + state.tShift[start]!, state.eMarks[start]);
    const oneLine = /^\$\$([^$]*?[^\\])\$\$(.*)$/.exec(line);
    if (oneLine && oneLine[2]!.trim() !== '' && !/^\s*\([^)]*\)\s*$/.test(oneLine[2]!)) return false;
    return (original as (...args: unknown[]) => boolean)(state, start, ...rest);
  }) as never;
}

// Image paths are kept exactly as written (no percent-encoding of `café.png`); the loader resolves them.
md.normalizeLink = (url: string): string => url;

/** Link reference definitions (`[id]: url`) as markdown-it keeps them in its parse env. */
export type LinkReferences = NonNullable<NonNullable<Parameters<typeof md.parse>[1]>['references']>;
