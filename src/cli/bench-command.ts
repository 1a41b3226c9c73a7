import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { runScenario, type ScenarioResult } from '../bench/run-scenario.js';
import { syntheticNotes } from '../bench/synthetic-deck.js';
import { runServerLoad, type ServerLoadResult } from '../bench/server-load.js';
import { measureStartup, type StartupResult } from '../bench/startup-time.js';
import { benchImportLayout, type ImportLayoutResult } from '../bench/import-layout.js';
import { benchStem, type StemSpeed } from '../bench/stem-speed.js';
import type { CliContext } from './cli-context.js';
import { PACKAGE_ROOT } from '../package-root.js';

const ROOT = PACKAGE_ROOT;
export const EXAMPLE_DECK = path.join(ROOT, 'examples', 'intro-to-photosynthesis.md');

/** A single local Ollama on one GPU: 4 parallel slots, ~60 tokens/s per stream. */
const LLM_LATENCY = { slots: 4, latencyMsPerToken: 1000 / 60, firstTokenMs: 300 };

interface BenchContext {
  dir: string;
  llmUrl: string;
}

interface Scenario {
  name: string;
  /** Runs before the timed run (e.g. a cold render to warm the cache); not measured. */
  prepare?: (b: BenchContext, cache: string) => Promise<void>;
  args: (b: BenchContext) => Promise<string[]>;
  /** Scenarios sharing a cache group reuse one cache folder, in order. */
  cacheGroup?: string;
}

