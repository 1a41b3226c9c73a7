import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { htmlInlineToMarkdown, htmlToBlocks, type HtmlBlocks } from '../../src/deck/html-to-blocks.js';
import { FlowBlockSchema } from '../../src/deck/schema.js';

/** Every conversion must give blocks the slide model accepts, so each test checks that too. */
function convert(html: string): HtmlBlocks {
  const result = htmlToBlocks(html);
  for (const block of result.blocks) FlowBlockSchema.parse(block);
  return result;
}
const blocks = (html: string) => convert(html).blocks;

const md = new MarkdownIt({ html: false });
md.normalizeLink = (url: string): string => url;
/** How a Markdown renderer reads the inline text: checks escapes and markers mean what we meant. */
const render = (text: string): string => md.renderInline(text);

describe('htmlToBlocks: block elements', () => {
  it('turns a title <div> into a heading and a paragraph', () => {
    expect(convert('<div class="title"><h1>Intro</h1><p>by <b>Ada</b></p></div>')).toEqual({
      blocks: [
        { type: 'heading', level: 1, text: 'Intro' },
        { type: 'paragraph', text: 'by **Ada**' },
      ],
      dropped: [],
      comments: [],
    });
  });

  it('keeps heading levels and skips empty headings', () => {
    expect(blocks('<h2>Two</h2><h6>Six</h6><h3> </h3>')).toEqual([
      { type: 'heading', level: 2, text: 'Two' },
      { type: 'heading', level: 6, text: 'Six' },
    ]);
  });

  it('makes text directly in a container a paragraph, split around its block children', () => {
    expect(blocks('<center>Before<h2>Middle</h2>after <i>this</i></center><section><div><div>deep</div></div></section>')).toEqual([
      { type: 'paragraph', text: 'Before' },
      { type: 'heading', level: 2, text: 'Middle' },
      { type: 'paragraph', text: 'after *this*' },
      { type: 'paragraph', text: 'deep' },
    ]);
  });

  it('collapses whitespace as HTML does and keeps spaces outside the markers', () => {
    expect(blocks('<p>\n   one\n\ttwo   <b> three </b>four<em>\n</em></p>')).toEqual([{ type: 'paragraph', text: 'one two **three** four' }]);
  });

  it('reads <br> as a space, and a lone <br> or <hr> as nothing', () => {
    expect(blocks('<p>first line<br>second<br/>third</p>')).toEqual([{ type: 'paragraph', text: 'first line second third' }]);
    expect(convert('<br />\n<hr class="my-12" />')).toEqual({ blocks: [], dropped: [], comments: [] });
  });

  it('splits paragraphs at <hr>', () => {
    expect(blocks('<div>above<hr>below</div>')).toEqual([
      { type: 'paragraph', text: 'above' },
      { type: 'paragraph', text: 'below' },
    ]);
  });

  it('turns <pre><code class="language-x"> into a code block with its text as written', () => {
    expect(blocks('<pre><code class="language-python">\nfor x in xs:\n    print(x &lt; 3)\n</code></pre>')).toEqual([
      { type: 'code', lang: 'python', text: 'for x in xs:\n    print(x < 3)' },
    ]);
  });

  it('reads a bare <pre> (with <br> and highlighting spans) as code without a language', () => {
    expect(blocks('<pre>\n    PID USER\n <span class="hl">144075</span> ada<br>done\n</pre>')).toEqual([
      { type: 'code', lang: '', text: '    PID USER\n 144075 ada\ndone' },
    ]);
  });

  it('turns a blockquote into a quote, paragraphs separated by a blank line', () => {
    expect(blocks('<blockquote><p>Simple is <em>better</em>.</p><p>— Tim</p></blockquote>')).toEqual([{ type: 'quote', text: 'Simple is *better*.\n\n— Tim' }]);
  });

  it('keeps list items in a quote as its text and puts code after it', () => {
    expect(blocks('<blockquote>Note:<ul><li>one</li></ul><pre>x = 1</pre></blockquote>')).toEqual([
      { type: 'quote', text: 'Note:\n\none' },
      { type: 'code', lang: '', text: 'x = 1' },
    ]);
  });
});

