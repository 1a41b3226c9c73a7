import type { Job } from '../api.js';
import { StateBadge } from './state-badge.js';

/** Recent jobs (persisted on the server, so they survive restarts). */
export function JobList({ jobs, currentId, onOpen }: { jobs: Job[]; currentId?: string; onOpen: (id: string) => void }) {
  if (jobs.length === 0) return null;
  return (
    <div class="card job-list">
      <h3>Recent lectures</h3>
      <ul>
        {jobs.slice(0, 12).map((job) => (
          <li key={job.id}>
            <button type="button" class={job.id === currentId ? 'job-link current' : 'job-link'} onClick={() => onOpen(job.id)}>
              <span class="job-title">{job.result?.title ?? job.title ?? job.topic ?? job.project}</span>
              <StateBadge state={job.state} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
