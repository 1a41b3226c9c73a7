import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formatIssuePath } from '../deck/validate-deck.js';
import { HttpError } from './http-error.js';

type Part = 'params' | 'query' | 'body';

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** Non-JSON responses (video, images, event streams). */
  contentType?: string;
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path syntax: `/jobs/:id/files/*`. */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** What /openapi.json shows for the body when `body` validates more than it can describe (a v1 deck migrated first). */
  bodyDoc?: z.ZodType;
  /** A multipart/form-data body (uploads): documented only; the handler reads the parts itself. */
  multipart?: z.ZodType;
  responses: Record<number, RouteResponse>;
  /** Reachable without the bearer token (health checks, the UI shell, the docs). */
  public?: boolean;
  /** Left out of /openapi.json (the UI's own files). */
  hidden?: boolean;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

type Input<P, Q, B> = { params: P; query: Q; body: B };

/**
 * One route: its zod schemas validate the request (a 400 naming the first bad field) and the
 * same schemas feed /openapi.json, so the documentation is the validation.
 */
export function defineRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
  spec: Omit<RouteSpec, 'handler' | 'params' | 'query' | 'body'> & {
    params?: P;
    query?: Q;
    body?: B;
    handler: (input: Input<z.infer<P>, z.infer<Q>, z.infer<B>>, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  },
): RouteSpec {
  return {
    ...spec,
    handler: async (request, reply) => {
      const input = {
        params: parsePart(spec.params, request.params, 'params'),
        query: parsePart(spec.query, request.query, 'query'),
        body: parsePart(spec.body, request.body, 'body'),
      } as Input<z.infer<P>, z.infer<Q>, z.infer<B>>;
      return spec.handler(input, request, reply);
    },
  };
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: Part): unknown {
  if (!schema) return value;
  if (part === 'body' && value === undefined) throw new HttpError(400, 'bad-request', 'The request needs a JSON body (Content-Type: application/json).', { field: 'body' });
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues;
  const field = formatIssuePath(issues[0]!.path);
  const details = issues.map((issue) => `${part}.${formatIssuePath(issue.path)}: ${issue.message}`);
  throw new HttpError(400, 'bad-request', `Invalid ${part}: ${details[0]}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`, { field, details });
}
