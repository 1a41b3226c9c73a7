import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HealthSchema } from '../api-schemas.js';
import { defineRoute, type RouteSpec } from '../define-route.js';
import { docsPage } from '../docs-page.js';
import type { JobManager } from '../job-manager.js';

export interface MetaContext {
  manager: JobManager;
  version: string;
  startedAt: number;
  /** Built lazily: it describes every route, these included. */
  openapi: () => Record<string, unknown>;
  /** dist/web, where `vite build` puts the UI. */
  webRoot: string;
}

const UI_MISSING = `<!doctype html><meta charset="utf-8"><title>LECTRA</title>
<p style="font:16px system-ui;margin:40px">The web UI is not built. Run <code>npm run build</code> (it runs <code>vite build</code>), then reload. The API works meanwhile: see <a href="docs">/docs</a>.</p>`;

/** Health, the OpenAPI document, the docs page and the web UI's files. */
export function metaRoutes(ctx: MetaContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/health',
      tag: 'server',
      summary: 'Health and queue state',
      public: true,
      responses: { 200: { description: 'Healthy.', schema: HealthSchema } },
      handler: async () => ({ status: 'ok', version: ctx.version, uptimeSec: Math.round((Date.now() - ctx.startedAt) / 1000), jobs: ctx.manager.stats() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/openapi.json',
      tag: 'server',
      summary: 'This OpenAPI document',
      public: true,
      responses: { 200: { description: 'OpenAPI 3.1.', schema: z.record(z.string(), z.unknown()) } },
      handler: async () => ctx.openapi(),
    }),
    defineRoute({
      method: 'GET',
      url: '/docs',
      tag: 'server',
      summary: 'API documentation page',
      public: true,
      responses: { 200: { description: 'HTML.', contentType: 'text/html' } },
      handler: async (_input, _request, reply) => reply.type('text/html; charset=utf-8').send(docsPage(ctx.openapi())),
    }),
    defineRoute({
      method: 'GET',
      url: '/',
      tag: 'server',
      summary: 'The web UI',
      public: true,
      hidden: true,
      responses: { 200: { description: 'HTML.', contentType: 'text/html' } },
      handler: async (_input, _request, reply) => {
        if (!existsSync(path.join(ctx.webRoot, 'index.html'))) return reply.type('text/html; charset=utf-8').send(UI_MISSING);
        return reply.header('cache-control', 'no-cache').sendFile('index.html', ctx.webRoot);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/assets/*',
      tag: 'server',
      summary: "The web UI's scripts and styles",
      public: true,
      hidden: true,
      responses: { 200: { description: 'A file.' } },
      // @fastify/send refuses `..` and dotfiles under its root; Vite names these files by content hash.
      handler: async (_input, request, reply) => reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${(request.params as Record<string, string>)['*']}`, ctx.webRoot),
    }),
  ];
}
