import type { LiteAdaptor } from '@mathjax/src/js/adaptors/liteAdaptor.js';
import type { LiteDocument } from '@mathjax/src/js/adaptors/lite/Document.js';
import type { LiteElement } from '@mathjax/src/js/adaptors/lite/Element.js';
import type { LiteText } from '@mathjax/src/js/adaptors/lite/Text.js';
import type { MathDocument } from '@mathjax/src/js/core/MathDocument.js';
import type { HTMLMathItem } from '@mathjax/src/js/handlers/html/HTMLMathItem.js';
import type { TeX } from '@mathjax/src/js/input/tex.js';
import type { SVG } from '@mathjax/src/js/output/svg.js';
import { MathError } from './math-error.js';

/**
 * TeX → SVG (glyphs as paths, no fonts) and MathML, with the metrics the layout engine needs to
 * sit maths on a line of text. MathJax 4 is used directly (no loader/startup components): it is
 * only imported by `loadMathEngine()`, so importing this module costs nothing until a deck has
 * maths. After that one await, `typesetMath` is synchronous.
 */

export interface TypesetOptions {
  /** Display maths (`$$…$$`: limits above/below, larger operators) or inline (`$…$`). */
  display: boolean;
  /** Colour for everything MathJax draws in `currentColor` (a CSS colour). Default black. */
  color?: string;
}

export interface TypesetMath {
  /** A standalone `<svg>` (xmlns set, width/height in em), glyphs as `<path>`s, no `<text>`. */
  svg: string;
  /** Width in em of the surrounding text size. */
  widthEm: number;
  /** Total height (above + below the baseline) in em. */
  heightEm: number;
  /** How far below the baseline it reaches, in em (≥ 0): place the box's bottom this far under the baseline. */
  depthEm: number;
  /** Presentation MathML (for speech, and for PPTX OMML later). */
  mathml: string;
}

type N = LiteElement;
type T = LiteText;
type D = LiteDocument;

interface MathEngine {
  adaptor: LiteAdaptor;
  svg: SVG<N, T, D>;
  /** A fresh TeX input jax + document, so no \newcommand or \label leaks from one expression to the next. */
  freshDocument(): { tex: TeX<N, T, D>; doc: MathDocument<N, T, D> };
  newItem(tex: string, jax: TeX<N, T, D>, display: boolean): HTMLMathItem<N, T, D>;
  serializeMml(item: HTMLMathItem<N, T, D>): string;
}

/**
 * Deliberately without `noundefined` (it would draw an unknown macro in red instead of failing)
 * and without `noerrors`/`autoload`/`require` (no silent error boxes, no network or file loads).
 */
const TEX_PACKAGES = ['base', 'ams', 'newcommand', 'textmacros', 'mhchem', 'boldsymbol', 'cancel', 'color', 'gensymb', 'braket'];

/**
 * Nominal text size handed to MathJax. The SVG geometry is in em whatever this is; it only sets
 * what MathJax treats as "1px" (the minimum box size, `px` lengths in TeX), so with 16 a `1px`
 * in TeX means 1/16 em, as in a browser at the default size.
 */
const EM_PX = 16;
/** Wide enough that nothing is broken or squeezed: slides place maths, MathJax does not. */
const CONTAINER_EM = 1000;
/** MathJax's SVG viewBox is in thousandths of an em. */
const UNITS_PER_EM = 1000;
const CACHE_LIMIT = 2000;
const DEFAULT_COLOR = '#000000';
/** Hex, a colour name, or rgb()/hsl() — nothing that could break out of an attribute. */
const SAFE_COLOR = /^(?:#[0-9a-f]{3,8}|[a-z]+|(?:rgb|hsl)a?\([\d\s.,%/+-]+\))$/i;

let engine: MathEngine | undefined;
let loading: Promise<MathEngine> | undefined;
const cache = new Map<string, TypesetMath>();

/** Load MathJax (≈ 0.25–0.3 s, once per process). Safe to call many times and concurrently. */
export async function loadMathEngine(): Promise<void> {
  loading ??= createEngine().then(
    (created) => (engine = created),
    (err: unknown) => {
      loading = undefined; // a failed load (e.g. a missing package) can be retried
      throw err;
    },
  );
  await loading;
}

/** True once `loadMathEngine()` has finished: lets callers (and tests) see that MathJax is not loaded by a mere import. */
export function isMathEngineLoaded(): boolean {
  return engine !== undefined;
}

/**
 * Typeset TeX (without `$` delimiters). Throws MathError for a parse error, an unknown macro or
 * a character the maths font cannot draw as a path. Results are cached by (tex, display, colour).
 */
export function typesetMath(tex: string, options: TypesetOptions): TypesetMath {
  const color = options.color ?? DEFAULT_COLOR;
  if (!SAFE_COLOR.test(color)) throw new RangeError(`typesetMath: "${color}" is not a CSS colour (use e.g. #1a1a1a)`);
  const key = `${options.display ? 'D' : 'I'}|${color}|${tex}`;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key); // re-insert: the Map's order is then least-recently used first
    cache.set(key, cached);
    return cached;
  }
  const result = Object.freeze(typesetUncached(requireEngine(), tex, options.display, color));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

