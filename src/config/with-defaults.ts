import { OPTION_SPECS, type LectraOptions, type OptionKey, type ResolvedOptions } from './options.js';

/** Library callers pass any subset; this fills the rest from the one table of defaults. */
export function withDefaults(options: LectraOptions = {}): ResolvedOptions {
  const out = {} as Record<string, unknown>;
  for (const [key, spec] of Object.entries(OPTION_SPECS) as Array<[OptionKey, (typeof OPTION_SPECS)[OptionKey]]>) {
    const given = options[key];
    out[key] = given === undefined ? spec.default : spec.parse(given, key);
  }
  return out as ResolvedOptions;
}
