import { Command } from 'commander';
import { resolveOptions } from '../config/resolve-options.js';
import { llmSettings } from '../config/llm-settings.js';
import type { DoctorCheck } from '../pipeline/check-setup.js';
import type { CliContext } from './cli-context.js';

export function doctorCommand(ctx: CliContext): Command {
  return new Command('doctor')
    .description('Show what is installed and which providers answer at their configured URLs.')
    .option('--config <file>', 'Config file to read.')
    .option('--json', 'Print JSON.')
    .action(async (parsed: { config?: string; json?: boolean }) => {
      const { options } = resolveOptions({ configFile: parsed.config });
      const { checkSetup } = await import('../pipeline/check-setup.js');
      const checks = await checkSetup(options, llmSettings(options), ctx.signal);
      if (parsed.json) {
        ctx.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
        return;
      }
      for (const group of [...new Set(checks.map((c) => c.group))]) {
        ctx.stdout.write(`${group}\n`);
        for (const check of checks.filter((c) => c.group === group)) ctx.stdout.write(`  ${mark(check)} ${check.name.padEnd(14)} ${check.detail}\n`);
      }
    });
}

function mark(check: DoctorCheck): string {
  return check.ok ? '✓' : check.required ? '✗' : '–';
}
