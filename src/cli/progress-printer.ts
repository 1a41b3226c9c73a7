import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { ProgressEvent, StageName } from '../pipeline/progress.js';
import { STAGE_LABELS } from '../pipeline/profiler.js';

/**
 * Shows progress on stderr: on a TTY, live bars (cli-progress), one per stage, counting finished
 * tasks against those started (slides keep arriving in topic mode, so totals grow); on pipes and
 * CI, one line per finished stage — not per task, so a 100-slide deck stays readable.
 */
export function createProgressPrinter(stream: NodeJS.WriteStream, options: { quiet: boolean; totalSlides?: number }) {
  const tty = Boolean(stream.isTTY) && !options.quiet;
  const started = new Map<StageName, number>();
  const done = new Map<StageName, number>();
  const cached = new Map<StageName, number>();
  const bars = tty ? liveBars(stream) : undefined;
  const rows = new Map<StageName, cliProgress.SingleBar>();

  const update = (stage: StageName) => {
    if (!bars) return;
    const payload = { stage: STAGE_LABELS[stage].padEnd(20), cached: cached.get(stage) ? `(${cached.get(stage)} cached)` : '' };
    const total = started.get(stage) ?? 0;
    let row = rows.get(stage);
    if (!row) {
      row = bars.create(total, 0, payload);
      rows.set(stage, row);
    }
    row.setTotal(total);
    row.update(done.get(stage) ?? 0, payload);
  };

  return {
    onProgress(event: ProgressEvent): void {
      if (event.type === 'task-started') {
        started.set(event.task.stage, (started.get(event.task.stage) ?? 0) + 1);
        update(event.task.stage);
      } else if (event.type === 'task-finished') {
        const stage = event.task.stage;
        done.set(stage, (done.get(stage) ?? 0) + 1);
        if (event.cached) cached.set(stage, (cached.get(stage) ?? 0) + 1);
        update(stage);
        if (!tty && !options.quiet && done.get(stage) === started.get(stage) && event.task.slide === undefined) {
          stream.write(`✓ ${STAGE_LABELS[stage]} (${(event.durationMs / 1000).toFixed(2)}s)\n`);
        }
      } else if (event.type === 'warning' && !options.quiet) {
        const line = `warning: ${event.slide ? `slide ${event.slide}: ` : ''}${event.message}`;
        if (bars) bars.log(`${line}\n`);
        else stream.write(`${line}\n`);
      }
    },
    finish(): void {
      bars?.stop();
    },
  };
}

/** cli-progress's bars, loaded only for a terminal (pipes, CI and --quiet never need it). */
function liveBars(stream: NodeJS.WriteStream): cliProgress.MultiBar {
  const bars = createRequire(import.meta.url)('cli-progress') as typeof cliProgress;
  return new bars.MultiBar(
    { stream, hideCursor: true, clearOnComplete: true, format: ' {stage} |{bar}| {value}/{total} {cached}', barsize: 24, fps: 12, autopadding: true },
    bars.Presets.shades_classic,
  );
}
