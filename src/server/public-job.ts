import type { PublicJob } from './api-schemas.js';
import type { JobRecord } from './job-store.js';

/** A job as clients see it: job.json plus the URLs to follow (events, every artifact). */
export function toPublicJob(record: JobRecord, queuePosition?: number): PublicJob {
  const self = `/jobs/${record.id}`;
  const files: Record<string, string> = {};
  for (const [kind, name] of Object.entries(record.result?.files ?? {})) files[kind] = `${self}/files/${name}`;
  return {
    ...record,
    ...(queuePosition === undefined ? {} : { queuePosition }),
    links: { self, events: `${self}/events?run=${record.run}`, files },
  };
}
