import { isLectraError } from '../errors.js';
import { ioError } from '../fs/io-error.js';
import { HttpError, httpStatusFor } from './http-error.js';

export interface ErrorBody {
  status: 'error';
  error: { code: string; message: string; field?: string; slide?: number; details?: string[] };
}

/** The one JSON shape every failed request answers with, whatever threw. */
export function errorBody(thrown: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  // A full disk or an unwritable folder says so, instead of "unexpected failure".
  const error = isLectraError(thrown) ? thrown : (ioError(thrown) ?? thrown);
  const status = httpStatusFor(error);
  if (error instanceof HttpError) {
    return { status, headers: error.headers, body: wrap({ code: error.code, message: error.message, field: error.field, details: error.details }) };
  }
  if (isLectraError(error)) {
    return { status, headers: {}, body: wrap({ code: error.code, message: error.message, field: error.field, slide: error.slide, details: error.details }) };
  }
  const fastifyCode = (error as { code?: string })?.code;
  // Fastify's own 4xx errors (bad JSON, body too large, unsupported type) keep their message.
  if (status < 500) return { status, headers: {}, body: wrap({ code: fastifyCode ?? 'bad-request', message: (error as Error).message }) };
  return { status, headers: {}, body: wrap({ code: 'internal', message: 'Unexpected server failure; see the server log (run `lectra serve --log`).' }) };
}

function wrap(error: ErrorBody['error']): ErrorBody {
  const clean = Object.fromEntries(Object.entries(error).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  return { status: 'error', error: clean as ErrorBody['error'] };
}
