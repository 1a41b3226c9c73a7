import type { JobState } from '../api.js';

const LABELS: Record<JobState, string> = { queued: 'Queued', running: 'Rendering', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

export function StateBadge({ state }: { state: JobState }) {
  return (
    <span class={`badge ${state}`} data-testid="job-state" data-state={state}>
      {LABELS[state]}
    </span>
  );
}
