import type { Job } from '../api.js';
import { cachedCount, recomputedSlides, type TimelineModel } from '../timeline-state.js';
import { StateBadge } from './state-badge.js';

/** Title, state, run summary (which slides this run recomputed) and Cancel. */
export function JobHeader({ job, timeline, onCancel }: { job: Job; timeline?: TimelineModel; onCancel: () => void }) {
  const working = job.state === 'queued' || job.state === 'running';
  const title = job.result?.title ?? job.title ?? job.topic ?? job.project;
  const recomputed = timeline ? recomputedSlides(timeline) : [];
  const cached = timeline ? cachedCount(timeline) : 0;
  return (
    <div class="card job-header">
      <div>
        <h1>{title}</h1>
        <p class="meta">
          <StateBadge state={job.state} />
          <span>Run {job.run}</span>
          {job.result?.durationSec !== undefined && <span>{formatDuration(job.result.durationSec)} of narration</span>}
          {timeline?.totalMs !== undefined && <span>rendered in {(timeline.totalMs / 1000).toFixed(1)} s</span>}
          {job.queuePosition !== undefined && job.state === 'queued' && <span>#{job.queuePosition} in queue</span>}
        </p>
        {job.run > 1 && timeline?.totalMs !== undefined && (
          <p class="rerender-summary" data-testid="rerender-summary" data-slides={recomputed.join(',')}>
            This run recomputed {recomputed.length ? `slide${recomputed.length > 1 ? 's' : ''} ${recomputed.join(', ')}` : 'no slides'}
            {cached > 0 ? ` · ${cached} task${cached > 1 ? 's' : ''} reused from the cache` : ''}.
          </p>
        )}
        {job.error && job.state !== 'done' && (
          <p class="job-error" data-testid="job-error">
            {job.error.message}
          </p>
        )}
      </div>
      {working && (
        <button type="button" class="secondary danger" onClick={onCancel} data-testid="cancel">
          Cancel
        </button>
      )}
    </div>
  );
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
