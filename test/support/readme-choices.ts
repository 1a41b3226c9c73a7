import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/**
 * The choices the README's options table documents for a flag: the backticked ids in the last
 * cell of the row for `--<flag>`. Tests compare a registry against it, so adding a provider
 * without documenting it (or dropping one the README still offers) fails.
 */
export function readmeChoices(flag: string): string[] {
  const row = README.split('\n').find((line) => line.startsWith(`| \`--${flag} `) || line.startsWith(`| \`--${flag}\``));
  if (!row) throw new Error(`README.md has no options row for --${flag}`);
  const cells = row.split('|').map((cell) => cell.trim()).filter(Boolean);
  return [...cells.at(-1)!.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((match) => match[1]!);
}
