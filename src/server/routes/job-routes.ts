import { z } from 'zod';
import {
  CreateJobSchema,
  ApiDeckBodySchema,
  ApiDeckSchema,
  DeleteQuerySchema,
  ErrorSchema,
  EventsQuerySchema,
  JobFileParamsSchema,
  JobIdParamsSchema,
  JobSchema,
  TokenQuerySchema,
} from '../api-schemas.js';
import { defineRoute, type RouteSpec } from '../define-route.js';
import type { JobManager } from '../job-manager.js';
import { toPublicJob } from '../public-job.js';
import { safeJobPath } from '../safe-job-path.js';
import { streamJobEvents } from '../stream-job-events.js';

const errors = {
  400: { description: 'Invalid request: the message and `field` name what to fix.', schema: ErrorSchema },
  404: { description: 'No such job.', schema: ErrorSchema },
};

/** The job API: submit, list, follow (SSE), download, edit and re-render, cancel. */
export function jobRoutes(manager: JobManager): RouteSpec[] {
  const view = (id: string) => toPublicJob(manager.get(id), manager.queuePosition(id));
  return [
    defineRoute({
      method: 'POST',
      url: '/jobs',
      tag: 'jobs',
      summary: 'Submit a lecture job',
      description:
        'Exactly one of `topic` (the LLM writes the lecture), `notes` (Markdown) or `deck` (a deck.json object); or `collection` (documents uploaded with POST /upload_document, optionally only `documents`, narrowed by an optional `topic`; works offline with `options.llm: "none"`). `options.quizEvery` adds quiz checkpoints (quiz.json). Answers 202 at once; follow `links.events`.',
      body: CreateJobSchema,
      responses: { 202: { description: 'Queued.', schema: JobSchema }, 400: errors[400], 404: { description: 'No such collection (or it is empty).', schema: ErrorSchema }, 413: { description: 'Body over the size limit.', schema: ErrorSchema }, 429: { description: 'Queue full; see Retry-After.', schema: ErrorSchema } },
      handler: async ({ body }, _request, reply) => {
        const kind = body.collection !== undefined ? 'documents' : body.topic !== undefined ? 'topic' : body.notes !== undefined ? 'notes' : 'deck';
        const record = await manager.create({
          kind,
          project: body.project,
          topic: body.topic,
          notes: body.notes,
          deck: body.deck,
          collection: body.collection,
          documents: body.documents,
          options: body.options ?? {},
        });
        return reply.code(202).header('location', `/jobs/${record.id}`).send(view(record.id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/jobs',
      tag: 'jobs',
      summary: 'List jobs, newest first',
      query: TokenQuerySchema,
      responses: { 200: { description: 'Jobs.', schema: z.object({ jobs: z.array(JobSchema) }) } },
      handler: async () => ({ jobs: manager.list().map((r) => view(r.id)) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/jobs/:id',
      tag: 'jobs',
      summary: 'One job: state, result, file links',
      params: JobIdParamsSchema,
      query: TokenQuerySchema,
      responses: { 200: { description: 'The job.', schema: JobSchema }, 404: errors[404] },
      handler: async ({ params }) => view(params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/jobs/:id/events',
      tag: 'jobs',
      summary: 'Progress as server-sent events',
      description:
        'Replays the run\'s events, then streams live ones. Event names: `state` (queued/running), `progress` (the same ProgressEvent objects the CLI prints: run-started, task-started, task-finished {cached}, task-failed, warning, artifact, run-finished), then one `done` or `failed` (data: the job) and the stream ends. `id:` is a sequence number; Last-Event-ID resumes.',
      params: JobIdParamsSchema,
      query: EventsQuerySchema,
      responses: { 200: { description: 'An event stream.', contentType: 'text/event-stream' }, 404: errors[404] },
      handler: async ({ params, query }, request, reply) => streamJobEvents(manager, params.id, query.run, request, reply),
    }),
    defineRoute({
      method: 'GET',
      url: '/jobs/:id/files/*',
      tag: 'jobs',
      summary: 'Download an artifact',
      description: 'deck.pptx, lecture.mp4 (byte ranges supported, for seeking), lecture.vtt / lecture.srt, deck.json, timings.json, profile.json, frames/slide-001.png, audio/… Names cannot leave the job folder.',
      params: JobFileParamsSchema,
      query: TokenQuerySchema,
      responses: { 200: { description: 'The file.', contentType: 'application/octet-stream' }, 206: { description: 'A byte range of the file.', contentType: 'application/octet-stream' }, ...errors },
      handler: async ({ params }, _request, reply) => {
        manager.get(params.id);
        const found = await safeJobPath(manager.store.outDir(params.id), params['*']);
        return reply.sendFile(found.relative, manager.store.outDir(params.id));
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/jobs/:id/deck',
      tag: 'jobs',
      summary: 'Replace the deck and re-render',
      description: "Saves the edited deck.json (version 2; a version 1 deck is migrated) into the job's folder and queues a re-render (the job's `run` goes up by one). With the render cache, only the tasks whose inputs changed recompute; their task-finished events say `cached: false`.",
      params: JobIdParamsSchema,
      query: TokenQuerySchema,
      body: ApiDeckBodySchema,
      bodyDoc: ApiDeckSchema,
      responses: { 202: { description: 'Re-render queued.', schema: JobSchema }, ...errors, 409: { description: 'The job is still running.', schema: ErrorSchema }, 429: { description: 'Queue full.', schema: ErrorSchema } },
      // The manager validates the raw body itself (and checks image paths), so pass it through.
      handler: async ({ params }, request, reply) => {
        const record = await manager.rerender(params.id, request.body);
        return reply.code(202).send(view(record.id));
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/jobs/:id',
      tag: 'jobs',
      summary: 'Cancel a job (or purge a finished one)',
      description: 'Cancels a queued or running job and answers when it has stopped (files already finished are kept). `?purge=true` deletes a finished job and its folder.',
      params: JobIdParamsSchema,
      query: DeleteQuerySchema,
      responses: { 200: { description: 'The cancelled job.', schema: JobSchema }, 204: { description: 'Purged.' }, ...errors, 409: { description: 'Already finished (cancel) or still running (purge).', schema: ErrorSchema } },
      handler: async ({ params, query }, _request, reply) => {
        if (query.purge === 'true') {
          await manager.purge(params.id);
          return reply.code(204).send();
        }
        const record = await manager.cancel(params.id);
        return view(record.id);
      },
    }),
  ];
}
