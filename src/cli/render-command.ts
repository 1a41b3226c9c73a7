import { Command } from 'commander';
import type { OptionKey } from '../config/options.js';
import { resolveOptions } from '../config/resolve-options.js';
import { addOptions, flagsFrom } from './add-options.js';
import { createProgressPrinter } from './progress-printer.js';
import { printResult } from './print-result.js';
import type { CliContext } from './cli-context.js';

export const RENDER_KEYS: OptionKey[] = ['out', 'format', 'strict', 'theme', 'only', 'lang', 'images', 'imagesDir', 'imagesUrl', 'creditsSlide', 'quizEvery', 'quizQuestions', 'tts', 'ttsUrl', 'ttsModel', 'voiceModel', 'voice', 'rate', 'ffmpeg', 'ffprobe', 'jobs', 'schedule', 'cacheDir', 'noCache', 'prosody', 'llm', 'llmUrl', 'model', 'llmTimeout', 'quiet'];

export function renderCommand(ctx: CliContext): Command {
  const command = new Command('render')
    .description('Render Markdown notes or a deck.json into deck.pptx, slide frames, narration and lecture.mp4.')
    .argument('<input>', 'notes file (.md), deck.json, or - to read Markdown notes from standard input');
  addOptions(command, RENDER_KEYS);
  return command.action(async (input: string, parsed: Record<string, unknown>) => {
    const { options } = resolveOptions({ flags: flagsFrom(parsed, RENDER_KEYS), configFile: parsed.config as string | undefined });
    const printer = createProgressPrinter(ctx.stderr, { quiet: options.quiet });
    try {
      // Loaded when the command runs, so `lectra --help` and other commands stay light.
      const { renderDeck } = await import('../pipeline/render-deck.js');
      const result = await renderDeck(input, options, { onProgress: printer.onProgress, signal: ctx.signal });
      printer.finish();
      printResult(ctx, result, options.quiet);
    } finally {
      printer.finish();
    }
  });
}
