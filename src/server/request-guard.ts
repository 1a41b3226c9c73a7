import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

export interface GuardOptions {
  /** Bearer token every non-public route needs; undefined = no auth (loopback only). */
  token?: string;
  /** Bound to loopback: then only loopback Host headers are accepted (blocks DNS rebinding). */
  loopback: boolean;
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/**
 * The onRequest check: a foreign Host header on a loopback server is refused (a web page on
 * another site cannot drive the API through DNS rebinding), and with a token every route except
 * the public ones needs `Authorization: Bearer <token>` (or `?token=` where a browser cannot set
 * headers: EventSource, <video>, download links).
 */
export function requestGuard(options: GuardOptions) {
  const expected = options.token ? Buffer.from(options.token) : undefined;
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (options.loopback && !LOOPBACK_HOST.test(request.headers.host ?? '')) {
      throw new HttpError(403, 'forbidden-host', 'This server only answers requests addressed to localhost / 127.0.0.1.');
    }
    if (!expected || (request.routeOptions.config as { public?: boolean } | undefined)?.public) return;
    const header = request.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : ((request.query as Record<string, unknown> | undefined)?.token as string | undefined);
    const bytes = typeof given === 'string' ? Buffer.from(given) : undefined;
    const ok = bytes !== undefined && bytes.length === expected.length && timingSafeEqual(bytes, expected);
    if (!ok) throw new HttpError(401, 'unauthorized', 'Missing or wrong token: send `Authorization: Bearer <token>` (the one given to `lectra serve --token`).', { headers: { 'www-authenticate': 'Bearer' } });
  };
}
