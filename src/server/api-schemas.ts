import { z } from 'zod';
import { OUTPUTS } from '../config/options.js';
import { THEMES } from '../deck/schema.js';
import { API_LIMITS, ApiDeckBodySchema, ApiDeckSchema, limitedText } from './api-deck-schema.js';

/**
 * Request and response shapes of the HTTP API, in zod: the routes validate with them and
 * /openapi.json is generated from them (z.toJSONSchema), so the two cannot drift apart.
 */

/** A project or job folder name: letters, digits, `.`, `_`, `-`; never `.`/`..`, never a path. */
export const ProjectNameSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^(?!\.{1,2}$)[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-" only (no slashes)')
  .describe('Project name (a folder-safe name).');

/**
 * Per-request render options. Deliberately a subset: binary paths, output folders and provider
 * URLs are server settings (flags, env, lectra.config.*), never something a client may choose.
 */
export const JobOptionsSchema = z
  .object({
    theme: z.enum(THEMES).optional(),
    only: z.array(z.enum(OUTPUTS)).min(1).optional().describe('What to make (default: everything).'),
    lang: z.string().min(1).max(35).optional().describe('BCP-47 language tag.'),
    tts: z.string().min(1).max(40).optional().describe('Speech provider id.'),
    voice: z.string().min(1).max(100).optional(),
    rate: z.number().min(0.5).max(2).optional(),
    llm: z.string().min(1).max(40).optional().describe('LLM provider for topic jobs.'),
    model: z.string().min(1).max(200).optional(),
    slides: z.number().int().min(1).max(60).optional().describe('Content slides in topic mode.'),
    minutes: z.number().min(0.5).max(180).optional(),
    audience: z.string().min(1).max(200).optional(),
    prosody: z.enum(['rules', 'llm']).optional(),
    quizEvery: z.number().int().min(1).max(100).optional().describe('Study mode: a multiple-choice checkpoint after every N slides (quiz.json, quiz slides, chapter-marked pauses).'),
    quizQuestions: z.number().int().min(1).max(10).optional().describe('Questions per checkpoint (default 2).'),
  })
  .strict();
export type JobOptions = z.infer<typeof JobOptionsSchema>;

/** A document collection's name (a folder under the server's data folder). */
export const CollectionNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-" only (no slashes)')
  .describe('Document collection name (default "default"; see /list_collections).');

const DocumentNamesSchema = z.array(z.string().min(1).max(300)).min(1).max(100).describe('Only these documents of the collection (names or ids); default all.');

export const CreateJobSchema = z
  .object({
    project: ProjectNameSchema.optional(),
    topic: z.string().trim().min(1).max(500).optional().describe('Topic mode: the LLM writes the lecture. With `collection`, it narrows the documents.'),
    notes: limitedText(API_LIMITS.notesChars).min(1).optional().describe(`Markdown notes (Marp/Slidev style; at most ${API_LIMITS.notesChars} characters). The slides they make have the Deck schema's limits.`),
    deck: z.unknown().optional().describe(`A deck.json object (version 2, see the Deck schema; a version 1 deck is migrated): at most ${API_LIMITS.slides} slides, ${API_LIMITS.blocksPerSlide} blocks a slide, ${API_LIMITS.images} pictures; titles ≤ ${API_LIMITS.titleChars} characters, list items and cells ≤ ${API_LIMITS.bulletChars}, narration ≤ ${API_LIMITS.narrationChars}, code ≤ ${API_LIMITS.codeChars}.`),
    collection: CollectionNameSchema.optional().describe('Write the lecture from the documents uploaded to this collection (POST /upload_document); `topic` then narrows them.'),
    documents: DocumentNamesSchema.optional(),
    options: JobOptionsSchema.optional(),
  })
  .strict()
  .refine((body) => (body.collection !== undefined ? body.notes === undefined && body.deck === undefined : [body.topic, body.notes, body.deck].filter((v) => v !== undefined).length === 1), {
    message: 'give exactly one of topic, notes or deck (or a collection, with an optional topic)',
    path: ['topic'],
  })
  .refine((body) => body.documents === undefined || body.collection !== undefined, { message: 'documents needs a collection', path: ['documents'] });
export type CreateJob = z.infer<typeof CreateJobSchema>;

/** The original system's call, kept compatible: unknown fields are ignored, as they were. */
export const GeneratePresentationSchema = z
  .object({
    project: ProjectNameSchema,
    topic: z.string().trim().min(1).max(500).optional().describe('Required unless `collection` is given (then it narrows the documents).'),
    lang: z.string().min(1).max(35).optional(),
    voice: z.string().min(1).max(100).optional(),
    generate_video: z.boolean().default(true),
    async: z.boolean().default(false).describe('Answer 202 with the job at once instead of waiting.'),
    quiz_every: z.number().int().min(1).max(100).optional().describe('Study mode: a quiz checkpoint after every N slides (same as options.quizEvery).'),
    collection: CollectionNameSchema.optional().describe('Ground the lecture in this collection\'s uploaded documents.'),
    documents: DocumentNamesSchema.optional(),
    options: JobOptionsSchema.optional(),
  })
  .refine((body) => body.topic !== undefined || body.collection !== undefined, { message: 'give a topic (or a collection)', path: ['topic'] });

export const JobIdParamsSchema = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a job id') });
export const JobFileParamsSchema = JobIdParamsSchema.extend({ '*': z.string().min(1).max(300) });
export const EventsQuerySchema = z.object({
  run: z.coerce.number().int().min(1).optional().describe('Which render of the job (default: the latest).'),
  token: z.string().optional(),
});
export const DeleteQuerySchema = z.object({ purge: z.enum(['true', 'false']).optional().describe('Delete a finished job and its files.'), token: z.string().optional() });
export const ProjectQuerySchema = z.object({ project: ProjectNameSchema, token: z.string().optional() });
export const SlideImageQuerySchema = ProjectQuerySchema.extend({ slide: z.coerce.number().int().min(1).max(999) });
export const TokenQuerySchema = z.object({ token: z.string().optional() });

export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

export const SlideTimingSchema = z.object({ slide: z.number().int(), title: z.string(), start: z.number(), end: z.number() });

export const JobResultSchema = z.object({
  title: z.string(),
  slideCount: z.number().int(),
  imageCount: z.number().int(),
  durationSec: z.number().optional(),
  files: z.record(z.string(), z.string()).describe('Artifact kind → file name inside the job (GET /jobs/{id}/files/{name}).'),
  frames: z.array(z.string()),
  outline: z.array(z.object({ title: z.string(), bullets: z.array(z.string()) })),
  slideTimings: z.array(SlideTimingSchema),
});
export type JobResult = z.infer<typeof JobResultSchema>;

export const JobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  slide: z.number().optional(),
  details: z.array(z.string()).optional(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const JobSchema = z.object({
  id: z.string(),
  project: z.string(),
  kind: z.enum(['topic', 'notes', 'deck', 'documents']),
  topic: z.string().optional(),
  collection: z.string().optional().describe('Documents jobs: the collection the lecture is written from.'),
  documents: z.array(z.string()).optional(),
  title: z.string().optional(),
  state: JobStateSchema,
  run: z.number().int().describe('Render number: 1 for the first, +1 for every PUT /jobs/{id}/deck.'),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  options: JobOptionsSchema,
  queuePosition: z.number().int().optional(),
  result: JobResultSchema.optional(),
  error: JobErrorSchema.optional(),
  links: z.object({ self: z.string(), events: z.string(), files: z.record(z.string(), z.string()) }),
});
export type PublicJob = z.infer<typeof JobSchema>;

export const GeneratePresentationResultSchema = z.object({
  status: z.literal('ok'),
  job_id: z.string(),
  project_dir: z.string(),
  presentation_title: z.string(),
  slide_count: z.number().int(),
  image_count: z.number().int(),
  pptx_path: z.string().nullable(),
  audio_path: z.string().nullable(),
  slide_timings_path: z.string().nullable(),
  video_path: z.string().nullable(),
  duration_sec: z.number(),
  outline: z.array(z.object({ title: z.string(), bullets: z.array(z.string()) })),
  slide_timings: z.array(SlideTimingSchema),
});

export const ErrorSchema = z.object({
  status: z.literal('error'),
  error: JobErrorSchema,
});

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSec: z.number(),
  jobs: z.object({ running: z.number().int(), queued: z.number().int(), maxRunning: z.number().int(), maxQueued: z.number().int() }),
});

