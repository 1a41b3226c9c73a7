import type { ThemeName } from '../../deck/schema.js';
import { THEMES } from '../../layout/themes.js';

/** The colours an illustration may use; a deck theme name or explicit colours. */
export interface IllustrationTheme {
  background: string;
  accent: string;
  text: string;
}

export interface Palette {
  dark: boolean;
  /** Background gradient, from the deck's background towards a tint of the accent. */
  background: [string, string];
  /** Main shape colours: the deck accent, a neighbour hue, and a warm complement. */
  primary: string;
  secondary: string;
  tertiary: string;
  /** Strokes drawn on the coloured shapes. */
  ink: string;
  /** Lines drawn directly on the background. */
  line: string;
}

/**
 * Colours that sit with the deck: the accent is the deck's own, its companions are hue shifts of
 * it (chosen by the seed, so neighbouring slides differ) and the background is the slide's.
 */
export function makePalette(theme: ThemeName | IllustrationTheme, seed: number): Palette {
  const colours = typeof theme === 'string' ? THEMES[theme] : theme;
  const dark = luminance(colours.background) < 0.35;
  const accent = toHsl(colours.accent);
  const neighbour = [32, -38, 56][seed % 3]!;
  const warm = [170, 195, 150][Math.floor(seed / 3) % 3]!;
  const primary = fromHsl(accent.h, clamp(accent.s, 0.55, 0.85), dark ? 0.6 : 0.52);
  return {
    dark,
    background: [colours.background, mix(colours.background, colours.accent, dark ? 0.16 : 0.1)],
    primary,
    secondary: fromHsl(accent.h + neighbour, 0.7, dark ? 0.62 : 0.6),
    tertiary: fromHsl(accent.h + warm, 0.85, dark ? 0.62 : 0.6),
    ink: '#FFFFFF',
    line: mix(colours.background, colours.text, dark ? 0.35 : 0.22),
  };
}

interface Hsl {
  h: number;
  s: number;
  l: number;
}

function parseHex(hex: string): [number, number, number] {
  const clean = hex.replace('#', '');
  const full = clean.length === 3 ? [...clean].map((c) => c + c).join('') : clean.padEnd(6, '0').slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
}

function toHex(rgb: [number, number, number]): string {
  return `#${rgb.map((v) => Math.round(clamp(v, 0, 1) * 255).toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

function toHsl(hex: string): Hsl {
  const [r, g, b] = parseHex(hex);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return { h: 0, s: 0, l };
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { h: h * 60, s, l };
}

function fromHsl(hue: number, s: number, l: number): string {
  const h = (((hue % 360) + 360) % 360) / 360;
  if (s === 0) return toHex([l, l, l]);
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number): number => {
    const x = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (x < 1 / 6) return p + (q - p) * 6 * x;
    if (x < 1 / 2) return q;
    if (x < 2 / 3) return p + (q - p) * (2 / 3 - x) * 6;
    return p;
  };
  return toHex([channel(h + 1 / 3), channel(h), channel(h - 1 / 3)]);
}

/** `a` moved towards `b` by `amount` (0–1), in sRGB: good enough for tints. */
export function mix(a: string, b: string, amount: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex([0, 1, 2].map((i) => x[i]! + (y[i]! - x[i]!) * amount) as [number, number, number]);
}

function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
