import type { ThemeName } from '../deck/schema.js';
import { loadResvg } from '../heavy-deps.js';
import { reclaimNativeMemory } from '../render/reclaim-native-memory.js';
import { LectraError } from '../errors.js';
import { abstractTiles } from './illustration/abstract-tiles.js';
import type { Icon } from './illustration/icons.js';
import { makePalette, type IllustrationTheme, type Palette } from './illustration/palette.js';
import { pickIcon } from './illustration/pick-icon.js';
import { seededRandom, seedOf } from './illustration/seeded-random.js';

export interface IllustrationRequest {
  title: string;
  keywords: string[];
  theme: ThemeName | IllustrationTheme;
  width: number;
  height: number;
}

/**
 * The offline picture for a slide: one hand-drawn icon chosen by the slide's keywords on a
 * gradient medallion, over the deck's background with soft colour blobs, rings and dots; or an
 * abstract tile block when no icon fits. Everything is placed by a seed hashed from the title and
 * keywords, so the same slide always gets the same PNG and different slides get different ones.
 * No text is drawn: the slide's title is already next to it.
 */
export async function generateIllustration(request: IllustrationRequest): Promise<Buffer> {
  const svg = illustrationSvg(request);
  try {
    // resvg rather than sharp's librsvg: the blur filters allocate large native buffers, and
    // glibc kept librsvg's (measured: +200 MB peak RSS for five illustrations); resvg's are released.
    const { renderAsync } = await loadResvg();
    const image = await renderAsync(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false }, logLevel: 'off' });
    const png = image.asPng();
    reclaimNativeMemory();
    return png;
  } catch (cause) {
    throw new LectraError('render-failed', 'Could not draw the slide illustration — this is a bug in LECTRA; use --images none to skip pictures.', { cause });
  }
}