export const ProjectListSchema = z.object({
  projects: z.array(z.object({ project: z.string(), job_id: z.string(), state: JobStateSchema, title: z.string().optional(), created_at: z.string() })),
});

/** The job a quiz call is about: `job_id`, or a project's newest finished job. */
const JobRefShape = {
  project: ProjectNameSchema.optional(),
  job_id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a job id').optional(),
};
const needsJobRef = { message: 'give project or job_id', path: ['project'] };
const hasJobRef = (v: { project?: string; job_id?: string }) => v.project !== undefined || v.job_id !== undefined;

export const JobRefQuerySchema = z.object({ ...JobRefShape, token: z.string().optional() }).refine(hasJobRef, needsJobRef);

export const GenerateQuizSchema = z
  .object({
    ...JobRefShape,
    every: z.number().int().min(1).max(100).default(3).describe('A checkpoint after every N content slides (default 3).'),
    questions: z.number().int().min(1).max(10).default(2).describe('Questions per checkpoint (default 2).'),
  })
  .strict()
  .refine(hasJobRef, needsJobRef);

export const SubmitQuizAnswerSchema = z
  .object({
    ...JobRefShape,
    checkpoint: z.number().int().min(0).describe('0-based checkpoint index (as in quiz.json and /get_quiz_checkpoints).'),
    question: z.number().int().min(0).default(0).describe('0-based question index within the checkpoint.'),
    answer: z.union([z.number().int().min(0).max(3), z.string().min(1).max(500)]).describe('The chosen option: its index 0-3, or its text.'),
  })
  .strict()
  .refine(hasJobRef, needsJobRef);

