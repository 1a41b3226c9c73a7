import { Command, Option } from 'commander';
import type { OptionKey } from '../config/options.js';
import { parseNumberIn } from '../config/option-specs.js';
import { resolveOptions } from '../config/resolve-options.js';
import { defaultDataDir } from '../server/default-data-dir.js';
import { addOptions, flagsFrom } from './add-options.js';
import type { CliContext } from './cli-context.js';
import { GENERATE_KEYS } from './generate-command.js';

/** Render options the server applies to every job unless the request says otherwise. */
const SERVE_KEYS: OptionKey[] = GENERATE_KEYS.filter((key) => key !== 'out' && key !== 'quiet');

export function serveCommand(ctx: CliContext): Command {
  const command = new Command('serve')
    .description('Run the HTTP API and web UI (default http://127.0.0.1:8765): jobs, live progress, downloads, edit and re-render.')
    .option('--port <n>', 'Port to listen on (0 = any free port).', '8765')
    .option('--host <address>', 'Address to bind; anything but loopback requires --token.', '127.0.0.1')
    .addOption(new Option('--token <secret>', 'Bearer token required on every route except health, docs and the UI shell.').env('LECTRA_TOKEN'))
    .option('--data-dir <dir>', `Where jobs are kept (default: ${defaultDataDir()}). [env: LECTRA_DATA_DIR]`)
    .option('--max-jobs <n>', 'Jobs rendering at once.', '1')
    .option('--max-queue <n>', 'Jobs waiting before new ones get 429.', '16')
    .option('--allow-origin <origin>', 'Let a web page or desktop front end on this origin call the API from a browser, with CORS answers (repeatable; e.g. tauri://localhost, http://localhost:1420). Other sites\' requests get 403. [env: LECTRA_ALLOW_ORIGIN, comma-separated]', collect, [])
    .option('--log', 'Log every request (JSON lines on stderr).');
  addOptions(command, SERVE_KEYS);
  return command.action(async (parsed: Record<string, unknown>) => {
    // Resolved once at start so a bad config file fails now; each job resolves again with its own options.
    const { options } = resolveOptions({ flags: flagsFrom(parsed, SERVE_KEYS), configFile: parsed.config as string | undefined });
    const { out: _out, quiet: _quiet, ...defaults } = options;
    const { createServer } = await import('../server/create-server.js');
    const server = await createServer({
      host: String(parsed.host),
      port: parseNumberIn(0, 65535, true)(parsed.port, '--port'),
      token: parsed.token as string | undefined,
      dataDir: parsed.dataDir as string | undefined,
      maxRunning: parseNumberIn(1, 64, true)(parsed.maxJobs, '--max-jobs'),
      maxQueued: parseNumberIn(0, 10_000, true)(parsed.maxQueue, '--max-queue'),
      allowOrigins: allowedOrigins(parsed.allowOrigin as string[], process.env.LECTRA_ALLOW_ORIGIN),
      defaults,
      logger: parsed.log ? { level: 'info', stream: ctx.stderr } : false,
    });
    const url = await server.listen();
    ctx.stdout.write(`LECTRA serving on ${url}  (web UI: ${url}/  API docs: ${url}/docs)\n`);
    ctx.stdout.write(`Jobs are kept in ${server.manager.store.root}. Ctrl-C stops.\n`);
    await new Promise<void>((resolve) => (ctx.signal.aborted ? resolve() : ctx.signal.addEventListener('abort', () => resolve(), { once: true })));
    await server.close();
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The flags when given, else LECTRA_ALLOW_ORIGIN's comma-separated list (flag before env, as everywhere). */
function allowedOrigins(flags: string[], env: string | undefined): string[] {
  if (flags.length > 0) return flags;
  return (env ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
}
