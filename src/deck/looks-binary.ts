/** NUL bytes, or more than 10% control / replacement characters (what decoding binary yields). */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c < 0xa0);
    if (control || c === 0xfffd) odd++;
  }
  return text.length > 0 && odd / text.length > 0.1;
}
