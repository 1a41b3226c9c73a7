import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';
import type { JobEvent } from './job-event-log.js';
import type { JobManager } from './job-manager.js';
import { toPublicJob } from './public-job.js';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for one render run of a job: the run's past events first (after
 * Last-Event-ID when the browser reconnects), then live ones, closing after `done` or `failed`.
 */
export async function streamJobEvents(manager: JobManager, id: string, run: number | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const record = manager.get(id);
  const wanted = run ?? record.run;
  if (wanted > record.run) throw new HttpError(400, 'bad-request', `Job ${id} has had ${record.run} run(s); there is no run ${wanted} yet.`, { field: 'run' });
  const log = await manager.events(id);
  const after = Number(request.headers['last-event-id']) || 0;

  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 2000\n\n');

  let ended = false;
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    raw.end();
  };
  const send = (event: JobEvent) => {
    if (ended || event.run !== wanted) return;
    raw.write(`id: ${event.seq}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
    if (event.event === 'done' || event.event === 'failed') end();
  };
  // Subscribe and replay in the same tick, so no event falls between the two.
  const unsubscribe = log.subscribe(send);
  raw.on('close', end);
  for (const event of log.replay(wanted, after)) send(event);
  // A client resuming after the final event gets it once more, so it knows to stop.
  if (!ended && (wanted < record.run || manager.isTerminal(record))) {
    const final = log.replay(wanted).findLast((e) => e.event === 'done' || e.event === 'failed');
    if (final) send(final);
    // No history on disk (deleted or never written): end with the job's state instead of hanging.
    else send({ seq: log.lastSeq, run: wanted, event: record.state === 'done' ? 'done' : 'failed', data: toPublicJob(record) });
  }
}