describe('htmlToBlocks: lists', () => {
  it('flattens nested lists into levels 0–2, deeper ones at level 2', () => {
    const html = '<ul><li>a<ul><li>b<ul><li>c<ul><li>d</li></ul></li></ul></li></ul></li><li>e</li></ul>';
    expect(blocks(html)).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [
          { text: 'a', level: 0 },
          { text: 'b', level: 1 },
          { text: 'c', level: 2 },
          { text: 'd', level: 2 },
          { text: 'e', level: 0 },
        ],
      },
    ]);
  });

  it('numbers an <ol> from its start attribute', () => {
    expect(blocks('<ol start="3"><li>three</li><li>four</li></ol><ol><li>one</li></ol>')).toEqual([
      { type: 'list', ordered: true, start: 3, items: [{ text: 'three', level: 0 }, { text: 'four', level: 0 }] },
      { type: 'list', ordered: true, items: [{ text: 'one', level: 0 }] },
    ]);
  });

  it('reads a list nested directly in a list (invalid HTML) as one level deeper', () => {
    expect(blocks('<ul><li>top</li><ul><li>inner</li></ul></ul>')).toEqual([
      { type: 'list', ordered: false, items: [{ text: 'top', level: 0 }, { text: 'inner', level: 1 }] },
    ]);
  });

  it('reads checkboxes as task items and joins an item\'s paragraphs', () => {
    const html = '<ul><li><input type="checkbox" checked> done</li><li><input type="checkbox"> todo</li><li><p>two</p><p><b>paras</b></p></li></ul>';
    expect(blocks(html)).toEqual([
      {
        type: 'list',
        ordered: false,
        items: [
          { text: 'done', level: 0, checked: true },
          { text: 'todo', level: 0, checked: false },
          { text: 'two **paras**', level: 0 },
        ],
      },
    ]);
  });

  it('keeps the sub-items of an empty item one level below the item before them', () => {
    expect(blocks('<ul><li><ul><li>orphan</li></ul></li></ul>')).toEqual([{ type: 'list', ordered: false, items: [{ text: 'orphan', level: 0 }] }]);
  });

  it('keeps stray text in a list and unclosed items', () => {
    expect(blocks('<ul>loose <b>words</b><li>one<li>two</ul>')).toEqual([
      { type: 'list', ordered: false, items: [{ text: 'loose **words**', level: 0 }, { text: 'one', level: 0 }, { text: 'two', level: 0 }] },
    ]);
  });
});

describe('htmlToBlocks: images', () => {
  it('makes an inline image block with width and height from attributes', () => {
    expect(blocks('<img src="x.png" width="300" height="200px" alt="A &amp; B">')).toEqual([
      { type: 'image', src: 'x.png', alt: 'A & B', position: 'inline', width: 300, height: 200 },
    ]);
  });

  it('takes a pixel width from the style (which wins over the attribute) and ignores % and auto', () => {
    expect(blocks('<img src="a.png" width="100" style="width: 240px; height: auto">')).toEqual([{ type: 'image', src: 'a.png', alt: '', position: 'inline', width: 240 }]);
    expect(blocks('<img src="b.png" width="50%" style="max-width:300px">')).toEqual([{ type: 'image', src: 'b.png', alt: '', position: 'inline' }]);
  });

  it('skips an image without src', () => {
    expect(convert('<img alt="nothing">')).toEqual({ blocks: [], dropped: [], comments: [] });
  });

  it('keeps an image in its place between the text around it', () => {
    expect(blocks('<p><img src="logo.png"> Welcome <b>all</b><img src="end.png"></p>')).toEqual([
      { type: 'image', src: 'logo.png', alt: '', position: 'inline' },
      { type: 'paragraph', text: 'Welcome **all**' },
      { type: 'image', src: 'end.png', alt: '', position: 'inline' },
    ]);
  });

  it('puts an image inside a heading or link after the block', () => {
    expect(blocks('<h1><img src="icon.svg"> Title</h1><a href="https://x.org"><img src="badge.svg"></a>')).toEqual([
      { type: 'heading', level: 1, text: 'Title' },
      { type: 'image', src: 'icon.svg', alt: '', position: 'inline' },
      { type: 'image', src: 'badge.svg', alt: '', position: 'inline' },
    ]);
  });
});

