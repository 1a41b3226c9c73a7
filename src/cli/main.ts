import type { CliContext } from './cli-context.js';
import { buildProgram, reportError } from './program.js';

// The only place that touches process state: signals, exit codes.
async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nlectra: stopping… (Ctrl-C again to force)\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `lectra doctor | head`: the reader went away, so there is nobody left to tell anything.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const ctx: CliContext = { stdout: process.stdout, stderr: process.stderr, signal: controller.signal };
  try {
    await buildProgram(ctx).parseAsync(process.argv);
    process.exitCode = 0;
  } catch (error) {
    process.exitCode = reportError(error, process.stderr);
    // After a cancel the renderer has already killed FFmpeg and removed its temp files; work that
    // cannot be interrupted (zipping the PPTX) would only keep the process alive, so leave now.
    if (controller.signal.aborted) process.exit(process.exitCode);
  }
}

await main();
