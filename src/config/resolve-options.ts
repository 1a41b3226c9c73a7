import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { LectraError } from '../errors.js';
import { OPTION_SPECS, type OptionKey, type ResolvedOptions } from './options.js';
import type { OptionSource } from './option-specs.js';

export const CONFIG_FILE_NAMES = ['lectra.config.json', 'lectra.config.yaml', 'lectra.config.yml'];

export interface ResolveInput {
  /** Values from CLI flags or an API request (undefined = not given). */
  flags?: Partial<Record<OptionKey, unknown>>;
  env?: NodeJS.ProcessEnv;
  /** Explicit config file (`--config`); otherwise lectra.config.* in `cwd` is used if present. */
  configFile?: string;
  cwd?: string;
}

export interface Resolved {
  options: ResolvedOptions;
  sources: Record<OptionKey, { source: OptionSource; from?: string }>;
  configFile?: string;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new LectraError('file-not-found', `Config file ${file} could not be read: check the path given to --config.`, { file, cause: error });
  }
  try {
    const data = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object' || Array.isArray(data)) throw new Error('the top level must be an object of option: value pairs');
    return data as Record<string, unknown>;
  } catch (error) {
    throw new LectraError('bad-input', `Config file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`, { file, cause: error });
  }
}

function findConfigFile(cwd: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(cwd, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Keys a config file may use: the option key or its flag spelling. */
function configValue(config: Record<string, unknown>, key: string, flag: string): unknown {
  return config[key] ?? config[flag];
}

/**
 * The one resolver: for each option, the first of CLI flag → environment → config file →
 * default, parsed and checked, with where each value came from (for `lectra config`).
 */
export function resolveOptions(input: ResolveInput = {}): Resolved {
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const configFile = input.configFile ? path.resolve(cwd, input.configFile) : findConfigFile(cwd);
  const config = configFile ? readConfigFile(configFile) : {};
  const known = new Set<string>(Object.values(OPTION_SPECS).flatMap((s) => [s.key, s.flag]));
  const unknown = Object.keys(config).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new LectraError('bad-option', `Config file ${configFile} has unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: run \`lectra config\` to see the valid names.`, { file: configFile, field: unknown[0] });
  }

  const options = {} as Record<string, unknown>;
  const sources = {} as Resolved['sources'];
  for (const [key, spec] of Object.entries(OPTION_SPECS) as Array<[OptionKey, (typeof OPTION_SPECS)[OptionKey]]>) {
    const flagValue = input.flags?.[key];
    const envName = spec.env.find((name) => env[name] !== undefined && env[name] !== '');
    const fileValue = configValue(config, spec.key, spec.flag);
    if (flagValue !== undefined) {
      options[key] = spec.parse(flagValue, `--${spec.flag}`);
      sources[key] = { source: 'flag', from: `--${spec.flag}` };
    } else if (envName) {
      options[key] = spec.parse(env[envName], envName);
      sources[key] = { source: 'env', from: envName };
    } else if (fileValue !== undefined) {
      options[key] = spec.parse(fileValue, `${path.basename(configFile!)}: ${spec.key}`);
      sources[key] = { source: 'config', from: configFile };
    } else {
      options[key] = spec.default;
      sources[key] = { source: 'default' };
    }
  }
  return { options: options as ResolvedOptions, sources, configFile };
}