describe('htmlToBlocks: tables', () => {
  it('reads header, alignment (align attribute or text-align style) and rows', () => {
    const html = `<table>
      <thead><tr><th align="left">Name</th><th style="text-align: center">Qty</th><th align="right">Price</th></tr></thead>
      <tbody>
        <tr><td>Apple</td><td>3</td><td><b>1.20</b></td></tr>
        <tr><td>Pear</td><td>10</td><td>0.80</td></tr>
      </tbody>
    </table>`;
    expect(blocks(html)).toEqual([
      {
        type: 'table',
        header: ['Name', 'Qty', 'Price'],
        align: ['left', 'center', 'right'],
        rows: [
          ['Apple', '3', '**1.20**'],
          ['Pear', '10', '0.80'],
        ],
      },
    ]);
  });

  it('uses the first row as header without <thead>, pads colspans and fills unstated alignments', () => {
    expect(blocks('<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td colspan="2">wide</td><td align="right">r</td></tr></table>')).toEqual([
      { type: 'table', header: ['a', 'b', 'c'], align: ['left', 'left', 'right'], rows: [['wide', '', 'r']] },
    ]);
  });

  it('states no alignment when no cell has one', () => {
    expect(blocks('<table><tr><th>x</th></tr><tr><td>1</td></tr></table>')).toEqual([{ type: 'table', header: ['x'], align: [], rows: [['1']] }]);
  });

  it('says the caption before the table and puts pictures in cells after it', () => {
    expect(blocks('<table><caption>Fruit</caption><tr><th>Pic</th></tr><tr><td><img src="apple.png" alt="apple"></td></tr></table>')).toEqual([
      { type: 'paragraph', text: 'Fruit' },
      { type: 'table', header: ['Pic'], align: [], rows: [['']] },
      { type: 'image', src: 'apple.png', alt: 'apple', position: 'inline' },
    ]);
  });
});

describe('htmlToBlocks: inline text', () => {
  it('converts the inline subset: bold, italic, code, highlight, links', () => {
    expect(blocks('<p><strong>S</strong> <b>B</b> <em>E</em> <i>I</i> <code>a &lt; b</code> <mark>M</mark> <a href="https://x.org/a b">link</a> <a>bare</a></p>')).toEqual([
      { type: 'paragraph', text: '**S** **B** *E* *I* `a < b` ==M== [link](https://x.org/a%20b) bare' },
    ]);
  });

  it('does not nest a marker inside the same marker', () => {
    expect(blocks('<b>a <strong>b</strong></b> <i><b>both</b></i>')).toEqual([{ type: 'paragraph', text: '**a b** ***both***' }]);
  });

  it('keeps only the text of span, font, small, sub, sup, u, s and kbd', () => {
    const html = '<p><span style="color:red">red</span> <font size="5">big</font> <small>s</small> H<sub>2</sub>O x<sup>2</sup> <u>u</u> <s>old</s> <kbd>Ctrl</kbd></p>';
    expect(convert(html)).toEqual({ blocks: [{ type: 'paragraph', text: 'red big s H2O x2 u old Ctrl' }], dropped: [], comments: [] });
  });

  it('decodes entities; a no-break space stays one', () => {
    expect(blocks('<p>Q&amp;A&nbsp;time &#x2014; &mdash; &#8222;quoted&#8220; &lt;b&gt;</p>')).toEqual([{ type: 'paragraph', text: 'Q&A\u00a0time — — „quoted“ <b>' }]);
  });

  it('escapes literal *, ` and a backslash before punctuation, even one before a marker', () => {
    const [block] = blocks('<p>2 * 3 = `6` in C:\\<b>tmp</b></p>');
    expect(block).toEqual({ type: 'paragraph', text: '2 \\* 3 = \\`6\\` in C:\\\\**tmp**' });
    expect(render((block as { text: string }).text)).toBe('2 * 3 = `6` in C:\\<strong>tmp</strong>');
  });

  it('wraps code containing backticks in a longer fence', () => {
    expect(blocks('<p><code>a`b</code></p>')).toEqual([{ type: 'paragraph', text: '`` a`b ``' }]);
  });

  it('percent-encodes spaces and parentheses in a link target', () => {
    const [block] = blocks('<p><a href="https://en.wikipedia.org/wiki/Lisp_(programming language)">Lisp</a></p>');
    expect(block).toEqual({ type: 'paragraph', text: '[Lisp](https://en.wikipedia.org/wiki/Lisp_%28programming%20language%29)' });
    expect(render((block as { text: string }).text)).toBe('<a href="https://en.wikipedia.org/wiki/Lisp_%28programming%20language%29">Lisp</a>');
  });

  it('keeps a "!" before a link from turning it into an image', () => {
    const [block] = blocks('<p>Wow!<a href="u">see</a></p>');
    expect(render((block as { text: string }).text)).toBe('Wow!<a href="u">see</a>');
  });
});

