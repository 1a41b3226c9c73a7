import { Command } from 'commander';
import { resolveOptions } from '../config/resolve-options.js';
import { speechSettings } from '../config/speech-settings.js';
import type { CliContext } from './cli-context.js';
import { addOptions, flagsFrom } from './add-options.js';

export function voicesCommand(ctx: CliContext): Command {
  const command = new Command('voices').description('List the voices of a speech provider.');
  addOptions(command, ['tts', 'ttsUrl', 'ttsModel', 'voiceModel', 'lang']);
  return command.action(async (parsed: Record<string, unknown>) => {
    const { options } = resolveOptions({ flags: flagsFrom(parsed, ['tts', 'ttsUrl', 'ttsModel', 'voiceModel', 'lang']), configFile: parsed.config as string | undefined });
    const { listVoices } = await import('../speech/list-voices.js');
    const voices = await listVoices(options.tts, speechSettings(options));
    const shown = options.lang ? voices.filter((v) => v.languages.some((l) => l.toLowerCase().startsWith(options.lang!.toLowerCase()))) : voices;
    ctx.stdout.write(`${shown.length} ${options.tts} voices${options.lang ? ` for ${options.lang}` : ''}:\n`);
    for (const voice of shown) ctx.stdout.write(`  ${voice.id.padEnd(28)} ${voice.name.padEnd(28)} ${voice.languages.join(', ')}\n`);
  });
}
