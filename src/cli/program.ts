import { Command, CommanderError } from 'commander';
import { isLectraError, type LectraError } from '../errors.js';
import { ioError } from '../fs/io-error.js';
import type { CliContext } from './cli-context.js';
import { benchCommand } from './bench-command.js';
import { cacheCommand } from './cache-command.js';
import { configCommand } from './config-command.js';
import { profileCommand } from './profile-command.js';
import { doctorCommand } from './doctor-command.js';
import { docsCommand } from './docs-command.js';
import { generateCommand } from './generate-command.js';
import { renderCommand } from './render-command.js';
import { serveCommand } from './serve-command.js';
import { voicesCommand } from './voices-command.js';
import { LECTRA_VERSION as version } from '../package-root.js';


/** Builds the program; tests call it without touching process state. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('lectra')
    .description('Turn Markdown notes or a topic into a narrated lecture: deck.pptx, lecture.mp4 with subtitles and chapters, deck.json.')
    .version(version, '-v, --version')
    .showHelpAfterError('(run `lectra --help` for usage)')
    .exitOverride();
  program.configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  for (const make of [renderCommand, generateCommand, voicesCommand, configCommand, doctorCommand, docsCommand, cacheCommand, profileCommand, benchCommand, serveCommand]) {
    program.addCommand(make(ctx).exitOverride().configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) }));
  }
  return program;
}

/** Prints an error the way a user can act on it; returns the exit code. */
export function reportError(error: unknown, stderr: NodeJS.WriteStream): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2; // commander already printed the message
  }
  const known = isLectraError(error) ? error : ioError(error);
  if (known) return reportLectraError(known, stderr);
  stderr.write(`lectra: unexpected failure: ${error instanceof Error ? (process.env.LECTRA_DEBUG ? error.stack : error.message) : String(error)}\n`);
  stderr.write('  (set LECTRA_DEBUG=1 for details, and please report this)\n');
  return 1;
}

function reportLectraError(error: LectraError, stderr: NodeJS.WriteStream): number {
  if (error.code === 'aborted') {
    stderr.write('lectra: cancelled.\n');
    return 130;
  }
  stderr.write(`lectra: ${error.message}\n`);
  for (const line of error.details) stderr.write(`  ${line}\n`);
  if (process.env.LECTRA_DEBUG && error.cause) stderr.write(`cause: ${String((error.cause as Error).stack ?? error.cause)}\n`);
  return error.exitCode;
}
