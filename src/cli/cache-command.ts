import { Command } from 'commander';
import { resolveOptions } from '../config/resolve-options.js';
import { LectraError } from '../errors.js';
import { openCache } from '../pipeline/open-cache.js';
import type { CliContext } from './cli-context.js';

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30 };

/** "2GB", "500 MB", "1.5GiB" → bytes. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = (match?.[2] || 'B').toUpperCase();
  if (!match || !(unit in UNITS)) throw new LectraError('bad-option', `--max-size: expected a size such as 2GB or 500MB, got ${JSON.stringify(text)}.`, { field: '--max-size' });
  return Math.round(Number(match[1]) * UNITS[unit]!);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

export function cacheCommand(ctx: CliContext): Command {
  const command = new Command('cache').description('Inspect or shrink the content cache.');
  command
    .command('info')
    .description('Show where the cache is and what it holds.')
    .option('--cache-dir <dir>', 'Cache folder.')
    .action(async (parsed: { cacheDir?: string }) => {
      const cache = openCache(resolveOptions({ flags: { cacheDir: parsed.cacheDir } }).options);
      const info = await cache.info();
      ctx.stdout.write(`cache: ${info.dir}\n${info.entries} entries, ${formatBytes(info.bytes)}\n`);
      for (const [kind, k] of Object.entries(info.byKind).sort()) ctx.stdout.write(`  ${kind.padEnd(12)} ${String(k.entries).padStart(6)}  ${formatBytes(k.bytes)}\n`);
    });
  command
    .command('prune')
    .description('Delete least recently used entries until the cache fits --max-size.')
    .requiredOption('--max-size <size>', 'e.g. 2GB')
    .option('--cache-dir <dir>', 'Cache folder.')
    .action(async (parsed: { cacheDir?: string; maxSize: string }) => {
      const cache = openCache(resolveOptions({ flags: { cacheDir: parsed.cacheDir } }).options);
      const { removed, freedBytes } = await cache.prune(parseSize(parsed.maxSize));
      ctx.stdout.write(`removed ${removed} entries, freed ${formatBytes(freedBytes)}\n`);
    });
  return command;
}
