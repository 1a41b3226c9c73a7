/**
 * Readable Unicode for common TeX, for subtitles and other plain-text places: super/subscripts
 * where Unicode has the characters, Greek, operators, √, fractions as a/b. Anything it does not
 * know is kept as the TeX without its backslash. Never returns `$` or `\`.
 */
export function mathToUnicode(tex: string): string {
  const body = tex.trim().replace(/^\$\$?([\s\S]*?)\$?\$$/, '$1');
  const text = new UnicodeReader(body).sequence().normalize('NFC'); // "=" + U+0338 (\not=) → "≠"
  return text
    .replace(/[$\\]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?; ?/g, '; ')
    .replace(/([([]) | ([)\]])/g, '$1$2')
    .replace(/[;\s]+$/, '')
    .trim();
}

/** Unicode's superscript and subscript forms (it has them for digits, signs and some letters only). */
const SUPERSCRIPTS = zip(
  '0123456789+-−=()nihjklmoprstuvwxyzabcdefgABDEGHIJKLMNOPRTUVWαβγδθφχ′',
  '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵃᵇᶜᵈᵉᶠᵍᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᶿᵠᵡ′',
);
const SUBSCRIPTS = zip('0123456789+-−=()aehijklmnoprstuvxβγρφχ', '₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ');

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', omicron: 'ο',
  pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ',
  phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ',
  Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

const SYMBOLS: Record<string, string> = {
  ...GREEK,
  times: '×', cdot: '·', div: '÷', pm: '±', mp: '∓', ast: '∗', star: '⋆', circ: '∘', bullet: '•',
  le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', approx: '≈', equiv: '≡', sim: '∼', simeq: '≃',
  cong: '≅', propto: '∝', ll: '≪', gg: '≫', lt: '<', gt: '>', infty: '∞', partial: '∂', nabla: '∇',
  sum: '∑', prod: '∏', coprod: '∐', int: '∫', iint: '∬', iiint: '∭', oint: '∮', in: '∈', notin: '∉',
  ni: '∋', subset: '⊂', subseteq: '⊆', supset: '⊃', supseteq: '⊇', cup: '∪', cap: '∩', setminus: '∖',
  emptyset: '∅', varnothing: '∅', forall: '∀', exists: '∃', nexists: '∄', neg: '¬', lnot: '¬',
  land: '∧', wedge: '∧', lor: '∨', vee: '∨', oplus: '⊕', otimes: '⊗', perp: '⊥', parallel: '∥',
  mid: '∣', angle: '∠', triangle: '△', degree: '°', prime: '′', hbar: 'ℏ', ell: 'ℓ', Re: 'ℜ', Im: 'ℑ',
  aleph: 'ℵ', to: '→', rightarrow: '→', leftarrow: '←', gets: '←', leftrightarrow: '↔',
  Rightarrow: '⇒', implies: '⇒', Leftarrow: '⇐', Leftrightarrow: '⇔', iff: '⇔', mapsto: '↦',
  uparrow: '↑', downarrow: '↓', longrightarrow: '⟶', longmapsto: '⟼', rightleftharpoons: '⇌',
  ldots: '…', dots: '…', cdots: '⋯', vdots: '⋮', ddots: '⋱', langle: '⟨', rangle: '⟩',
  lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉', vert: '|', Vert: '‖', lvert: '|', rvert: '|',
  lVert: '‖', rVert: '‖', lbrace: '{', rbrace: '}', backslash: '∖', colon: ':', dagger: '†',
  '{': '{', '}': '}', '|': '‖', '%': '%', '#': '#', '&': '&', _: '_', // an escaped $ stays a dollar without being a maths delimiter
  $: '＄',
};

