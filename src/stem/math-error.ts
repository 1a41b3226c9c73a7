/**
 * A TeX expression that cannot be typeset or spoken: a parse error, an unknown macro, a
 * character the maths font lacks. Callers catch it to fall back (show the TeX as text, warn with
 * the slide number) instead of drawing MathJax's red error box into a frame.
 */
export class MathError extends Error {
  /** The TeX as the author wrote it (without `$` delimiters). */
  readonly tex: string;
  /** What is wrong, in MathJax's words when MathJax found it (e.g. "Undefined control sequence \foo"). */
  readonly reason: string;

  constructor(tex: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot typeset the maths "${shorten(tex)}": ${reason}`, options);
    this.name = 'MathError';
    this.tex = tex;
    this.reason = reason;
  }
}

/** Long display equations would swamp the message; the reason matters more than the tail. */
function shorten(tex: string): string {
  const flat = tex.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