async function notesFile(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

const TEN = () => syntheticNotes(10, { title: 'Bench deck of ten slides' });

const SCENARIOS: Scenario[] = [
  { name: 'example deck, cold (full lecture)', args: async () => ['render', EXAMPLE_DECK] },
  { name: '10-slide notes, cold', cacheGroup: 'ten', args: async (b) => ['render', await notesFile(b.dir, 'ten.md', TEN())] },
  { name: '10-slide notes, warm (all cached)', cacheGroup: 'ten', args: async (b) => ['render', await notesFile(b.dir, 'ten.md', TEN())] },
  {
    name: '10-slide notes, one narration edited',
    cacheGroup: 'ten',
    args: async (b) => ['render', await notesFile(b.dir, 'ten.md', TEN().replace('Slide 4 looks at topic number 4.', 'Slide 4 now says something new about topic four.'))],
  },
  { name: '50-slide notes, cold (full lecture)', args: async (b) => ['render', await notesFile(b.dir, 'fifty.md', syntheticNotes(50))] },
  { name: '100-slide notes, deck+pptx+frames', args: async (b) => ['render', await notesFile(b.dir, 'hundred.md', syntheticNotes(100)), '--only', 'deck,pptx,frames'] },
  { name: 'topic, 10 slides, per-slide schedule', args: async (b) => ['generate', 'Photosynthesis', '--slides', '10', '--llm', 'ollama', '--llm-url', b.llmUrl, '--llm-concurrency', '4'] },
  { name: 'topic, 10 slides, staged (seed order)', args: async (b) => ['generate', 'Photosynthesis', '--slides', '10', '--llm', 'ollama', '--llm-url', b.llmUrl, '--llm-concurrency', '4', '--schedule', 'staged'] },
  // The bundled example's notes as a document: indexed, planned and written from its passages.
  { name: 'documents, 8 slides, per-slide schedule', args: async (b) => ['generate', '--from', EXAMPLE_DECK, '--slides', '8', '--llm', 'ollama', '--llm-url', b.llmUrl, '--llm-concurrency', '4'] },
  { name: 'documents, 8 slides, staged (seed order)', args: async (b) => ['generate', '--from', EXAMPLE_DECK, '--slides', '8', '--llm', 'ollama', '--llm-url', b.llmUrl, '--llm-concurrency', '4', '--schedule', 'staged'] },
];

export function formatBenchTable(results: ScenarioResult[]): string {
  const rows = results.map((r) =>
    [r.name, r.slides, r.wallSec.toFixed(2), r.lectureSec?.toFixed(1) ?? '–', r.videoSecPerWallSec ?? '–', r.framesPerSec ?? '–', r.recomputed ?? '–', r.peakRssMb].join(' | '),
  );
  const ratio = [
    ['topic', 'Topic lecture'],
    ['documents', 'Lecture from documents'],
  ].flatMap(([prefix, label]) => {
    const perSlide = results.find((r) => r.name.startsWith(`${prefix},`) && r.name.includes('per-slide schedule'));
    const staged = results.find((r) => r.name.startsWith(`${prefix},`) && r.name.includes('staged'));
    return perSlide && staged ? [`${label}: per-slide schedule is ${(staged.wallSec / perSlide.wallSec).toFixed(2)}× faster than the seed's staged order on the same simulated LLM.`] : [];
  });
  if (ratio.length > 0) ratio.unshift('');
  return [
    '| scenario | slides | wall s | lecture s | lecture s per video-encode s | frames/s | tasks recomputed | peak RSS MB |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    ...ratio,
    '',
    'Stage wall times (s):',
    ...results.map((r) => `- ${r.name}: ${Object.entries(r.stages).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`),
  ].join('\n');
}

export function benchCommand(ctx: CliContext): Command {
  return new Command('bench')
    .description('Run the benchmark scenarios (notes, topic and documents lectures, cold/warm/edited, per-slide vs staged) and print one table.')
    .option('--filter <text>', 'Only scenarios whose name contains this text ("startup": start-up times only; "server": the server load only; "import": import + layout; "stem": maths and code).')
    .option('--json-out <file>', 'Also write the results as JSON.')
    .option('--corpus <dir>', 'The shared corpus of real decks, for the import + layout measurement ("import" filter).', path.join(ROOT, '..', 'shared', 'corpus'))
    .action(async (parsed: { filter?: string; jsonOut?: string; corpus?: string }) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectra-bench-'));
      const { startLlmServer } = await import('../testing/llm-server.js');
      const server = await startLlmServer(LLM_LATENCY);
      const results: ScenarioResult[] = [];
      let serverLoad: ServerLoadResult | undefined;
      let startup: StartupResult | undefined;
      let imports: ImportLayoutResult[] = [];
      let stem: StemSpeed | undefined;
      try {
        const b: BenchContext = { dir, llmUrl: server.url };
        for (const scenario of SCENARIOS.filter((s) => !parsed.filter || s.name.includes(parsed.filter) || (s.cacheGroup && parsed.filter.includes(s.cacheGroup)))) {
          ctx.stderr.write(`running: ${scenario.name}…\n`);
          const cache = path.join(dir, `cache-${scenario.cacheGroup ?? results.length}`);
          const out = path.join(dir, `out-${scenario.cacheGroup ?? results.length}`);
          results.push(await runScenario(scenario.name, [...(await scenario.args(b)), '--cache-dir', cache], out, ctx.signal));
        }
        if (!parsed.filter || parsed.filter.includes('startup')) {
          ctx.stderr.write('running: start-up, lectra --version and a warm 6-slide re-render…\n');
          startup = await measureStartup(dir, 7, ctx.signal);
        }
        if (!parsed.filter || parsed.filter.includes('import')) {
          ctx.stderr.write('running: import + layout of the corpus decks and a 500-slide deck…\n');
          imports = await benchImportLayout(dir, parsed.corpus);
        }
        if (!parsed.filter || parsed.filter.includes('stem')) {
          ctx.stderr.write('running: 200 formulas typeset (cold, cached) and 50 code blocks coloured…\n');
          stem = await benchStem(dir);
        }
        if (!parsed.filter || parsed.filter.includes('server')) {
          ctx.stderr.write('running: server, 20 concurrent POST /jobs…\n');
          serverLoad = await runServerLoad(path.join(dir, 'server'));
        }
      } finally {
        await server.close();
        await fs.rm(dir, { recursive: true, force: true });
      }
      const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
      ctx.stdout.write(`Machine: ${machine}\n\n${formatBenchTable(results)}\n`);
      if (serverLoad) {
        const s = serverLoad;
        ctx.stdout.write(`\nServer load: ${s.posted} concurrent POST /jobs (4-slide notes, 2 rendering at once, queue 16): ${s.accepted} accepted, ${s.refused429} refused with 429, ${s.finished} finished, ${s.lost} lost; ${s.wallSec} s; server peak RSS ${s.serverPeakRssMb} MB.\n`);
      }
      if (startup) {
        const s = startup;
        ctx.stdout.write(`\nStart-up (median of ${s.runs}): lectra --version ${s.versionSec.toFixed(2)} s (target ≤ 0.2 s); warm re-render of a 6-slide lecture ${s.warmRenderSec.toFixed(2)} s = ${(s.warmRenderSec / s.versionSec).toFixed(1)}× --version (target ≤ 2×).\n`);
      }
      for (const r of imports) ctx.stdout.write(`\nImport + layout, ${r.name}: ${r.decks} deck(s), ${r.slides} slides; import ${r.importMs} ms, layout ${r.layoutMs} ms (${((r.importMs + r.layoutMs) / Math.max(1, r.slides)).toFixed(2)} ms a slide).\n`);
      if (stem) ctx.stdout.write(`\nMaths and code: ${stem.equations} formulas typeset ${stem.mathColdMs} ms cold (MathJax loading included), ${stem.mathCachedMs} ms from the picture store; ${stem.codeBlocks} code blocks coloured ${stem.codeMs} ms (Shiki and the grammar loading included).\n`);
      if (parsed.jsonOut) await fs.writeFile(parsed.jsonOut, JSON.stringify({ machine, date: new Date().toISOString(), results, serverLoad, startup, imports, stem }, null, 2));
    });
}
