import path from 'node:path';
import type { FastifyReply } from 'fastify';
import type { OutputKind } from '../../config/options.js';
import {
  ErrorSchema,
  GeneratePresentationResultSchema,
  GeneratePresentationSchema,
  JobSchema,
  ProjectListSchema,
  ProjectQuerySchema,
  SlideImageQuerySchema,
} from '../api-schemas.js';
import { defineRoute, type RouteSpec } from '../define-route.js';
import { findJob } from '../find-job.js';
import { HttpError, httpStatusForCode } from '../http-error.js';
import type { JobManager } from '../job-manager.js';
import type { JobRecord } from '../job-store.js';
import { toPublicJob } from '../public-job.js';
import { safeJobPath } from '../safe-job-path.js';

const NO_VIDEO: OutputKind[] = ['deck', 'frames', 'pptx', 'audio'];

/** The original system's endpoints, kept call-compatible (names, fields, snake_case answers). */
export function seedRoutes(manager: JobManager): RouteSpec[] {
  const sendProjectFile = async (project: string, name: string, reply: FastifyReply) => {
    const record = findJob(manager, { project });
    const outDir = manager.store.outDir(record.id);
    const found = await safeJobPath(outDir, name);
    return reply.sendFile(found.relative, outDir);
  };
  const fileRoute = (url: string, summary: string, name: string, contentType: string) =>
    defineRoute({
      method: 'GET',
      url,
      tag: 'original',
      summary,
      query: ProjectQuerySchema,
      responses: { 200: { description: 'The file.', contentType }, 404: { description: 'Unknown project or no such file yet.', schema: ErrorSchema } },
      handler: async ({ query }, _request, reply) => sendProjectFile(query.project, name, reply),
    });

  return [
    defineRoute({
      method: 'POST',
      url: '/generate_presentation',
      tag: 'original',
      summary: 'Generate a lecture on a topic (the original call)',
      description:
        'Waits until the lecture is done and answers the original result object. With `"async": true` it answers 202 with the job instead. `collection` (+ `documents`) writes the lecture from uploaded documents (the topic then narrows them); `quiz_every` adds quiz checkpoints.',
      body: GeneratePresentationSchema,
      responses: {
        200: { description: 'The finished lecture.', schema: GeneratePresentationResultSchema },
        202: { description: 'Queued (async).', schema: JobSchema },
        400: { description: 'Invalid request.', schema: ErrorSchema },
        404: { description: 'No such collection (or it is empty).', schema: ErrorSchema },
        409: { description: 'Cancelled while waiting.', schema: ErrorSchema },
        429: { description: 'Queue full.', schema: ErrorSchema },
        502: { description: 'The LLM or another provider failed.', schema: ErrorSchema },
      },
      handler: async ({ body }, _request, reply) => {
        const options = {
          ...body.options,
          ...(body.lang ? { lang: body.lang } : {}),
          ...(body.voice ? { voice: body.voice } : {}),
          ...(body.quiz_every ? { quizEvery: body.quiz_every } : {}),
          ...(body.generate_video ? {} : { only: NO_VIDEO }),
        };
        const kind = body.collection !== undefined ? 'documents' : 'topic';
        const created = await manager.create({ kind, project: body.project, topic: body.topic, collection: body.collection, documents: body.documents, options });
        if (body.async) return reply.code(202).header('location', `/jobs/${created.id}`).send(toPublicJob(created, manager.queuePosition(created.id)));
        const record = await manager.waitFor(created.id);
        if (record.state !== 'done' || !record.result) {
          const error = record.error ?? { code: 'internal', message: 'The job ended without a result.' };
          throw new HttpError(httpStatusForCode(error.code), error.code, error.message, { field: error.field, details: error.details });
        }
        return seedResult(record, manager.store.outDir(record.id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/healthz',
      tag: 'original',
      summary: 'Liveness (the original)',
      public: true,
      responses: { 200: { description: 'Alive.' } },
      handler: async () => ({ status: 'ok' }),
    }),
    defineRoute({
      method: 'GET',
      url: '/list_projects',
      tag: 'original',
      summary: 'Projects and their latest job',
      responses: { 200: { description: 'Projects.', schema: ProjectListSchema } },
      handler: async () => {
        const latest = new Map<string, JobRecord>();
        for (const record of manager.list()) if (!latest.has(record.project)) latest.set(record.project, record);
        return {
          projects: [...latest.values()].map((r) => ({ project: r.project, job_id: r.id, state: r.state, title: r.result?.title ?? r.topic, created_at: r.createdAt })),
        };
      },
    }),
    fileRoute('/get_video', "The project's lecture.mp4 (byte ranges supported)", 'lecture.mp4', 'video/mp4'),
    fileRoute('/get_audio', "The project's narration (lecture.wav)", 'audio/lecture.wav', 'audio/wav'),
    fileRoute('/get_slide_timings', "The project's timings.json", 'timings.json', 'application/json'),
    defineRoute({
      method: 'GET',
      url: '/get_slide_image',
      tag: 'original',
      summary: 'One slide as PNG (1-based)',
      query: SlideImageQuerySchema,
      responses: { 200: { description: 'The frame.', contentType: 'image/png' }, 404: { description: 'Unknown project or slide.', schema: ErrorSchema } },
      handler: async ({ query }, _request, reply) => sendProjectFile(query.project, `frames/slide-${String(query.slide).padStart(3, '0')}.png`, reply),
    }),
  ];
}

function seedResult(record: JobRecord, outDir: string) {
  const result = record.result!;
  const file = (kind: string) => (result.files[kind] ? path.join(outDir, result.files[kind]) : null);
  return {
    status: 'ok' as const,
    job_id: record.id,
    project_dir: outDir,
    presentation_title: result.title,
    slide_count: result.slideCount,
    image_count: result.imageCount,
    pptx_path: file('pptx'),
    audio_path: file('audio'),
    slide_timings_path: file('timings'),
    video_path: file('video'),
    duration_sec: result.durationSec ?? 0,
    outline: result.outline,
    slide_timings: result.slideTimings,
  };
}
