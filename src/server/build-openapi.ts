import { z } from 'zod';
import { ApiDeckSchema } from './api-deck-schema.js';
import type { RouteSpec } from './define-route.js';

type Json = Record<string, unknown>;

/** zod → JSON Schema (2020-12, which OpenAPI 3.1 uses as is), without the `$schema` key. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** Path and query parameters from a zod object's properties. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties)
    .filter(([name]) => name !== 'token')
    .map(([name, property]) => ({
      name: name === '*' ? 'name' : name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(property.description ? { description: property.description } : {}),
      schema: property,
    }));
}

/** `/jobs/:id/files/*` → `/jobs/{id}/files/{name}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\*$/, '{name}');
}

/** The OpenAPI 3.1 document, generated from the same route table and zod schemas the server validates with. */
export function buildOpenApi(routes: RouteSpec[], info: { version: string; auth: boolean }): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes.filter((r) => !r.hidden)) {
    const operation: Json = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      operationId: `${route.method.toLowerCase()}${openApiPath(route.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.bodyDoc ?? route.body, 'input') } } } } : {}),
      ...(route.multipart ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: jsonSchema(route.multipart, 'input') } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.schema ? { content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } } : {}),
            ...(response.contentType ? { content: { [response.contentType]: {} } } : {}),
          },
        ]),
      ),
      ...(route.public ? { security: [] } : {}),
    };
    const key = openApiPath(route.url);
    paths[key] = { ...(paths[key] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'LECTRA API',
      version: info.version,
      description: 'Turn a topic, Markdown notes or a deck.json into a narrated lecture (PPTX, MP4 with subtitles and chapters). Jobs are queued, stream progress as server-sent events and keep their files on disk.',
    },
    servers: [{ url: '/' }],
    ...(info.auth ? { security: [{ bearer: [] }] } : {}),
    components: {
      schemas: { Deck: jsonSchema(ApiDeckSchema, 'input') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Needed when the server was started with --token. Browsers may pass ?token= instead (event streams and media cannot set headers).' } },
    },
    paths,
  };
}
