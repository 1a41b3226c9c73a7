import path from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { loadFastify } from '../heavy-deps.js';
import type { LectraOptions } from '../config/options.js';
import type { EmbeddingProvider } from '../documents/embedding-provider.js';
import { LectraError } from '../errors.js';
import { buildOpenApi } from './build-openapi.js';
import { defaultDataDir } from './default-data-dir.js';
import type { RouteSpec } from './define-route.js';
import { errorBody } from './error-body.js';
import { JobManager } from './job-manager.js';
import { JobStore } from './job-store.js';
import { normaliseOrigin, requestGuard } from './request-guard.js';
import { documentRoutes } from './routes/document-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { metaRoutes } from './routes/meta-routes.js';
import { quizRoutes } from './routes/quiz-routes.js';
import { seedRoutes } from './routes/seed-routes.js';
import { ServerCollections } from './server-collections.js';
import { LECTRA_VERSION, PACKAGE_ROOT } from '../package-root.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without the bearer token (see RouteSpec.public). */
    public?: boolean;
  }
}

export interface ServerOptions {
  /** Default 127.0.0.1. Anything but loopback needs `token`. */
  host?: string;
  /** Default 8765; 0 picks a free port. */
  port?: number;
  /** Bearer token required on every route but health, docs and the UI shell. */
  token?: string;
  /** Jobs live in `<dataDir>/jobs`. Default: the user's data folder (see defaultDataDir). */
  dataDir?: string;
  /** Jobs rendering at once. Default 1: one render already keeps every core busy. */
  maxRunning?: number;
  /** Jobs waiting; one more answers 429. Default 16. */
  maxQueued?: number;
  /** Largest request body in bytes. Default 5 MB. */
  bodyLimit?: number;
  /** Largest document POST /upload_document accepts, in bytes. Default 50 MB. */
  maxUploadBytes?: number;
  /** Embeds uploaded documents' chunks (hybrid search); keyword search only without it. */
  embedder?: EmbeddingProvider;
  /** Server-side render options (LLM/TTS URLs, binaries…), under each request's own options. */
  defaults?: LectraOptions;
  /** Fastify logger setting; off by default (the library never prints). */
  logger?: FastifyServerOptions['logger'];
  /** Folder with the built UI; default dist/web of this package. */
  webRoot?: string;
  /**
   * Origins of other front ends allowed to call the API from a browser (`scheme://host[:port]`,
   * e.g. `tauri://localhost`, `http://localhost:1420`); they get CORS answers. Any other page's
   * requests are refused with 403.
   */
  allowOrigins?: string[];
  /**
   * Fetches the http(s) images of submitted decks and notes (default the global fetch). They are
   * fetched at submission, checked and stored in the job's folder, like data: URIs.
   */
  imageFetch?: typeof fetch;
  /** Largest picture a deck may bring (fetched or as a data: URI), in bytes. Default 10 MB. */
  maxImageBytes?: number;
}

export interface LectraServer {
  app: FastifyInstance;
  manager: JobManager;
  /** Starts listening; answers the base URL, e.g. http://127.0.0.1:8765. */
  listen(): Promise<string>;
  /** Stops running jobs (marked interrupted), then the HTTP server. */
  close(): Promise<void>;
}

const version = LECTRA_VERSION;
const DEFAULT_WEB_ROOT = path.join(PACKAGE_ROOT, 'dist', 'web');

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Builds the HTTP server (Fastify): job API, the original endpoints, OpenAPI, docs and the web UI. */
export async function createServer(options: ServerOptions = {}): Promise<LectraServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  if (!loopback && !options.token) {
    throw new LectraError('bad-option', `--host ${host} makes the server reachable from other machines: also pass --token <secret> (clients then send Authorization: Bearer <secret>).`, { field: '--token' });
  }
  const allowOrigins = (options.allowOrigins ?? []).map((origin) => normaliseOrigin(origin));
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  const store = new JobStore(path.join(dataDir, 'jobs'));
  // The same <data>/collections folder `lectra docs` uses (both default to the user's data folder).
  const collections = new ServerCollections(path.join(dataDir, 'collections'), { maxBytes: options.maxUploadBytes ?? 50 * 1024 * 1024, embedder: options.embedder });
  const { Fastify, multipart: fastifyMultipart, statics: fastifyStatic } = await loadFastify();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 5 * 1024 * 1024, forceCloseConnections: true });
  const manager = new JobManager({
    store,
    maxRunning: options.maxRunning ?? 1,
    maxQueued: options.maxQueued ?? 16,
    defaults: options.defaults ?? {},
    collections,
    images: { fetch: options.imageFetch, maxBytes: options.maxImageBytes },
    onJobError: (id, error) => app.log.error({ err: error, job: id }, 'job failed'),
  });
  await manager.init();

  let openapi: Record<string, unknown> | undefined;
  const routes: RouteSpec[] = [];
  routes.push(
    ...jobRoutes(manager),
    ...seedRoutes(manager),
    ...documentRoutes(collections),
    ...quizRoutes(manager, options.defaults ?? {}),
    ...metaRoutes({ manager, version, startedAt: Date.now(), webRoot: options.webRoot ?? DEFAULT_WEB_ROOT, openapi: () => (openapi ??= buildOpenApi(routes, { version, auth: Boolean(options.token) })) }),
  );

  await app.register(fastifyStatic, { serve: false });
  // Uploads are streamed part by part (POST /upload_document sets its own limits per request).
  await app.register(fastifyMultipart, { limits: { fileSize: options.maxUploadBytes ?? 50 * 1024 * 1024, files: 1, parts: 12 } });
  app.addHook('onRequest', requestGuard({ token: options.token, loopback, allowOrigins }));
  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = errorBody(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).headers(headers).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ status: 'error', error: { code: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}: see /docs for the API.` } }),
  );
  for (const route of routes) app.route({ method: route.method, url: route.url, config: { public: route.public ?? false }, handler: route.handler });

  return {
    app,
    manager,
    listen: () => app.listen({ host, port: options.port ?? 8765 }),
    close: async () => {
      await manager.close();
      await app.close();
    },
  };
}