/** The SVG behind generateIllustration, exposed for tests and previews. */
export function illustrationSvg(request: IllustrationRequest): string {
  const width = Math.max(64, Math.round(request.width));
  const height = Math.max(64, Math.round(request.height));
  const seed = seedOf(JSON.stringify([request.title.trim().toLowerCase(), request.keywords.map((k) => k.trim().toLowerCase())]));
  const random = seededRandom(seed);
  const palette = makePalette(request.theme, seed);
  const icon = pickIcon(request.keywords, request.title);
  const m = Math.min(width, height);
  const cols = width > height * 1.2 ? 4 : 3;
  const tile = m * 0.2;
  // Half-size of the central motif: confetti stays outside it.
  const keepOut = icon ? { w: m * 0.48, h: m * 0.48 } : { w: (cols * tile) / 2 + tile * 0.4, h: 1.5 * tile + tile * 0.4 };
  const scene: Scene = { width, height, m, cx: width / 2, cy: height / 2, palette, random, keepOut };
  const body = [
    `<rect width="${width}" height="${height}" fill="url(#bg)"/>`,
    blobs(scene),
    dotGrid(scene),
    icon ? medallion(scene, icon) : abstractTiles(palette, random, scene.cx, scene.cy, tile, cols, 3),
    sparkles(scene),
  ].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${defs(scene)}${body}</svg>`;
}

interface Scene {
  width: number;
  height: number;
  /** The short side: every size is a share of it, so any aspect ratio composes well. */
  m: number;
  cx: number;
  cy: number;
  palette: Palette;
  random: () => number;
  keepOut: { w: number; h: number };
}

function defs({ m, palette }: Scene): string {
  const [from, to] = palette.background;
  return `<defs>
<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>
<linearGradient id="disc" x1="0.15" y1="0.1" x2="0.85" y2="0.95"><stop offset="0" stop-color="${palette.secondary}"/><stop offset="1" stop-color="${palette.primary}"/></linearGradient>
<filter id="blur" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${f(m * 0.07)}"/></filter>
<filter id="shadow" x="-30%" y="-30%" width="160%" height="160%"><feDropShadow dx="0" dy="${f(m * 0.018)}" stdDeviation="${f(m * 0.025)}" flood-color="${palette.dark ? '#000000' : palette.primary}" flood-opacity="${palette.dark ? 0.45 : 0.3}"/></filter>
<style>.s{fill:${palette.ink};fill-opacity:0.22}.f{fill:${palette.ink};stroke:none}</style>
</defs>`;
}

/** Three large blurred discs in the palette colours: depth and colour without detail. */
function blobs({ width, height, m, palette, random }: Scene): string {
  const opacity = palette.dark ? 0.4 : 0.32;
  const spots = [
    { x: 0.12 + random() * 0.25, y: 0.1 + random() * 0.3, colour: palette.primary },
    { x: 0.65 + random() * 0.25, y: 0.55 + random() * 0.35, colour: palette.tertiary },
    { x: 0.55 + random() * 0.35, y: 0.05 + random() * 0.25, colour: palette.secondary },
  ];
  const discs = spots.map(({ x, y, colour }) => `<circle cx="${f(x * width)}" cy="${f(y * height)}" r="${f(m * (0.22 + random() * 0.12))}" fill="${colour}"/>`);
  return `<g filter="url(#blur)" opacity="${opacity}">${discs.join('')}</g>`;
}

/** A patch of dots in one corner, a common editorial touch that balances the composition. */
function dotGrid({ width, height, m, palette, random }: Scene): string {
  const step = m * 0.045;
  const size = step * 5;
  const corner = Math.floor(random() * 4);
  const x = corner % 2 === 0 ? m * 0.06 : width - size - m * 0.06;
  const y = corner < 2 ? m * 0.06 : height - size - m * 0.06;
  // The pattern starts at the patch's corner so no row of dots is cut in half.
  const pattern = `<pattern id="dots" x="${f(x)}" y="${f(y)}" width="${f(step)}" height="${f(step)}" patternUnits="userSpaceOnUse"><circle cx="${f(step / 2)}" cy="${f(step / 2)}" r="${f(m * 0.0065)}" fill="${palette.line}"/></pattern>`;
  return `${pattern}<rect x="${f(x)}" y="${f(y)}" width="${f(size)}" height="${f(size)}" fill="url(#dots)" opacity="0.7"/>`;
}

/** The icon on a gradient disc, circled by a dashed orbit with three satellites. */
function medallion({ m, cx, cy, palette, random }: Scene, icon: Icon): string {
  const r = m * 0.27;
  const orbit = r * 1.32;
  const satellites = [palette.tertiary, palette.secondary, palette.primary].map((colour, i) => {
    const angle = random() * Math.PI * 2;
    const size = m * (0.022 + i * 0.006);
    return `<circle cx="${f(cx + orbit * Math.cos(angle))}" cy="${f(cy + orbit * Math.sin(angle))}" r="${f(size)}" fill="${colour}"/>`;
  });
  const iconSize = r * 1.3;
  const scale = iconSize / 100;
  return [
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r * 1.62)}" fill="none" stroke="${palette.line}" stroke-width="${f(m * 0.004)}" opacity="0.8"/>`,
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(orbit)}" fill="none" stroke="${palette.primary}" stroke-opacity="0.45" stroke-width="${f(m * 0.006)}" stroke-dasharray="${f(m * 0.012)} ${f(m * 0.02)}" stroke-linecap="round"/>`,
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}" fill="url(#disc)" filter="url(#shadow)"/>`,
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r * 0.86)}" fill="none" stroke="${palette.ink}" stroke-opacity="0.18" stroke-width="${f(m * 0.004)}"/>`,
    `<g transform="translate(${f(cx - iconSize / 2)} ${f(cy - iconSize / 2)}) scale(${scale.toFixed(4)})" fill="none" stroke="${palette.ink}" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round">${icon.svg}</g>`,
    ...satellites,
  ].join('');
}

/** A few small plus signs and rings away from the centre, like confetti on an editorial illustration. */
function sparkles({ width, height, m, cx, cy, palette, random, keepOut }: Scene): string {
  const colours = [palette.primary, palette.tertiary, palette.secondary, palette.line];
  const out: string[] = [];
  for (let i = 0, tries = 0; i < 5 && tries < 60; tries++) {
    const x = m * 0.08 + random() * (width - m * 0.16);
    const y = m * 0.08 + random() * (height - m * 0.16);
    if (Math.abs(x - cx) < keepOut.w && Math.abs(y - cy) < keepOut.h) continue;
    const colour = colours[i % colours.length]!;
    const size = m * (0.018 + random() * 0.014);
    out.push(
      i % 2 === 0
        ? `<path d="M${f(x - size)} ${f(y)} H${f(x + size)} M${f(x)} ${f(y - size)} V${f(y + size)}" stroke="${colour}" stroke-width="${f(m * 0.008)}" stroke-linecap="round"/>`
        : `<circle cx="${f(x)}" cy="${f(y)}" r="${f(size * 0.7)}" fill="none" stroke="${colour}" stroke-width="${f(m * 0.006)}"/>`,
    );
    i++;
  }
  return out.join('');
}

function f(value: number): string {
  return value.toFixed(1);
}
