import { LectraError } from '../../errors.js';
import type { Voice } from '../contract.js';
import { EDGE_TRUSTED_CLIENT_TOKEN, edgeHeaders, secMsGec, secMsGecVersion } from './edge-protocol.js';

/** One entry of the service's voices/list JSON (fields we read). */
interface EdgeVoiceEntry {
  ShortName?: string;
  FriendlyName?: string;
  Locale?: string;
  Gender?: string;
}

export interface FetchEdgeVoicesOptions {
  /** HTTP(S) URL of voices/list. */
  url: string;
  nowMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

/** The Edge voice list (GET voices/list with the same token as synthesis) → contract voices. */
export async function fetchEdgeVoices(options: FetchEdgeVoicesOptions): Promise<Voice[]> {
  const query = new URLSearchParams({ trustedclienttoken: EDGE_TRUSTED_CLIENT_TOKEN, 'Sec-MS-GEC': secMsGec(options.nowMs), 'Sec-MS-GEC-Version': secMsGecVersion() });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    const { Cookie: _cookie, ...headers } = edgeHeaders();
    response = await options.fetch(`${options.url}?${query}`, { headers, signal });
  } catch (error) {
    if (options.signal?.aborted) throw new LectraError('aborted', 'The run was cancelled.', { cause: options.signal.reason });
    const why = timeout.aborted ? `did not answer within ${options.timeoutMs / 1000}s` : `could not be reached (${(error as Error).message})`;
    throw new LectraError('speech-failed', `The Edge voice list at ${options.url} ${why} — check the network, or point --tts-url at a reachable endpoint.`, { cause: error, field: '--tts-url' });
  }
  if (!response.ok) {
    throw new LectraError('speech-failed', `The Edge voice list at ${options.url} answered HTTP ${response.status} — check --tts-url${response.status === 403 ? ' and the system clock (the service token is time-based)' : ''}.`, { field: '--tts-url' });
  }
  const entries = (await response.json()) as unknown;
  if (!Array.isArray(entries)) throw new LectraError('speech-failed', `The Edge voice list at ${options.url} is not a JSON array.`);
  return toVoices(entries as EdgeVoiceEntry[]);
}

function toVoices(entries: EdgeVoiceEntry[]): Voice[] {
  const seen = new Set<string>();
  const voices: Voice[] = [];
  for (const entry of entries) {
    const id = entry.ShortName?.trim();
    if (!id || /\s/.test(id) || seen.has(id)) continue;
    seen.add(id);
    const gender = entry.Gender?.toLowerCase();
    voices.push({
      id,
      name: friendlyName(entry.FriendlyName, id),
      languages: entry.Locale ? [entry.Locale] : [],
      ...(gender === 'male' || gender === 'female' ? { gender } : {}),
    });
  }
  return voices;
}

/** "Microsoft Aria Online (Natural) - English (United States)" → "Aria - English (United States)". */
function friendlyName(name: string | undefined, id: string): string {
  const match = /^Microsoft (.+?) Online \(Natural\) - (.+)$/.exec(name ?? '');
  if (match) return `${match[1]} - ${match[2]}`;
  return name?.trim() || id;
}
