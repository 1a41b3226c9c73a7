import { Command } from 'commander';
import type { OptionKey } from '../config/options.js';
import { resolveOptions } from '../config/resolve-options.js';
import { addOptions, flagsFrom } from './add-options.js';
import type { CliContext } from './cli-context.js';
import { printResult } from './print-result.js';
import { createProgressPrinter } from './progress-printer.js';
import { RENDER_KEYS } from './render-command.js';

export const GENERATE_KEYS: OptionKey[] = [...new Set<OptionKey>([...RENDER_KEYS, 'llm', 'llmUrl', 'model', 'modelFile', 'llmTimeout', 'llmConcurrency', 'slides', 'minutes', 'audience', 'from', 'prosody'])];

export function generateCommand(ctx: CliContext): Command {
  const command = new Command('generate')
    .description('Write a lecture on a topic with an LLM (outline → slides → narration), then render it like `render`.')
    .argument('[topic]', 'what the lecture is about, e.g. "AI in Healthcare" (optional with --from)');
  addOptions(command, GENERATE_KEYS);
  return command.action(async (topic: string | undefined, parsed: Record<string, unknown>) => {
    const { options } = resolveOptions({ flags: flagsFrom(parsed, GENERATE_KEYS), configFile: parsed.config as string | undefined });
    const printer = createProgressPrinter(ctx.stderr, { quiet: options.quiet });
    try {
      const { generateLecture } = await import('../pipeline/generate-lecture.js');
      const result = await generateLecture({ topic }, options, { onProgress: printer.onProgress, signal: ctx.signal });
      printer.finish();
      printResult(ctx, result, options.quiet);
    } finally {
      printer.finish();
    }
  });
}
