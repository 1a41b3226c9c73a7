import type { Block, Deck, ListBlock, Slide } from '../deck/schema.js';
import { flowBlocks, inferLayout } from '../deck/slide-content.js';
import { parseInline } from '../layout/parse-inline.js';

/**
 * What the narrator says on a slide. The author's (or the LLM's) narration wins; when it is
 * empty we compose one from the slide itself, so notes without speaker notes still make a
 * lecture: the title, the subtitle, then the blocks in reading order — headings and paragraphs as
 * written, each list's items joined by ordinal connectors ("First, … Next, … Finally, …") with
 * sub-items folded into their parent, a sentence for code, a table's columns, a quote, and each
 * picture's alt text. Inline `**bold**` is kept (the prosody rules read it as emphasis); links,
 * highlights and maths markers are reduced to their text.
 */

interface Phrases {
  welcome: (title: string) => string;
  first: string;
  next: string[];
  finally: string;
  and: string;
  code: (language: string | undefined) => string;
  /** "The diagram links A, B and C." */
  diagram: (nodes: string) => string;
  /** "This Python code defines area and perimeter." */
  defines: (language: string | undefined, names: string) => string;
  /** "This Python code: read the file." (its first comment) */
  about: (language: string | undefined, comment: string) => string;
  image: (alt: string) => string;
  /** Inline Markdown read aloud (set per call: it knows how to say maths). */
  say?: (text: string) => string;
  table: (columns: string) => string;
  /** "The table compares moons and size for Mercury, Earth and 6 more." */
  compares: (columns: string, rows: string) => string;
  more: (n: number) => string;
}

const PHRASES: Record<string, Phrases> = {
  en: {
    welcome: (title) => `Welcome to this lecture: ${title}`,
    first: 'First',
    next: ['Next', 'Then', 'Also', 'In addition'],
    finally: 'Finally',
    and: 'and',
    code: (language) => (language ? `This slide shows ${/^[aeiou]/i.test(language) ? 'an' : 'a'} ${language} example.` : 'This slide shows a code example.'),
    defines: (language, names) => `This ${language ? `${language} ` : ''}code defines ${names}.`,
    diagram: (nodes) => `The diagram links ${nodes}.`,
    about: (language, comment) => `This ${language ? `${language} ` : ''}code: ${comment}`,
    image: (alt) => `The image shows ${lowerFirst(alt)}`,
    table: (columns) => `The table lists ${columns}.`,
    compares: (columns, rows) => `The table compares ${columns} for ${rows}.`,
    more: (n) => `${n} more`,
  },
  fr: {
    welcome: (title) => `Bienvenue dans ce cours : ${title}`,
    first: 'D’abord',
    next: ['Ensuite', 'Puis', 'De plus', 'Par ailleurs'],
    finally: 'Enfin',
    and: 'et',
    code: (language) => (language ? `Cette diapositive montre un exemple en ${language}.` : 'Cette diapositive montre un exemple de code.'),
    defines: (language, names) => `Ce code${language ? ` ${language}` : ''} définit ${names}.`,
    diagram: (nodes) => `Le schéma relie ${nodes}.`,
    about: (language, comment) => `Ce code${language ? ` ${language}` : ''} : ${comment}`,
    image: (alt) => `L’image montre ${lowerFirst(alt)}`,
    table: (columns) => `Le tableau présente ${columns}.`,
    compares: (columns, rows) => `Le tableau compare ${columns} pour ${rows}.`,
    more: (n) => `${n} autres`,
  },
};

const CODE_LANGUAGES: Record<string, string> = {
  js: 'JavaScript', javascript: 'JavaScript', jsx: 'JavaScript', ts: 'TypeScript', typescript: 'TypeScript', tsx: 'TypeScript',
  py: 'Python', python: 'Python', rb: 'Ruby', ruby: 'Ruby', rs: 'Rust', rust: 'Rust', go: 'Go', java: 'Java', kt: 'Kotlin',
  kotlin: 'Kotlin', c: 'C', cpp: 'C++', 'c++': 'C++', cs: 'C#', csharp: 'C#', sh: 'shell', bash: 'shell', shell: 'shell',
  zsh: 'shell', sql: 'SQL', html: 'HTML', css: 'CSS', json: 'JSON', yaml: 'YAML', yml: 'YAML', r: 'R', swift: 'Swift',
  php: 'PHP', scala: 'Scala', haskell: 'Haskell', hs: 'Haskell', lua: 'Lua', julia: 'Julia', matlab: 'MATLAB', md: 'Markdown',
};

/** Says a TeX formula in words ("E equals m c squared"); without one, maths is read as its Unicode. */
export type MathSpeaker = (tex: string) => string;

