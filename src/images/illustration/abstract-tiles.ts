import { mix, type Palette } from './palette.js';

/**
 * A Bauhaus-style block of tiles (quarter circles, half discs, rings, stripes, triangles) for
 * slides whose keywords match no icon: always a designed picture, never an empty box. Returns
 * SVG elements for a block centred at (cx, cy) with tiles of `size` pixels.
 */
export function abstractTiles(palette: Palette, random: () => number, cx: number, cy: number, size: number, cols: number, rows: number): string {
  const width = cols * size;
  const height = rows * size;
  const x0 = cx - width / 2;
  const y0 = cy - height / 2;
  const colours = [palette.primary, palette.secondary, palette.tertiary, neutral(palette)];
  const radius = size * 0.35;
  let tiles = '';
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const back = colours[Math.floor(random() * colours.length)]!;
      const others = colours.filter((colour) => colour !== back);
      const front = others[Math.floor(random() * others.length)]!;
      tiles += tile(x0 + col * size, y0 + row * size, size, back, front, SHAPES[Math.floor(random() * SHAPES.length)]!, Math.floor(random() * 4));
    }
  }
  const offset = size * 0.18;
  return [
    // A frame offset behind the block gives it depth without a heavy shadow.
    `<rect x="${f(x0 + offset)}" y="${f(y0 + offset)}" width="${f(width)}" height="${f(height)}" rx="${f(radius)}" fill="none" stroke="${palette.line}" stroke-width="${f(size * 0.03)}"/>`,
    `<clipPath id="tiles"><rect x="${f(x0)}" y="${f(y0)}" width="${f(width)}" height="${f(height)}" rx="${f(radius)}"/></clipPath>`,
    `<g clip-path="url(#tiles)" filter="url(#shadow)">${tiles}</g>`,
  ].join('');
}

/** Shape kinds by frequency: curves dominate, stripes are an occasional accent. */
const SHAPES = [0, 0, 1, 1, 2, 3, 4, 4, 5];

function neutral(palette: Palette): string {
  return palette.dark ? mix(palette.background[0], '#FFFFFF', 0.1) : '#FFFFFF';
}

function tile(x: number, y: number, s: number, back: string, front: string, kind: number, turn: number): string {
  const base = `<rect x="${f(x)}" y="${f(y)}" width="${f(s + 0.5)}" height="${f(s + 0.5)}" fill="${back}"/>`;
  const rotate = `transform="rotate(${turn * 90} ${f(x + s / 2)} ${f(y + s / 2)})"`;
  switch (kind) {
    case 0: // quarter circle from a corner
      return `${base}<path d="M${f(x)} ${f(y)} H${f(x + s)} A${f(s)} ${f(s)} 0 0 1 ${f(x)} ${f(y + s)} Z" fill="${front}" ${rotate}/>`;
    case 1: // half disc on an edge
      return `${base}<path d="M${f(x)} ${f(y + s)} A${f(s / 2)} ${f(s / 2)} 0 0 1 ${f(x + s)} ${f(y + s)} Z" fill="${front}" ${rotate}/>`;
    case 2: // disc
      return `${base}<circle cx="${f(x + s / 2)}" cy="${f(y + s / 2)}" r="${f(s * 0.32)}" fill="${front}"/>`;
    case 3: // ring
      return `${base}<circle cx="${f(x + s / 2)}" cy="${f(y + s / 2)}" r="${f(s * 0.28)}" fill="none" stroke="${front}" stroke-width="${f(s * 0.12)}"/>`;
    case 4: // diagonal half
      return `${base}<path d="M${f(x)} ${f(y)} H${f(x + s)} V${f(y + s)} Z" fill="${front}" ${rotate}/>`;
    default: // stripes
      return `${base}<g fill="${front}" ${rotate}>${[0.2, 0.45, 0.7].map((t) => `<rect x="${f(x + s * 0.15)}" y="${f(y + s * t)}" width="${f(s * 0.7)}" height="${f(s * 0.11)}" rx="${f(s * 0.055)}"/>`).join('')}</g>`;
  }
}

function f(value: number): string {
  return value.toFixed(1);
}