/** Operator names TeX sets upright, written as words. */
const FUNCTIONS = new Set(
  ('sin cos tan sec csc cot arcsin arccos arctan sinh cosh tanh coth log ln lg exp lim liminf limsup ' +
    'max min sup inf det dim ker arg deg gcd lcm Pr hom mod bmod').split(' '),
);
/** Commands that only space: one plain space. */
const SPACES = new Set([',', ':', ';', '>', ' ', 'quad', 'qquad', 'enspace', 'thinspace', 'medspace', 'thickspace', 'space']);
/** Commands with no visible output of their own. */
const SILENT = new Set(['!', 'negthinspace', 'displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'middle']);
/** Font and text commands: just their argument. */
const STYLES = new Set(['mathrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mathcal', 'mathscr', 'mathfrak', 'boldsymbol', 'bm', 'operatorname', 'mathnormal', 'pmb']);
const TEXTS = new Set(['text', 'textrm', 'textit', 'textbf', 'textsf', 'texttt', 'textnormal', 'mbox', 'hbox']);
/** Arguments that are settings, not content. */
const DROPPED_ARGUMENT = new Set(['color', 'label', 'tag', 'hspace', 'vspace', 'phantom', 'hphantom', 'vphantom']);
const ACCENTS: Record<string, string> = { vec: '\u20D7', hat: '\u0302', widehat: '\u0302', bar: '\u0305', overline: '\u0305', dot: '\u0307', ddot: '\u0308', tilde: '\u0303', widetilde: '\u0303' };
const DOUBLE_STRUCK: Record<string, string> = { C: 'ℂ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ', E: '𝔼', '1': '𝟙' };
const MATRIX_FENCES: Record<string, [string, string]> = { pmatrix: ['(', ')'], bmatrix: ['[', ']'], Bmatrix: ['{', '}'], vmatrix: ['|', '|'], Vmatrix: ['‖', '‖'], cases: ['{ ', ''] };

function zip(from: string, to: string): Map<string, string> {
  const keys = [...from];
  const values = [...to];
  return new Map(keys.map((key, i) => [key, values[i]!]));
}

/** A one-pass reader over TeX: each method consumes what it converts. */
class UnicodeReader {
  private i = 0;

  constructor(private readonly src: string) {}

  /** Everything up to the end, or up to (and including) the `}` closing a group when inside one. */
  sequence(inGroup = false): string {
    let out = '';
    while (this.i < this.src.length) {
      const c = this.src[this.i++]!;
      if (c === '}') {
        if (inGroup) return out;
      } else if (c === '{') out += this.sequence(true);
      else if (c === '\\') out += this.command();
      else if (c === '^' || c === '_') out += script(this.argument(), c === '^' ? SUPERSCRIPTS : SUBSCRIPTS, c);
      else out += character(c);
    }
    return out;
  }

  /** A macro's argument: a group, a command or one character (spaces before it skipped, as TeX does). */
  private argument(): string {
    while (/\s/.test(this.src[this.i] ?? '')) this.i++;
    const c = this.src[this.i++];
    if (c === undefined) return '';
    if (c === '{') return this.sequence(true);
    if (c === '\\') return this.command();
    return character(c);
  }

  /** A group's source as written (for \text, whose content is prose, not maths). */
  private rawArgument(): string {
    while (/\s/.test(this.src[this.i] ?? '')) this.i++;
    if (this.src[this.i] !== '{') return this.src[this.i++] ?? '';
    let depth = 0;
    const start = ++this.i;
    while (this.i < this.src.length && !(this.src[this.i] === '}' && depth === 0)) {
      if (this.src[this.i] === '{') depth++;
      else if (this.src[this.i] === '}') depth--;
      this.i++;
    }
    return this.src.slice(start, this.i++);
  }

  private optional(): string | undefined {
    if (this.src[this.i] !== '[') return undefined;
    const end = this.src.indexOf(']', this.i);
    if (end < 0) return undefined;
    const value = this.src.slice(this.i + 1, end);
    this.i = end + 1;
    return value;
  }

  private name(): string {
    const word = /^[a-zA-Z]+/.exec(this.src.slice(this.i))?.[0];
    const name = word ?? this.src[this.i] ?? '';
    this.i += name.length;
    return name;
  }

  private command(): string {
    const name = this.name();
    if (SPACES.has(name)) return ' ';
    if (name === '\\' || name === 'cr' || name === 'newline') return '; ';
    if (SILENT.has(name)) return '';
    if (name === 'left' || name === 'right') return this.delimiter();
    if (name in SYMBOLS) return SYMBOLS[name]!;
    if (FUNCTIONS.has(name)) return /^[\s(^_]/.test(this.src[this.i] ?? ' ') ? name : `${name} `;
    if (STYLES.has(name)) return this.argument();
    if (TEXTS.has(name)) return plainText(this.rawArgument());
    if (DROPPED_ARGUMENT.has(name)) return (this.rawArgument(), '');
    if (name in ACCENTS) return this.argument() + ACCENTS[name]!;
    return this.structure(name);
  }

  /** Commands with arguments that shape the output. */
  private structure(name: string): string {
    switch (name) {
      case 'frac': case 'dfrac': case 'tfrac': case 'cfrac': {
        const numerator = this.argument();
        return `${wrap(numerator)}/${wrap(this.argument())}`;
      }
      case 'binom': {
        const n = this.argument();
        return `C(${n}, ${this.argument()})`;
      }
      case 'sqrt': return root(this.optional()) + wrap(this.argument());
      case 'textcolor': return (this.rawArgument(), this.argument());
      case 'mathbb': return [...this.argument()].map((c) => DOUBLE_STRUCK[c] ?? c).join('');
      case 'not': return `${this.argument()}\u0338`;
      case 'ce': return chemistry(this.rawArgument());
      case 'begin': return MATRIX_FENCES[this.rawArgument()]?.[0] ?? '';
      case 'end': return MATRIX_FENCES[this.rawArgument()]?.[1] ?? '';
      // Unknown: the TeX without its backslash, kept apart from the argument that follows.
      default: return /^[{a-zA-Z]/.test(this.src[this.i] ?? '') ? `${name} ` : name;
    }
  }

  /** After \left / \right: the delimiter, or nothing for the invisible `.`. */
  private delimiter(): string {
    if (this.src[this.i] === '.') {
      this.i++;
      return '';
    }
    return this.argument();
  }
}

function character(c: string): string {
  if (c === '-') return '−';
  if (c === "'") return '′';
  if (c === '~' || c === '&') return ' ';
  return c;
}

/** x² when every character has a superscript form, else x^(…) (x^y for one character). */
function script(raw: string, forms: Map<string, string>, mark: string): string {
  const arg = raw.replace(/\s+/g, ''); // x_{i = 1} → xᵢ₌₁
  if (!arg) return '';
  if (mark === '^' && (arg === '∘' || arg === '°')) return '°';
  const chars = [...arg];
  if (chars.every((c) => forms.has(c))) return chars.map((c) => forms.get(c)).join('');
  return chars.length === 1 ? `${mark}${arg}` : `${mark}(${arg})`;
}

/** Bracket a fraction's part or a root's body unless it is one number, one word or already bracketed. */
function wrap(part: string): string {
  const text = part.trim();
  if (/^[\p{L}\p{N}.,′°]+$/u.test(text) || /^\(.*\)$/.test(text)) return text;
  return `(${text})`;
}

function root(index: string | undefined): string {
  if (!index) return '√';
  if (index === '3') return '∛';
  if (index === '4') return '∜';
  return `${script(index, SUPERSCRIPTS, '^')}√`;
}

/** \text{…}: prose; only its braces and backslashes go. */
function plainText(raw: string): string {
  return raw.replace(/\\([a-zA-Z]+) ?/g, '$1').replace(/\\(.)/g, '$1').replace(/[{}]/g, '');
}

/** \ce{H2SO4 -> 2H+}: the counts after an element or bracket become subscripts, arrows arrows. */
function chemistry(raw: string): string {
  return plainText(raw)
    .replace(/<->|<=>/g, '⇌')
    .replace(/->/g, '→')
    .replace(/([A-Za-z)\]])(\d+)/g, (_m, before: string, count: string) => before + script(count, SUBSCRIPTS, '_'))
    .replace(/\^\(?([\d+−-]+)\)?|(?<=[A-Za-z\d)\]])([+-])(?=\s|$)/g, (_m, charge?: string, sign?: string) =>
      script(charge ?? sign ?? '', SUPERSCRIPTS, '^'),
    );
}