export function narrationFromSlide(slide: Slide, index: number, deck: Deck, speakMath?: MathSpeaker): string {
  // The author's narration may hold maths too (`$E = mc^2$`): it is said, never read as TeX.
  if (slide.narration.trim() !== '') return slide.narration.includes('$') ? withSpokenMaths(slide.narration.trim(), speakMath) : slide.narration.trim();
  const phrases: Phrases = { ...(PHRASES[primary(deck.lang)] ?? PHRASES.en), say: (text) => spoken(text, speakMath) };
  const layout = inferLayout(slide, index);
  const sentences = [...titleSentences(slide, index, layout === 'title', phrases), ...flowBlocks(slide.blocks).flatMap((block) => blockSentences(block, phrases))];
  return sentences.join(' ');
}

/** What composed narration depends on (the cache key's inputs): the blocks, pictures by alt text only. */
export function narratedBlocks(slide: Pick<Slide, 'blocks'>): unknown[] {
  return flowBlocks(slide.blocks).map((block) => (block.type === 'image' ? { type: 'image', alt: block.alt } : block));
}

function blockSentences(block: Block, phrases: Phrases): string[] {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
    case 'quote':
      return [sentence(say(phrases, block.text))];
    case 'list':
      return listSentences(block, phrases);
    case 'code':
      return [DIAGRAMS.has(block.lang.trim().toLowerCase()) ? diagramSentence(block.text, phrases) : codeSentence(block.text, codeLanguage(block.lang), phrases)];
    case 'table':
      return tableSentences(block, phrases);
    case 'image':
      return block.alt.trim() ? [sentence(phrases.image(block.alt.trim()))] : [];
    case 'columns':
      return [];
  }
}

/**
 * A table is summarised, not read cell by cell: what its columns compare, for which rows (the
 * first column's entries, up to three), or just its columns.
 */
function tableSentences(block: Extract<Block, { type: 'table' }>, phrases: Phrases): string[] {
  const columns = block.header.map((cell) => stripEnd(say(phrases, cell))).filter(Boolean);
  if (columns.length === 0) return [];
  const rows = block.rows.map((row) => stripEnd(say(phrases, row[0] ?? ''))).filter(Boolean);
  if (columns.length < 2 || rows.length === 0) return [phrases.table(joinList(columns, phrases.and))];
  const named = [...rows.slice(0, 3), ...(rows.length > 3 ? [phrases.more(rows.length - 3)] : [])];
  return [phrases.compares(joinList(columns.slice(1).map(lowerWord), phrases.and), joinList(named, phrases.and))];
}

