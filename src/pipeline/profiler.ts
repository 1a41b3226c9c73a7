import type { ProgressListener, StageName, TaskRef } from './progress.js';

export interface TaskRecord extends TaskRef {
  startMs: number;
  endMs: number;
  cached: boolean;
  failed?: boolean;
}

export interface StageSummary {
  stage: StageName;
  label: string;
  /** Wall time from the stage's first task start to its last task end. */
  wallMs: number;
  /** Sum of the stage's task durations (CPU-ish time). */
  busyMs: number;
  tasks: number;
  cached: number;
}

export interface Profile {
  startedAt: string;
  totalMs: number;
  stages: StageSummary[];
  tasks: TaskRecord[];
  slides: Array<{ slide: number; startMs: number; endMs: number; tasks: string[] }>;
  /** Peak resident memory of the process so far, in MB. */
  peakRssMb: number;
}

/** The seed's step names, so its users recognise the output. */
export const STAGE_LABELS: Record<StageName, string> = {
  documents: 'Read Documents',
  load: 'Save Deck',
  outline: 'Generate Outline',
  content: 'Generate Script',
  layout: 'Layout Slides',
  images: 'Fetch Images',
  frames: 'Render Frames',
  pptx: 'Create PPTX',
  narration: 'Build Narration Text',
  prosody: 'Tag Narration',
  speech: 'Synthesize Audio',
  timings: 'Calculate Timings',
  audio: 'Mix Audio',
  video: 'Generate Video',
};

/**
 * Records every task's start and end, forwards progress events, and summarises the run per
 * stage and per slide. `now` is injectable so tests need no real clock.
 */
export class Profiler {
  private readonly origin: number;
  private readonly records: TaskRecord[] = [];
  private readonly startedAt = new Date();

  constructor(
    private readonly onProgress: ProgressListener = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.origin = now();
  }

  elapsed(): number {
    return this.now() - this.origin;
  }

  emit: ProgressListener = (event) => this.onProgress(event);

  /**
   * Runs `work` as a task, recording it (and failures) in the profile. `work` calls
   * `control.markCached()` when it served its result from the cache.
   */
  async task<T>(ref: TaskRef, work: (control: { markCached(): void }) => Promise<T> | T): Promise<T> {
    const startMs = this.elapsed();
    let cached = false;
    this.onProgress({ type: 'task-started', at: startMs, task: ref });
    try {
      const value = await work({ markCached: () => (cached = true) });
      const endMs = this.elapsed();
      this.records.push({ ...ref, startMs, endMs, cached });
      this.onProgress({ type: 'task-finished', at: endMs, task: ref, durationMs: endMs - startMs, cached });
      return value;
    } catch (error) {
      const endMs = this.elapsed();
      this.records.push({ ...ref, startMs, endMs, cached: false, failed: true });
      this.onProgress({ type: 'task-failed', at: endMs, task: ref, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  profile(): Profile {
    const tasks = [...this.records].sort((a, b) => a.startMs - b.startMs);
    return {
      startedAt: this.startedAt.toISOString(),
      totalMs: this.elapsed(),
      stages: summariseStages(tasks),
      tasks,
      slides: summariseSlides(tasks),
      // resourceUsage().maxRSS is in kilobytes.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  }
}

export function summariseStages(tasks: TaskRecord[]): StageSummary[] {
  const byStage = new Map<StageName, TaskRecord[]>();
  for (const task of tasks) {
    const list = byStage.get(task.stage) ?? [];
    list.push(task);
    byStage.set(task.stage, list);
  }
  return [...byStage.entries()]
    .map(([stage, list]) => ({
      stage,
      label: STAGE_LABELS[stage],
      wallMs: Math.max(...list.map((t) => t.endMs)) - Math.min(...list.map((t) => t.startMs)),
      busyMs: list.reduce((sum, t) => sum + (t.endMs - t.startMs), 0),
      tasks: list.length,
      cached: list.filter((t) => t.cached).length,
      first: Math.min(...list.map((t) => t.startMs)),
    }))
    .sort((a, b) => a.first - b.first)
    .map(({ first: _first, ...rest }) => rest);
}

function summariseSlides(tasks: TaskRecord[]): Profile['slides'] {
  const bySlide = new Map<number, TaskRecord[]>();
  for (const task of tasks) {
    if (task.slide === undefined) continue;
    const list = bySlide.get(task.slide) ?? [];
    list.push(task);
    bySlide.set(task.slide, list);
  }
  return [...bySlide.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([slide, list]) => ({
      slide,
      startMs: Math.min(...list.map((t) => t.startMs)),
      endMs: Math.max(...list.map((t) => t.endMs)),
      tasks: list.map((t) => t.id),
    }));
}

/** The seed's summary lines: `[⏱] Step: Synthesize Audio: 1.23s` … `TOTAL: 9.87s`. */
export function formatStepLines(profile: Profile): string[] {
  const lines = profile.stages.map((s) => {
    const cached = s.cached > 0 ? ` (${s.cached}/${s.tasks} cached)` : '';
    return `[⏱] Step: ${s.label}: ${(s.wallMs / 1000).toFixed(2)}s${cached}`;
  });
  lines.push('-'.repeat(60));
  lines.push(`TOTAL: ${(profile.totalMs / 1000).toFixed(2)}s`);
  return lines;
}
