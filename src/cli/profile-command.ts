import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { LectraError } from '../errors.js';
import { profileGantt, profileSvg } from '../pipeline/profile-chart.js';
import { formatStepLines, type Profile } from '../pipeline/profiler.js';
import type { CliContext } from './cli-context.js';

export function profileCommand(ctx: CliContext): Command {
  return new Command('profile')
    .description('Show a finished run as a per-slide timeline (text), and write profile.svg next to profile.json.')
    .argument('<outdir>', 'output folder of a run (holds profile.json)')
    .action(async (outDir: string) => {
      const file = path.join(outDir, 'profile.json');
      let profile: Profile;
      try {
        profile = JSON.parse(await fs.readFile(file, 'utf8')) as Profile;
      } catch (cause) {
        throw new LectraError('file-not-found', `${file} could not be read: pass the output folder of a \`lectra render\` or \`lectra generate\` run.`, { file, cause });
      }
      ctx.stdout.write(`${profileGantt(profile)}\n\n${formatStepLines(profile).join('\n')}\n`);
      const svg = path.join(outDir, 'profile.svg');
      await writeFileAtomic(svg, profileSvg(profile));
      ctx.stdout.write(`chart: ${svg}\n`);
    });
}
