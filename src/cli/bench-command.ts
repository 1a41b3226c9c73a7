import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { runScenario, type ScenarioResult } from '../bench/run-scenario.js';
import { syntheticNotes } from '../bench/synthetic-deck.js';
import type { CliContext } from './cli-context.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE_DECK = path.join(ROOT, 'examples', 'intro-to-photosynthesis.md');

interface Scenario {
  name: string;
  args: (dir: string) => Promise<string[]>;
}

async function syntheticFile(dir: string, slides: number): Promise<string> {
  const file = path.join(dir, `synthetic-${slides}.md`);
  await fs.writeFile(file, syntheticNotes(slides));
  return file;
}

const SCENARIOS: Scenario[] = [
  { name: 'example deck, cold (full lecture)', args: async () => ['render', EXAMPLE_DECK] },
  { name: '50-slide deck, cold (full lecture)', args: async (dir) => ['render', await syntheticFile(dir, 50)] },
  { name: '100-slide deck, deck+pptx+frames', args: async (dir) => ['render', await syntheticFile(dir, 100), '--only', 'deck,pptx,frames'] },
];

export function formatBenchTable(results: ScenarioResult[]): string {
  const rows = results.map((r) =>
    [r.name, r.slides, r.wallSec.toFixed(2), r.lectureSec?.toFixed(1) ?? '–', r.videoSecPerWallSec ?? '–', r.framesPerSec ?? '–', r.peakRssMb].join(' | '),
  );
  const stageRows = results.map((r) => `- ${r.name}: ${Object.entries(r.stages).map(([k, v]) => `${k} ${v.toFixed(2)}s`).join(', ')}`);
  return [
    '| scenario | slides | wall s | lecture s | video s per wall s | frames/s | peak RSS MB |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    'Stage wall times:',
    ...stageRows,
  ].join('\n');
}

export function benchCommand(ctx: CliContext): Command {
  return new Command('bench')
    .description('Run the benchmark scenarios and print one table (JSON with --json-out).')
    .option('--filter <text>', 'Only scenarios whose name contains this text.')
    .option('--json-out <file>', 'Also write the results as JSON.')
    .action(async (parsed: { filter?: string; jsonOut?: string }) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectra-bench-'));
      const results: ScenarioResult[] = [];
      try {
        for (const scenario of SCENARIOS.filter((s) => !parsed.filter || s.name.includes(parsed.filter))) {
          ctx.stderr.write(`running: ${scenario.name}…\n`);
          const out = path.join(dir, `out-${results.length}`);
          results.push(await runScenario(scenario.name, await scenario.args(dir), out, ctx.signal));
        }
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
      const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
      ctx.stdout.write(`Machine: ${machine}\n\n${formatBenchTable(results)}\n`);
      if (parsed.jsonOut) await fs.writeFile(parsed.jsonOut, JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2));
    });
}