/** "Moons" → "moons" inside a sentence, but "CO2" and "NASA" keep their capitals. */
function lowerWord(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Inline Markdown read aloud: `**bold**` stays (emphasis), other markers give their text. */
function spoken(text: string, speakMath?: MathSpeaker): string {
  return parseInline(text)
    .map((run) => {
      const words = run.math && run.tex !== undefined ? sayMath(run.tex, run.text, speakMath) : run.text;
      return run.bold && words.trim() ? `**${words}**` : words;
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function say(phrases: Phrases, text: string): string {
  return phrases.say ? phrases.say(text) : spoken(text);
}

/** A formula in words; if the speech engine cannot read it, its readable Unicode. */
function sayMath(tex: string, unicode: string, speakMath?: MathSpeaker): string {
  if (!speakMath) return unicode;
  try {
    return speakMath(tex);
  } catch {
    return unicode;
  }
}

/** Plain narration with `$…$` maths: only the maths changes, everything else is kept as written. */
function withSpokenMaths(text: string, speakMath?: MathSpeaker): string {
  return parseInline(text)
    .map((run) => (run.math && run.tex !== undefined ? sayMath(run.tex, run.text, speakMath) : run.bold ? `**${run.text}**` : run.text))
    .join('');
}

function titleSentences(slide: Slide, index: number, isTitleSlide: boolean, phrases: Phrases): string[] {
  const title = slide.title.includes('$') ? say(phrases, slide.title).trim() : slide.title.trim();
  const out: string[] = [];
  if (title) out.push(sentence(index === 0 && isTitleSlide ? phrases.welcome(title) : title));
  if (slide.subtitle?.trim()) out.push(sentence(slide.subtitle.includes('$') ? say(phrases, slide.subtitle) : slide.subtitle.trim()));
  return out;
}

/** One sentence per top-level item, each opened by a connector; a lone item needs none. */
function listSentences(list: ListBlock, phrases: Phrases): string[] {
  const groups: Array<{ text: string; children: string[] }> = [];
  for (const item of list.items) {
    const text = say(phrases, item.text);
    if (item.level === 0 || groups.length === 0) groups.push({ text, children: [] });
    else groups.at(-1)!.children.push(text);
  }
  const texts = groups.map((group) => bulletText(group, phrases)).filter((text) => text !== '');
  if (texts.length <= 1) return texts.map(sentence);
  return texts.map((text, i) => sentence(`${connector(i, texts.length, phrases)}, ${lowerFirst(text)}`));
}

function connector(i: number, count: number, phrases: Phrases): string {
  if (i === 0) return phrases.first;
  if (i === count - 1) return phrases.finally;
  return phrases.next[(i - 1) % phrases.next.length];
}

/** "Light: red, green and blue" — children read as a list after their parent. */
function bulletText(bullet: { text: string; children: string[] }, phrases: Phrases): string {
  const text = stripEnd(bullet.text);
  const children = bullet.children.map(stripEnd).filter((child) => child !== '');
  if (children.length === 0) return text;
  return `${text}: ${joinList(children.map(lowerFirst), phrases.and)}`;
}

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}

const DIAGRAMS = new Set(['dot', 'graphviz', 'mermaid']);

/**
 * A graph is said by what it links: the nodes on its edges (`A -> B`, `A --> B`, `a -- b`), by
 * their labels where Mermaid gives them (`A[Light]`), up to five.
 */
function diagramSentence(source: string, phrases: Phrases): string {
  const names: string[] = [];
  const labels = new Map<string, string>();
  for (const line of source.split(/[\n;]/)) {
    const parts = line.split(/\s*(?:-->|->|--|==>|-\.->)\s*/);
    if (parts.length < 2) continue;
    for (const raw of parts) {
      const part = raw.replace(/^\|[^|]*\|\s*/, '').trim();
      const labelled = /^([\p{L}\p{N}_]+)\s*[[({]+"?([^\])}"]*)"?[\])}]+$/u.exec(part);
      const id = labelled ? labelled[1]! : /^"?([\p{L}\p{N}_ ]+?)"?(?:\s*\[.*\])?$/u.exec(part)?.[1]?.trim();
      if (!id) continue;
      if (labelled && !labelled[2]!.includes('=')) labels.set(id, labelled[2]!.trim());
      if (!names.includes(id)) names.push(id);
    }
  }
  if (names.length === 0) return phrases.code(undefined);
  const said = names.map((id) => labels.get(id) || id);
  const shown = said.slice(0, 5);
  return phrases.diagram(joinList([...shown, ...(said.length > 5 ? [phrases.more(said.length - 5)] : [])], phrases.and));
}

/** Names a definition introduces (`def area`, `function area`, `class Shape`, `fn main`, `const f = (`). */
const DEFINITION = /^\s*(?:export\s+)?(?:async\s+)?(?:def|function\*?|class|fn|func|fun|struct|interface|enum|sub|proc)\s+([A-Za-z_][\w$]*)|^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\(|function)/gm;
/** A line comment, in the styles most languages use. */
const COMMENT = /^\s*(?:#(?!!|include)|\/\/|--|;|%)\s*(\S.*)$/m;

/**
 * Code is described, never read out character by character: what it defines (up to three
 * names), else its first comment, else which language it is.
 */
function codeSentence(code: string, language: string | undefined, phrases: Phrases): string {
  const names = [...new Set([...code.matchAll(DEFINITION)].map((m) => m[1] ?? m[2]!).filter(Boolean))];
  if (names.length > 0) {
    const shown = names.slice(0, 3);
    const more = names.length > 3 ? [`${names.length - 3} more`] : [];
    return phrases.defines(language, joinList([...shown, ...more], phrases.and));
  }
  const comment = COMMENT.exec(code)?.[1]?.trim();
  if (comment && /\p{L}{3}/u.test(comment)) return sentence(phrases.about(language, comment));
  return phrases.code(language);
}

function codeLanguage(lang: string): string | undefined {
  const key = lang.trim().toLowerCase();
  if (!key) return undefined;
  return CODE_LANGUAGES[key] ?? (/^[a-z][\w+#-]*$/i.test(key) ? key[0].toUpperCase() + key.slice(1) : undefined);
}

/** Ends with one full stop unless the text already ends a sentence. */
function sentence(text: string): string {
  const trimmed = stripEnd(text);
  return /[.!?…。！？]["”’»)]*$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Drops trailing list punctuation (":", ";", ",") a bullet often carries. */
function stripEnd(text: string): string {
  return text.trim().replace(/[\s:;,]+$/u, '');
}

/**
 * Lower-cases a leading article after a connector ("First, the leaf…"); other words keep their
 * case because names ("Paris", "NASA") must not turn lower case in the subtitles.
 */
const ARTICLES = new Set(['a', 'an', 'the', 'this', 'these', 'those', 'some', 'un', 'une', 'le', 'la', 'les', 'des', 'du', 'ce', 'cette', 'ces']);
function lowerFirst(text: string): string {
  const match = /^(\**)(\p{L}+)/u.exec(text);
  if (!match || !ARTICLES.has(match[2].toLowerCase())) return text;
  return match[1] + match[2].toLowerCase() + text.slice(match[0].length);
}

function primary(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}
