import { Command } from 'commander';
import { OPTION_SPECS, type OptionKey } from '../config/options.js';
import { resolveOptions } from '../config/resolve-options.js';
import { addOptions, flagsFrom } from './add-options.js';
import type { CliContext } from './cli-context.js';

/** Every option, so `lectra config --llm openai` shows what a flag does to the rest. */
const ALL_KEYS = Object.keys(OPTION_SPECS) as OptionKey[];

export function configCommand(ctx: CliContext): Command {
  const command = new Command('config').description(
    'Print the resolved options and where each value came from (flag → env → config file → default); takes the same option flags as render and generate.',
  );
  addOptions(command, ALL_KEYS);
  return command
    .option('--json', 'Print JSON.')
    .action((parsed: Record<string, unknown> & { config?: string; json?: boolean }) => {
      const resolved = resolveOptions({ flags: flagsFrom(parsed, ALL_KEYS), configFile: parsed.config });
      if (parsed.json) {
        ctx.stdout.write(`${JSON.stringify({ options: resolved.options, sources: resolved.sources, configFile: resolved.configFile }, null, 2)}\n`);
        return;
      }
      ctx.stdout.write(`config file: ${resolved.configFile ?? '(none)'}\n`);
      for (const key of Object.keys(OPTION_SPECS) as OptionKey[]) {
        const value = resolved.options[key];
        const source = resolved.sources[key];
        const shown = value === undefined ? '(from the deck / provider)' : Array.isArray(value) ? value.join(',') : String(value);
        ctx.stdout.write(`  ${key.padEnd(16)} ${shown.padEnd(36)} ${source.source}${source.from && source.source !== 'config' ? ` (${source.from})` : ''}\n`);
      }
    });
}
