import { formatStepLines } from '../pipeline/profiler.js';
import type { RenderResult } from '../pipeline/render-lecture.js';
import type { CliContext } from './cli-context.js';

/** The seed's `[⏱] Step:` lines on stderr, then where the files are on stdout. */
export function printResult(ctx: CliContext, result: RenderResult, quiet: boolean): void {
  if (!quiet) for (const line of formatStepLines(result.profile)) ctx.stderr.write(`${line}\n`);
  ctx.stdout.write(`Lecture written to ${result.outDir}\n`);
  for (const [name, file] of Object.entries(result.files)) ctx.stdout.write(`  ${name.padEnd(8)} ${file}\n`);
  if (result.frames.length) ctx.stdout.write(`  frames   ${result.frames.length} PNG files in ${result.outDir}/frames\n`);
}
