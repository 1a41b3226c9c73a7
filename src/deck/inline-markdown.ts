import type { Token } from 'markdown-it';

/** An image found inside inline content (`![alt](src)`), with src exactly as written. */
export interface InlineImage {
  src: string;
  alt: string;
}

/** What one markdown-it `inline` token holds, split by where each part goes on the slide. */
export interface InlineContent {
  /** Inline Markdown (the slide model's subset: bold, italic, code, links, highlight); trimmed. */
  text: string;
  images: InlineImage[];
  /** Bodies of inline HTML comments (`<!-- … -->`), untrimmed; the caller decides narration vs directive. */
  comments: string[];
  /** Inline HTML tags not in the subset (their text is kept), each name once. */
  dropped: string[];
}

/** encodeURIComponent leaves `(` and `)` alone, and they would end the link early. */
const URL_ESCAPES: Record<string, string> = { '(': '%28', ')': '%29', ' ': '%20' };

/** Inline HTML that maps onto the subset's markers; other known tags just keep their text. */
const HTML_MARKERS: Record<string, string> = { b: '**', strong: '**', i: '*', em: '*', mark: '==' };
const HTML_TEXT_ONLY = new Set(['span', 'u', 'small', 'sub', 'sup', 'kbd', 'font', 'a', 'abbr', 'cite', 'q', 's', 'del', 'ins', 'big', 'center', 'div', 'p', 'code', 'var', 'samp', 'time', 'label', 'nobr', 'wbr']);

const MARKERS: Record<string, string> = {
  strong_open: '**',
  strong_close: '**',
  em_open: '*',
  em_close: '*',
  mark_open: '==',
  mark_close: '==',
};

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Escapes literal text so it stays literal when read back as inline Markdown. Only the subset's
 * own markers need it (`*`, `` ` ``, `$`, a `==` pair, a `[` that a `](` follows), plus a
 * backslash that would otherwise escape what follows; everything else (e.g. `C:\Users`,
 * `3 × 4`, `a = b`) is left exactly as written.
 */
export function escapeInlineText(text: string): string {
  let out = '';
  const linkLike = text.includes('](');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const pairedEquals = ch === '=' && (text[i + 1] === '=' || text[i - 1] === '=');
    if (ch === '*' || ch === '`' || ch === '$' || pairedEquals || (ch === '[' && linkLike)) out += `\\${ch}`;
    else if (ch === '\\' && ASCII_PUNCTUATION.test(text[i + 1] ?? '')) out += '\\\\';
    else out += ch;
  }
  return out;
}

/** Wraps code in enough backticks that backticks inside it do not end the span. */
function codeSpan(content: string): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || content.startsWith(' ') || content.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Plain text of inline tokens (image alt text, deck titles): markers and tags dropped. */
export function inlineTokensToPlainText(tokens: Token[] | null): string {
  let out = '';
  for (const token of tokens ?? []) {
    if (token.type === 'text' || token.type === 'code_inline' || token.type === 'emoji' || token.type.startsWith('math_inline')) out += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') out += ' ';
    else if (token.type === 'image') out += inlineTokensToPlainText(token.children);
  }
  return out.trim();
}

/** Matches an HTML comment that makes up a whole html_inline token. */
const COMMENT = /^<!--([\s\S]*?)-->$/;

/**
 * Converts the children of a markdown-it `inline` token back into the inline Markdown subset the
 * slide model stores. Links keep their text and target (`[text](url)`: drawn as a link, read as
 * its text), images and comments are pulled out for the caller, and other HTML tags are dropped.
 */
export function inlineToMarkdown(children: Token[] | null): InlineContent {
  const parts: string[] = [];
  // Index in `parts` of each open marker, so an emphasis left empty (e.g. it only held an
  // image) can be removed instead of leaving a stray `****`.
  const open: number[] = [];
  const images: InlineImage[] = [];
  const comments: string[] = [];
  const links: Array<{ at: number; href: string }> = [];
  const dropped: string[] = [];
  let removed = false;

  for (const token of children ?? []) {
    const marker = MARKERS[token.type];
    if (marker !== undefined && token.nesting === 1) {
      open.push(parts.length);
      parts.push(marker);
    } else if (marker !== undefined) {
      const start = open.pop();
      const isEmpty = start !== undefined && parts.slice(start + 1).join('').trim() === '';
      if (start !== undefined && isEmpty) parts.splice(start);
      else parts.push(marker);
    } else if (token.type === 'text') {
      parts.push(escapeInlineText(token.content));
    } else if (token.type === 'code_inline') {
      parts.push(codeSpan(token.content));
    } else if (token.type === 'emoji') {
      parts.push(token.content);
    } else if (token.type === 'math_inline' || token.type === 'math_inline_double') {
      // Maths stays TeX between dollars (display maths between two): the STEM stage typesets it.
      const fence = token.type === 'math_inline_double' ? '$$' : '$';
      parts.push(`${fence}${token.content.trim()}${fence}`);
    } else if (token.type === 'link_open') {
      links.push({ at: parts.length, href: String(token.attrGet('href') ?? '') });
      parts.push('[');
    } else if (token.type === 'link_close') {
      const link = links.pop();
      // A link whose text became empty (it only held an image) leaves nothing behind.
      if (link && parts.slice(link.at + 1).join('').trim() === '') parts.splice(link.at);
      else if (link) parts.push(`](${link.href.replace(/[()\s]/g, (c) => URL_ESCAPES[c] ?? encodeURIComponent(c))})`);
    } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
      parts.push(' ');
    } else if (token.type === 'image') {
      removed = true;
      images.push({ src: String(token.attrGet('src') ?? ''), alt: inlineTokensToPlainText(token.children) });
    } else if (token.type === 'html_inline') {
      const comment = COMMENT.exec(token.content);
      removed = true;
      const tag = /^<\/?([A-Za-z][\w-]*)/.exec(token.content)?.[1]?.toLowerCase();
      if (comment) comments.push(comment[1]!);
      else if (tag === 'br') parts.push(' ');
      else if (tag && HTML_MARKERS[tag]) parts.push(HTML_MARKERS[tag]!);
      else if (tag && !HTML_TEXT_ONLY.has(tag) && !dropped.includes(tag)) dropped.push(tag);
    }
    // s_open/close and unknown tokens add nothing: their text children remain.
  }
  const text = parts.join('');
  // Spaces that surrounded a removed image or tag would otherwise double up.
  return { text: (removed ? text.replace(/[ \t]{2,}/g, ' ') : text).trim(), images, comments, dropped };
}