describe('htmlToBlocks: elements outside the subset', () => {
  it('keeps the text of unknown elements (components\' words apart) and reports each tag once, as written, in order', () => {
    const html = '<v-click><p>Step <Toc/> one</p></v-click><v-click>two</v-click><my-widget>three</my-widget><iframe src="x"></iframe><Toc />';
    expect(convert(html)).toEqual({
      blocks: [
        { type: 'paragraph', text: 'Step one' },
        { type: 'paragraph', text: 'two three' },
      ],
      dropped: ['v-click', 'Toc', 'my-widget', 'iframe'],
      comments: [],
    });
  });

  it('reads an unknown element wrapping blocks as a container', () => {
    expect(convert('<div grid="~ cols-2" gap="4"><Card><h3>Left</h3><p>text</p></Card><div>Right</div></div>')).toEqual({
      blocks: [
        { type: 'heading', level: 3, text: 'Left' },
        { type: 'paragraph', text: 'text' },
        { type: 'paragraph', text: 'Right' },
      ],
      dropped: ['Card'],
      comments: [],
    });
  });

  it('never reads script or style contents as text, but reports them', () => {
    expect(convert('<p>before</p><script>document.write("<b>no</b>")</script><style scoped>h1 { color: red }</style><p>after</p>')).toEqual({
      blocks: [
        { type: 'paragraph', text: 'before' },
        { type: 'paragraph', text: 'after' },
      ],
      dropped: ['script', 'style'],
      comments: [],
    });
  });

  it('keeps the words of a <video> fallback', () => {
    expect(convert('<video src="a.mp4" controls>Your browser cannot play <b>this</b>.<source src="a.webm"></video>')).toEqual({
      blocks: [{ type: 'paragraph', text: 'Your browser cannot play **this**.' }],
      dropped: ['video', 'source'],
      comments: [],
    });
  });
});

