/**
 * Every user-facing option in one table: its CLI flag, environment variable, config-file key,
 * default and parser. resolveOptions() walks this table (flag → env → config file → default),
 * `lectra config` prints it, and the server reads the same table.
 */
export type OptionSource = 'flag' | 'env' | 'config' | 'default' | 'deck';

export interface OptionSpec<T = unknown> {
  /** Key in the resolved options and in lectra.config.json. */
  key: string;
  /** Long flag without dashes (commander camel-cases it to `key`). */
  flag: string;
  env: string[];
  description: string;
  default: T;
  parse: (raw: unknown, where: string) => T;
  /** Shown in --help as the value placeholder. */
  placeholder?: string;
}

import { LectraError } from '../errors.js';
import { languageHint, supportedLanguage } from './languages.js';

function badOption(where: string, message: string): never {
  throw new LectraError('bad-option', `${where}: ${message}`, { field: where });
}

export const parseString = (raw: unknown, where: string): string => {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  if (typeof raw === 'number') return String(raw);
  return badOption(where, `expected a text value, got ${JSON.stringify(raw)}.`);
};

export const parseOptionalString = (raw: unknown, where: string): string | undefined =>
  raw === undefined || raw === null || raw === '' ? undefined : parseString(raw, where);

export function parseNumberIn(min: number, max: number, integer = false) {
  return (raw: unknown, where: string): number => {
    const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      return badOption(where, `expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(raw)}.`);
    }
    return value;
  };
}

export function parseOptionalNumberIn(min: number, max: number, integer = false) {
  const parse = parseNumberIn(min, max, integer);
  return (raw: unknown, where: string): number | undefined =>
    raw === undefined || raw === null || raw === '' ? undefined : parse(raw, where);
}

export function parseBoolean(raw: unknown, where: string): boolean {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return badOption(where, `expected true or false, got ${JSON.stringify(raw)}.`);
}

export function parseChoice<T extends string>(choices: readonly T[]) {
  return (raw: unknown, where: string): T => {
    const text = String(raw).trim();
    if ((choices as readonly string[]).includes(text)) return text as T;
    return badOption(where, `expected one of ${choices.join(', ')}, got ${JSON.stringify(raw)}.`);
  };
}

export function parseOptionalChoice<T extends string>(choices: readonly T[]) {
  const parse = parseChoice(choices);
  return (raw: unknown, where: string): T | undefined =>
    raw === undefined || raw === null || raw === '' ? undefined : parse(raw, where);
}

export function parseList<T extends string>(choices: readonly T[]) {
  return (raw: unknown, where: string): T[] => {
    const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
    const out = items.map((item) => item.trim()).filter(Boolean);
    for (const item of out) {
      if (!(choices as readonly string[]).includes(item)) {
        badOption(where, `unknown item ${JSON.stringify(item)}; choose from ${choices.join(', ')}.`);
      }
    }
    if (out.length === 0) badOption(where, `give at least one of ${choices.join(', ')}.`);
    return out as T[];
  };
}

export function defineOption<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}

/** A language tag LECTRA speaks (see languages.ts), kept as written ("pt-BR"). */
export const parseOptionalLanguage = (raw: unknown, where: string): string | undefined => {
  const tag = parseOptionalString(raw, where);
  if (tag === undefined || supportedLanguage(tag)) return tag;
  return badOption(where, `"${tag}" is not a language LECTRA knows. ${languageHint()}`);
};
