import { Option, type Command } from 'commander';
import { OPTION_SPECS, type OptionKey } from '../config/options.js';

const SHORT: Partial<Record<OptionKey, string>> = { out: '-o' };

/** Registers options from the one option table, so --help, env and config stay in step. */
export function addOptions(command: Command, keys: OptionKey[]): Command {
  for (const key of keys) {
    const spec = OPTION_SPECS[key];
    const isBoolean = typeof spec.default === 'boolean';
    const short = SHORT[key] ? `${SHORT[key]}, ` : '';
    const variadic = Array.isArray(spec.default) && spec.placeholder?.endsWith('...');
    const flags = isBoolean ? `${short}--${spec.flag}` : `${short}--${spec.flag} <${variadic ? spec.placeholder : spec.placeholder ?? 'value'}>`;
    const envNote = spec.env.length ? ` [env: ${spec.env.join(', ')}]` : '';
    const shownDefault = spec.default === undefined || isBoolean ? '' : ` (default: ${Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)})`;
    command.addOption(new Option(flags, `${spec.description}${shownDefault}${envNote}`));
  }
  command.option('--config <file>', 'Config file (default: lectra.config.json or .yaml in this folder).');
  return command;
}

/** Picks the option-table keys out of commander's parsed flags. */
export function flagsFrom(parsed: Record<string, unknown>, keys: OptionKey[]): Partial<Record<OptionKey, unknown>> {
  const out: Partial<Record<OptionKey, unknown>> = {};
  for (const key of keys) if (parsed[key] !== undefined) out[key] = parsed[key];
  // Commander turns `--no-cache` into `cache: false` (and defaults `cache` to true).
  if (keys.includes('noCache')) {
    delete out.noCache;
    if (parsed.cache === false) out.noCache = true;
  }
  return out;
}
