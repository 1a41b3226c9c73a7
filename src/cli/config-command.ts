import { Command } from 'commander';
import { OPTION_SPECS, type OptionKey } from '../config/options.js';
import { resolveOptions } from '../config/resolve-options.js';
import type { CliContext } from './cli-context.js';

export function configCommand(ctx: CliContext): Command {
  return new Command('config')
    .description('Print the resolved options and where each value came from (flag → env → config file → default).')
    .option('--config <file>', 'Config file to read.')
    .option('--json', 'Print JSON.')
    .action((parsed: { config?: string; json?: boolean }) => {
      const resolved = resolveOptions({ configFile: parsed.config });
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
