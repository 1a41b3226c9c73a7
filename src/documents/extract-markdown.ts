import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import type { DocumentSection } from './document-types.js';
import { htmlToSections } from './html-to-sections.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/**
 * Markdown (notes, READMEs, Marp/Slidev decks) → sections by rendering it with markdown-it and
 * reading the HTML, so headings, lists and code are handled by a real parser. HTML comments
 * (speaker notes, Marp directives) are dropped; a front-matter `title` names the document.
 */
export function extractMarkdown(text: string): { title?: string; sections: DocumentSection[] } {
  const match = FRONT_MATTER.exec(text);
  const body = match ? text.slice(match[0].length) : text;
  const html = new MarkdownIt({ html: true }).render(body);
  const { title, sections } = htmlToSections(html);
  return { title: frontMatterTitle(match?.[1]) ?? title, sections };
}

function frontMatterTitle(yaml: string | undefined): string | undefined {
  if (!yaml) return undefined;
  try {
    const data = parseYaml(yaml) as { title?: unknown } | null;
    return typeof data?.title === 'string' && data.title.trim() ? data.title.trim() : undefined;
  } catch {
    // Broken front matter is not worth failing a document over; the headings still name it.
    return undefined;
  }
}
