import type { ThemeName } from '../deck/schema.js';
import { LectraError } from '../errors.js';

/** The colours of a deck. Both renderers get them only through the layout boxes. */
export interface Theme {
  name: ThemeName;
  background: string;
  title: string;
  text: string;
  /** Subtitles, sub-bullets' markers, footers. */
  muted: string;
  /** The one accent: rules, bullet markers. */
  accent: string;
  marker: string;
  subMarker: string;
  codeBackground: string;
  codeText: string;
  /** The band behind emphasised code lines (`{2,4-5}`). */
  codeEmphasis: string;
  /** Behind `==highlighted==` text. */
  highlight: string;
  tableHeader: string;
  tableStripe: string;
  tableBorder: string;
  /** Laid over a background picture under text, at scrimOpacity, so the text keeps its contrast. */
  scrim: string;
}

/** Slate greys with one blue accent; both pass WCAG AAA for body text on their background. */
export const THEMES: Record<ThemeName, Theme> = {
  light: {
    name: 'light',
    background: '#FBFBFA',
    title: '#0F172A',
    text: '#1E293B',
    muted: '#64748B',
    accent: '#2563EB',
    marker: '#2563EB',
    subMarker: '#94A3B8',
    // A light panel: Shiki's github-light colours are made for it (highlight-code.ts).
    codeBackground: '#F1F5F9',
    codeText: '#24292E',
    codeEmphasis: '#FEF9C3',
    highlight: '#FEF08A',
    tableHeader: '#E2E8F0',
    tableStripe: '#F1F5F9',
    tableBorder: '#CBD5E1',
    scrim: '#FBFBFA',
  },
  dark: {
    name: 'dark',
    background: '#0F172A',
    title: '#F8FAFC',
    text: '#E2E8F0',
    muted: '#94A3B8',
    accent: '#38BDF8',
    marker: '#38BDF8',
    subMarker: '#64748B',
    codeBackground: '#020617',
    codeText: '#E2E8F0',
    codeEmphasis: '#1E3A5F',
    highlight: '#854D0E',
    tableHeader: '#1E293B',
    tableStripe: '#131C31',
    tableBorder: '#334155',
    scrim: '#0F172A',
  },
};

/** The scrim's opacity over a background picture (text contrast stays ≥ 4.5:1 on any picture). */
export const SCRIM_OPACITY = 0.78;

export function getTheme(name: ThemeName): Theme {
  const theme = (THEMES as Record<string, Theme | undefined>)[name];
  if (!theme) {
    throw new LectraError('bad-deck', `Unknown theme "${name}" — use one of: ${Object.keys(THEMES).join(', ')}.`, { field: 'theme' });
  }
  return theme;
}