describe('htmlToBlocks: comments and malformed HTML', () => {
  it('collects comment bodies in order, untrimmed, an unclosed one to the end', () => {
    expect(convert('<!-- first --><p>x<!--inner--></p><!-- _class: lead\n<b>hidden</b>')).toEqual({
      blocks: [{ type: 'paragraph', text: 'x' }],
      dropped: [],
      comments: [' first ', 'inner', ' _class: lead\n<b>hidden</b>'],
    });
  });

  it('recovers from unclosed, stray and misnested tags', () => {
    expect(blocks('</div></p><div><p>one<p>two</div>three <b>bold <i>both</b> after')).toEqual([
      { type: 'paragraph', text: 'one' },
      { type: 'paragraph', text: 'two' },
      { type: 'paragraph', text: 'three **bold *both after***' },
    ]);
  });

  it('keeps a lone "<" as text and reads a tag cut off at the end as far as it goes', () => {
    expect(blocks('a < b and 3 <4')).toEqual([{ type: 'paragraph', text: 'a < b and 3 <4' }]);
    expect(blocks('<p>end <img src="x.png"')).toEqual([
      { type: 'paragraph', text: 'end' },
      { type: 'image', src: 'x.png', alt: '', position: 'inline' },
    ]);
  });

  it('gives only an opening or closing tag (a Markdown html_block) no blocks', () => {
    expect(convert('<div class="flex row">\n')).toEqual({ blocks: [], dropped: [], comments: [] });
    expect(convert('</v-click>')).toEqual({ blocks: [], dropped: [], comments: [] });
    expect(convert('<div class="container my-5">\n  &nbsp;\n</div>')).toEqual({ blocks: [], dropped: [], comments: [] });
  });

  it('never throws on any prefix of a fragment, and gives valid blocks', () => {
    const sample =
      '<div class="t"><h1>T &amp; <b>b</b></h1><ul><li>a<ol start="2"><li>b</li></ol></li></ul><table><tr><th align="center">h</th></tr>' +
      '<tr><td colspan="3">c</td></tr></table><pre><code class="language-js">x</code></pre><img src="i.png" width="9"><!-- n --><Toc/></div>';
    for (let end = 0; end <= sample.length; end++) expect(() => convert(sample.slice(0, end))).not.toThrow();
  });

  it('reads very deep nesting as text instead of exhausting the stack', () => {
    const deep = (open: string, close: string) => `${open.repeat(20_000)}deep${close.repeat(20_000)}`;
    expect(blocks(deep('<div>', '</div>'))).toEqual([{ type: 'paragraph', text: 'deep' }]);
    expect(blocks(deep('<b>', '</b>'))).toEqual([{ type: 'paragraph', text: '**deep**' }]);
    // Only the innermost item has text, so it is the first item: level 0.
    expect(blocks(deep('<ul><li>', '</li></ul>'))).toEqual([{ type: 'list', ordered: false, items: [{ text: 'deep', level: 0 }] }]);
    expect(blocks(deep('<blockquote>', '</blockquote>'))[0]).toMatchObject({ type: 'quote' });
  });

  it('handles very many siblings (more than a function call takes as arguments)', () => {
    const result = htmlToBlocks(`<div>${'<p>x</p>'.repeat(200_000)}</div>`);
    expect(result.blocks).toHaveLength(200_000);
  });
});