export const QuizAnswerResultSchema = z.object({
  correct: z.boolean(),
  correct_option: z.string(),
  answer: z.number().int().describe('Index (0-3) of the right option.'),
  explanation: z.string(),
  slide: z.number().int().describe('1-based slide the question comes from (counting the deck without quiz slides).'),
});

export const CheckpointQuestionSchema = z.object({
  question: z.string(),
  options: z.array(z.string()).length(4),
  slide: z.number().int().describe('1-based slide the question comes from (counting the deck without quiz slides).'),
});

export const QuizCheckpointsSchema = z.object({
  status: z.literal('ok'),
  job_id: z.string(),
  project: z.string(),
  checkpoints: z.array(
    z.object({
      index: z.number().int().describe('0-based; what /submit_quiz_answer takes as `checkpoint`.'),
      after_slide: z.number().int().describe('1-based slide (counting the deck without quiz slides) the checkpoint follows.'),
      slide: z.number().int().nullable().describe('1-based slide of the checkpoint\'s first quiz slide in the rendered deck and video (null when the video has no quiz slides).'),
      time_sec: z.number().nullable().describe('Where the player pauses: the end of `after_slide` = the start of the checkpoint slide (null without timings).'),
      resume_sec: z.number().nullable().describe('Where to continue after answering: the end of the checkpoint\'s quiz slides.'),
      questions: z.array(CheckpointQuestionSchema).describe('The questions, without their answers.'),
    }),
  ),
});

export const GenerateQuizResultSchema = QuizCheckpointsSchema.extend({ quiz_path: z.string(), source: z.enum(['llm', 'offline']) });

export const DocumentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  kind: z.enum(['pdf', 'docx', 'md', 'html', 'txt']),
  chunks: z.number().int(),
});

export const UploadDocumentResultSchema = z.object({
  status: z.literal('ok'),
  collection: z.string(),
  document: DocumentSummarySchema,
  change: z.enum(['added', 'updated', 'unchanged']),
});

export const CollectionListSchema = z.object({
  collections: z.array(
    z.object({
      name: z.string(),
      documents: z.array(DocumentSummarySchema.extend({ bytes: z.number().int(), added_at: z.string() })),
    }),
  ),
});

export const UploadQuerySchema = z.object({ collection: CollectionNameSchema.optional(), token: z.string().optional() });

/** The deck a request may send (DeckSchema with the request limits). */
export { ApiDeckBodySchema, ApiDeckSchema };
