import { HttpError } from './http-error.js';
import type { JobManager } from './job-manager.js';
import type { JobRecord } from './job-store.js';

/**
 * The job a call names: `job_id` exactly, else the project's newest finished job (or, when none
 * has finished yet, its newest job at all), as the original's `?project=` calls did.
 */
export function findJob(manager: JobManager, ref: { project?: string; job_id?: string }): JobRecord {
  if (ref.job_id !== undefined) return manager.get(ref.job_id);
  const jobs = manager.list().filter((r) => r.project === ref.project);
  const pick = jobs.find((r) => r.state === 'done') ?? jobs[0];
  if (!pick) throw new HttpError(404, 'project-not-found', `No project ${JSON.stringify(ref.project)}: GET /list_projects lists them.`, { field: 'project' });
  return pick;
}