// Snippets modelled on the raw HTML in real Slidev and Marp decks (shared corpus).
describe('htmlToBlocks: snippets like those in real decks', () => {
  it('a Slidev cover: overlay title with an entity, then a QR code and a linked heading with an icon', () => {
    const html = `<div class="overlay">
  <h1>
    building <strong>zed news</strong> &mdash; an automated podcast powered by Python, LLMs and 11ty
  </h1>
</div>
<div class="qr-code">
  <img
    src="/qr-code.png"
    alt="github.com/engineervix/zed-news"
    width="256"
  />

  <h1>
    <a href="https://github.com/engineervix/zed-news"><carbon-logo-github /> github.com/engineervix/zed-news
    </a>
  </h1>
</div>`;
    expect(convert(html)).toEqual({
      blocks: [
        { type: 'heading', level: 1, text: 'building **zed news** — an automated podcast powered by Python, LLMs and 11ty' },
        { type: 'image', src: '/qr-code.png', alt: 'github.com/engineervix/zed-news', position: 'inline', width: 256 },
        { type: 'heading', level: 1, text: '[github.com/engineervix/zed-news](https://github.com/engineervix/zed-news)' },
      ],
      dropped: ['carbon-logo-github'],
      comments: [],
    });
  });

  it('a Slidev table with inline code, styled spans and coloured strong text', () => {
    const html = `<table class="text-xs mt-2">
<thead><tr><th>Option</th><th>Effet</th></tr></thead>
<tbody>
<tr>
<td><code>fail-fast: true</code> <span class="opacity-50">(défaut)</span></td>
<td>Annule <strong class="text-[#ef4444]">TOUS</strong> les jobs si un échoue</td>
</tr>
<tr><td><code>max-parallel: N</code></td><td>Limite les jobs <em>simultanés</em></td></tr>
</tbody>
</table>`;
    expect(convert(html)).toEqual({
      blocks: [
        {
          type: 'table',
          header: ['Option', 'Effet'],
          align: [],
          rows: [
            ['`fail-fast: true` (défaut)', 'Annule **TOUS** les jobs si un échoue'],
            ['`max-parallel: N`', 'Limite les jobs *simultanés*'],
          ],
        },
      ],
      dropped: [],
      comments: [],
    });
  });

  it('a Slidev speaker card: Vue components around a photo and two spans, then the notes comment', () => {
    const html = `<div class="relative">
  <h1 class="text-center font-serif pb-36">Ship <span class="text-primary">Nuxt</span> apps that scale.</h1>
  <p class="absolute left-1/2 top-24 op-60">
    Presented by Estéban
  </p>
</div>

<Card class="flex flex-col p-6">
  <img src="https://github.com/barbapapazes.png" class="mx-auto size-20" />
  <span class="mt-6 text-xl">Estéban Soubiran</span>
  <span class="mt-1 text-sm op-60">Freelance web developer.</span>
  <Socials class="mt-8" />
</Card>

<!--
Hello everyone,
-->`;
    expect(convert(html)).toEqual({
      blocks: [
        { type: 'heading', level: 1, text: 'Ship Nuxt apps that scale.' },
        { type: 'paragraph', text: 'Presented by Estéban' },
        { type: 'image', src: 'https://github.com/barbapapazes.png', alt: '', position: 'inline' },
        { type: 'paragraph', text: 'Estéban Soubiran Freelance web developer.' },
      ],
      dropped: ['Card', 'Socials'],
      comments: ['\nHello everyone,\n'],
    });
  });

  it('Marp pictures sized by style: a pixel height with width auto, a percentage width, a URL with raw &', () => {
    const html = `<div style="position: absolute; top: 200px; left: 850px;">
<img src="https://quickchart.io/qr?text=https://example.org/&light=0000&size=300&centerImageUrl=https://example.org/h2.png"
     style="height:380px;width:auto;vertical-align:top;background-color:transparent;">
</div>
<div class="centered">
  <img src="res/system-test-diagram.png?" alt="System Test Diagramm" style="width: 60%;"/>
</div>
<i><b><center class="text-4xl">Lerna v5.1.0+ is Nx</center></b></i>`;
    expect(blocks(html)).toEqual([
      {
        type: 'image',
        src: 'https://quickchart.io/qr?text=https://example.org/&light=0000&size=300&centerImageUrl=https://example.org/h2.png',
        alt: '',
        position: 'inline',
        height: 380,
      },
      { type: 'image', src: 'res/system-test-diagram.png?', alt: 'System Test Diagramm', position: 'inline' },
      { type: 'paragraph', text: 'Lerna v5.1.0+ is Nx' },
    ]);
  });
});

describe('htmlInlineToMarkdown', () => {
  it('converts inline HTML from a Markdown paragraph', () => {
    expect(htmlInlineToMarkdown('Press <kbd>Ctrl</kbd>+<kbd>C</kbd><br>then <b>stop</b>, H<sub>2</sub>O is <mark>hot</mark>, <span class="source">Quelle</span>')).toEqual({
      text: 'Press Ctrl+C then **stop**, H2O is ==hot==, Quelle',
      images: [],
      dropped: [],
      comments: [],
    });
  });

  it('reads its input as HTML only: Markdown syntax in it stays literal', () => {
    const result = htmlInlineToMarkdown('**not bold** and `not code`');
    expect(result.text).toBe('\\*\\*not bold\\*\\* and \\`not code\\`');
    expect(render(result.text)).toBe('**not bold** and `not code`');
  });

  it('hands back images, unknown tags and comments', () => {
    expect(htmlInlineToMarkdown('icon <img src="i.png" width="20"> <abbr title="x">HTML</abbr><!-- say it -->')).toEqual({
      text: 'icon HTML',
      images: [{ type: 'image', src: 'i.png', alt: '', position: 'inline', width: 20 }],
      dropped: ['abbr'],
      comments: [' say it '],
    });
  });

  it('separates the words of block elements met inline', () => {
    expect(htmlInlineToMarkdown('<p>one</p><p>two</p><ul><li>three</li></ul>').text).toBe('one two three');
  });
});
