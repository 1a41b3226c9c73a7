import { parse, type HTMLElement, type Node } from 'node-html-parser';
import type { DocumentSection } from './document-types.js';

/** Elements whose content is never lecture text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'nav', 'svg', 'iframe', 'button', 'form', 'select']);
/** Elements that end a paragraph: their text is kept apart from the next block's. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr',
  'td', 'th', 'blockquote', 'pre', 'figure', 'figcaption', 'br', 'hr', 'caption', 'address', 'details', 'summary',
]);
const HEADING = /^h([1-6])$/;

export interface HtmlSections {
  /** `<title>`, else the first `<h1>`. */
  title?: string;
  sections: DocumentSection[];
}

/**
 * HTML (a web page, or the HTML mammoth makes of a .docx, or rendered Markdown) → sections:
 * each heading starts a section named after it; paragraphs inside a section are separated by a
 * blank line so the chunker can split on them.
 */
export function htmlToSections(html: string): HtmlSections {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const builder = new SectionBuilder();
  walk(root, builder);
  const sections = builder.finish();
  const title = clean(root.querySelector('title')?.text ?? '') || firstHeading(root);
  return { title: title || undefined, sections };
}

function walk(node: Node, builder: SectionBuilder): void {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) {
      builder.text(child.text);
      continue;
    }
    if (child.nodeType !== 1) continue;
    const element = child as HTMLElement;
    const tag = (element.rawTagName ?? '').toLowerCase();
    if (SKIPPED.has(tag)) continue;
    const level = HEADING.exec(tag);
    if (level) {
      builder.heading(clean(element.text));
      continue;
    }
    const block = BLOCKS.has(tag);
    if (block) builder.breakParagraph();
    // node-html-parser keeps <pre> content as raw HTML: parse it once more for its text.
    if (tag === 'pre') builder.text(parse(element.innerHTML).text);
    else walk(element, builder);
    if (block) builder.breakParagraph();
  }
}

class SectionBuilder {
  private readonly sections: DocumentSection[] = [];
  private heading_: string | undefined;
  private paragraphs: string[] = [];
  private current = '';

  text(value: string): void {
    this.current += value;
  }

  breakParagraph(): void {
    const paragraph = clean(this.current);
    if (paragraph) this.paragraphs.push(paragraph);
    this.current = '';
  }

  heading(title: string): void {
    this.flush();
    if (title) this.heading_ = title;
  }

  finish(): DocumentSection[] {
    this.flush();
    return this.sections;
  }

  private flush(): void {
    this.breakParagraph();
    if (this.paragraphs.length > 0) {
      this.sections.push({ text: this.paragraphs.join('\n\n'), ...(this.heading_ ? { heading: this.heading_ } : {}) });
    }
    this.paragraphs = [];
  }
}

function firstHeading(root: HTMLElement): string {
  return clean(root.querySelector('h1')?.text ?? '');
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
