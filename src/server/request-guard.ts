import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LectraError } from '../errors.js';
import { HttpError } from './http-error.js';

export interface GuardOptions {
  /** Bearer token every non-public route needs; undefined = no auth (loopback only). */
  token?: string;
  /** Bound to loopback: then only loopback Host headers are accepted (blocks DNS rebinding). */
  loopback: boolean;
  /** Other front ends' origins (`scheme://host[:port]`, normalised by normaliseOrigin) that may call the API. */
  allowOrigins?: string[];
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;
const LOOPBACK_NAME = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s@]+$/;

/** What an allowed front end may send: the API's methods and the headers its calls use. */
const CORS_METHODS = 'GET, POST, PUT, DELETE';
const CORS_HEADERS = 'authorization, content-type, last-event-id';
/** Headers a front end needs to read from answers (a job's URL, when to retry, byte ranges). */
const CORS_EXPOSE = 'location, retry-after, content-range, accept-ranges, content-length';

/**
 * `tauri://localhost/` → `tauri://localhost`: lower case, no trailing slash. Not URL#origin, which
 * is "null" for non-web schemes such as tauri://. Throws a bad-option error naming `flag`.
 */
export function normaliseOrigin(origin: string, flag = '--allow-origin'): string {
  const clean = origin.trim().replace(/\/+$/, '').toLowerCase();
  if (!ORIGIN.test(clean)) {
    throw new LectraError('bad-option', `${flag} "${origin}" is not an origin: give scheme://host[:port] with no path, e.g. http://localhost:1420 or tauri://localhost.`, { field: flag });
  }
  return clean;
}

/**
 * The onRequest check:
 * - a foreign Host header on a loopback server is refused (a web page on another site cannot drive
 *   the API through DNS rebinding);
 * - a request a browser sent from another site is refused: an `Origin` that is not this server's
 *   own (same scheme, host and port as the Host header, or a loopback alias of it), or
 *   `Sec-Fetch-Site: cross-site` — otherwise any page the user visits could POST jobs and uploads to
 *   127.0.0.1 with a plain form. Following a link to the UI (a GET navigation) is still fine: it
 *   changes nothing and the page then runs same-origin. Origins given with `--allow-origin` (a
 *   desktop front end) pass and get CORS answers, preflights included;
 * - with a token every route except the public ones needs `Authorization: Bearer <token>` (or
 *   `?token=` where a browser cannot set headers: EventSource, <video>, download links).
 */
export function requestGuard(options: GuardOptions) {
  const expected = options.token ? Buffer.from(options.token) : undefined;
  const allowed = new Set(options.allowOrigins ?? []);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> => {
    const host = request.headers.host ?? '';
    if (options.loopback && !LOOPBACK_HOST.test(host)) {
      throw new HttpError(403, 'forbidden-host', 'This server only answers requests addressed to localhost / 127.0.0.1.');
    }
    const origin = request.headers.origin;
    if (origin !== undefined && allowed.has(origin.toLowerCase())) {
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', CORS_EXPOSE);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        // The preflight answers before the token check: browsers never send credentials on it.
        return reply.code(204).header('access-control-allow-methods', CORS_METHODS).header('access-control-allow-headers', CORS_HEADERS).header('access-control-max-age', '600').send();
      }
    } else if (origin !== undefined && !isOwnOrigin(origin, host, request.protocol)) {
      throw new HttpError(403, 'forbidden-origin', `Requests from ${origin} are refused: this server only answers its own pages and non-browser clients. To let another front end call it, start it with \`lectra serve --allow-origin ${origin}\`.`);
    } else if (request.headers['sec-fetch-site'] === 'cross-site' && !isNavigation(request)) {
      throw new HttpError(403, 'forbidden-origin', 'Cross-site requests are refused (Sec-Fetch-Site: cross-site): call the API from its own pages, a non-browser client, or an origin allowed with `lectra serve --allow-origin <origin>`.');
    }
    if (!expected || (request.routeOptions.config as { public?: boolean } | undefined)?.public) return;
    const header = request.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7) : ((request.query as Record<string, unknown> | undefined)?.token as string | undefined);
    const bytes = typeof given === 'string' ? Buffer.from(given) : undefined;
    const ok = bytes !== undefined && bytes.length === expected.length && timingSafeEqual(bytes, expected);
    if (!ok) throw new HttpError(401, 'unauthorized', 'Missing or wrong token: send `Authorization: Bearer <token>` (the one given to `lectra serve --token`).', { headers: { 'www-authenticate': 'Bearer' } });
  };
}

/** Same scheme, host and port as the Host header the request was sent to; loopback names are aliases of each other. */
function isOwnOrigin(origin: string, host: string, protocol: string): boolean {
  let theirs: URL;
  let ours: URL;
  try {
    theirs = new URL(origin);
    ours = new URL(`${protocol}://${host}`);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
  if (theirs.protocol !== ours.protocol || theirs.port !== ours.port) return false;
  return theirs.hostname === ours.hostname || (LOOPBACK_NAME.test(theirs.hostname) && LOOPBACK_NAME.test(ours.hostname));
}

/** A top-level GET/HEAD navigation (the user followed a link): it reads a page and cannot change anything. */
function isNavigation(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && request.headers['sec-fetch-mode'] === 'navigate';
}