/** TeX → presentation MathML only (no layout), e.g. for speech. Throws MathError like typesetMath. */
export function texToMathml(tex: string, display: boolean): string {
  const mathjax = requireEngine();
  return mathjax.serializeMml(compile(mathjax, mathjax.freshDocument(), tex, display));
}

function requireEngine(): MathEngine {
  if (!engine) throw new Error('MathJax is not loaded: await loadMathEngine() once before typesetting maths');
  return engine;
}

type Fresh = ReturnType<MathEngine['freshDocument']>;

function typesetUncached(mathjax: MathEngine, tex: string, display: boolean, color: string): TypesetMath {
  const fresh = mathjax.freshDocument();
  const item = compile(mathjax, fresh, tex, display);
  // Serialised before typesetting: the tree exactly as the TeX input built it.
  const mathml = mathjax.serializeMml(item);
  try {
    item.typeset(fresh.doc);
  } catch (err) {
    throw new MathError(tex, errorReason(err), { cause: err });
  }
  const root = mathjax.adaptor.firstChild(item.typesetRoot) as N;
  const metrics = standaloneRoot(mathjax.adaptor, root);
  if (!metrics) throw new MathError(tex, 'equation numbers (\\tag) and full-width tables are not supported on slides');
  const svg = stripLatex(mathjax.adaptor.serializeXML(root));
  // MathJax falls back to <text> in a system font for characters outside its font (CJK, emoji):
  // resvg would need fonts for those, so refuse rather than draw boxes or nothing.
  const missing = [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  if (missing.length) throw new MathError(tex, `characters the maths font cannot draw: ${missing.join(' ')}`);
  return { svg: svg.replaceAll('currentColor', color), ...metrics, mathml };
}

function compile(mathjax: MathEngine, { tex: jax, doc }: Fresh, tex: string, display: boolean): HTMLMathItem<N, T, D> {
  const item = mathjax.newItem(tex, jax, display);
  item.start.node = mathjax.adaptor.body(doc.document);
  // ex = the font's own x-height, so MathJax needs no scaling to match the surrounding text.
  item.setMetrics(EM_PX, EM_PX * mathjax.svg.font.params.x_height, CONTAINER_EM * EM_PX, 1);
  try {
    item.compile(doc);
  } catch (err) {
    throw new MathError(tex, errorReason(err), { cause: err });
  }
  return item;
}

/** TexError is not an Error subclass, but has a message (e.g. "Undefined control sequence \foo"). */
function errorReason(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : String(err);
}

/** data-latex repeats the TeX on every node: bulk the layout never reads. Values are XML-escaped, so no `"` inside. */
function stripLatex(markup: string): string {
  return markup.replace(/ data-latex(?:-item)?="[^"]*"/g, '');
}

/**
 * Turn MathJax's in-page <svg> into a standalone picture and read its metrics. MathJax sizes it in
 * ex (1 ex = the font's x-height, `font.params.x_height` = 0.442 em for the default NewCM font)
 * and lowers it with `vertical-align` in ex; the viewBox carries the same numbers in thousandths
 * of an em, unrounded, so the metrics come from there. Null when MathJax made it 100% wide.
 */
function standaloneRoot(adaptor: LiteAdaptor, svg: N): Omit<TypesetMath, 'svg' | 'mathml'> | null {
  // Equation numbers (\tag) and 100%-wide tables are laid out against the page width with
  // nested <svg>s that overflow their viewBoxes: not a picture with a size of its own.
  if (adaptor.getAttribute(svg, 'data-mjx-viewBox')) return null;
  const [x = 0, top = 0, width = 0, height = 0] = (adaptor.getAttribute(svg, 'viewBox') ?? '').split(/\s+/).map(Number);
  // MathJax already clamps the depth at 0; kept so a box above the baseline still sits on it.
  const fullHeight = Math.max(height, -top);
  adaptor.setAttribute(svg, 'viewBox', [x, top, width, fullHeight].join(' '));
  const metrics = { widthEm: width / UNITS_PER_EM, heightEm: fullHeight / UNITS_PER_EM, depthEm: (fullHeight + top) / UNITS_PER_EM };
  adaptor.setAttribute(svg, 'width', emLength(metrics.widthEm));
  adaptor.setAttribute(svg, 'height', emLength(metrics.heightEm));
  for (const name of ['style', 'role', 'focusable']) adaptor.removeAttribute(svg, name);
  return metrics;
}

function emLength(em: number): string {
  return `${Number(em.toFixed(4))}em`;
}

async function createEngine(): Promise<MathEngine> {
  const [{ mathjax }, { TeX }, { SVG }, { liteAdaptor }, { RegisterHTMLHandler }, { HTMLMathItem }, { SerializedMmlVisitor }] = await Promise.all([
    import('@mathjax/src/js/mathjax.js'),
    import('@mathjax/src/js/input/tex.js'),
    import('@mathjax/src/js/output/svg.js'),
    import('@mathjax/src/js/adaptors/liteAdaptor.js'),
    import('@mathjax/src/js/handlers/html.js'),
    import('@mathjax/src/js/handlers/html/HTMLMathItem.js'),
    import('@mathjax/src/js/core/MmlTree/SerializedMmlVisitor.js'),
    // Sets mathjax.asyncLoad to import(): the font's dynamic glyph files are ES modules in @mathjax/mathjax-newcm-font.
    import('@mathjax/src/js/util/asyncLoad/esm.js'),
    loadTexPackages(),
  ]);
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  // fontCache 'none': every glyph is an inline <path> (no <use>/<defs> shared across pictures).
  // Inline line breaking off: otherwise MathJax splits inline maths into several <svg>s for the browser to wrap.
  const svg = new SVG<N, T, D>({ fontCache: 'none', linebreaks: { inline: false } });
  const freshDocument = () => {
    const tex = new TeX<N, T, D>({
      packages: TEX_PACKAGES,
      // Throw instead of building an <merror> box, so a bad expression is an error we can report.
      formatError: (_jax: unknown, err: unknown) => {
        throw err;
      },
    });
    return { tex, doc: mathjax.document('', { InputJax: tex, OutputJax: svg }) as MathDocument<N, T, D> };
  };
  // The font ships most glyphs in ~40 "dynamic" files loaded on first use. A synchronous
  // typesetMath cannot wait for one mid-expression, so load them all now (≈ 150 ms).
  await svg.font.loadDynamicFiles();
  const visitor = new SerializedMmlVisitor();
  return {
    adaptor,
    svg,
    freshDocument,
    newItem: (tex, jax, display) => new HTMLMathItem<N, T, D>(tex, jax, display),
    serializeMml: (item) => stripLatex(visitor.visitTree(item.root)),
  };
}

/** Importing a package's Configuration registers it with the TeX input jax (no loader component in direct mode). */
function loadTexPackages(): Promise<unknown> {
  return Promise.all([
    import('@mathjax/src/js/input/tex/base/BaseConfiguration.js'),
    import('@mathjax/src/js/input/tex/ams/AmsConfiguration.js'),
    import('@mathjax/src/js/input/tex/newcommand/NewcommandConfiguration.js'),
    import('@mathjax/src/js/input/tex/textmacros/TextMacrosConfiguration.js'),
    import('@mathjax/src/js/input/tex/mhchem/MhchemConfiguration.js'),
    import('@mathjax/src/js/input/tex/boldsymbol/BoldsymbolConfiguration.js'),
    import('@mathjax/src/js/input/tex/cancel/CancelConfiguration.js'),
    import('@mathjax/src/js/input/tex/color/ColorConfiguration.js'),
    import('@mathjax/src/js/input/tex/gensymb/GensymbConfiguration.js'),
    import('@mathjax/src/js/input/tex/braket/BraketConfiguration.js'),
  ]);
}
