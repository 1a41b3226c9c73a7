import type { ProgressEvent } from '../pipeline/progress.js';
import { STAGE_LABELS } from '../pipeline/profiler.js';

/**
 * Shows progress on stderr: a live, redrawn status line on a TTY; on pipes and CI, one line per
 * finished stage (not per task, so a 100-slide deck stays readable).
 */
export function createProgressPrinter(stream: NodeJS.WriteStream, options: { quiet: boolean; totalSlides?: number }) {
  const done = new Map<string, number>();
  const started = new Map<string, number>();
  const tty = Boolean(stream.isTTY) && !options.quiet;
  let lastDraw = 0;

  const draw = (force = false) => {
    if (!tty) return;
    const now = Date.now();
    if (!force && now - lastDraw < 80) return;
    lastDraw = now;
    const parts = [...started.keys()].map((stage) => `${stage} ${done.get(stage) ?? 0}/${started.get(stage)}`);
    stream.write(`\r\x1b[2K${parts.join('  ·  ')}`);
  };

  return {
    onProgress(event: ProgressEvent): void {
      if (event.type === 'task-started') {
        started.set(event.task.stage, (started.get(event.task.stage) ?? 0) + 1);
        draw();
      } else if (event.type === 'task-finished') {
        const stage = event.task.stage;
        done.set(stage, (done.get(stage) ?? 0) + 1);
        draw();
        if (!tty && !options.quiet && done.get(stage) === started.get(stage) && event.task.slide === undefined) {
          stream.write(`✓ ${STAGE_LABELS[stage]} (${(event.durationMs / 1000).toFixed(2)}s)\n`);
        }
      } else if (event.type === 'warning' && !options.quiet) {
        if (tty) stream.write('\r\x1b[2K');
        stream.write(`warning: ${event.slide ? `slide ${event.slide}: ` : ''}${event.message}\n`);
      }
    },
    finish(): void {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
