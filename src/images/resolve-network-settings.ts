import { LectraError } from '../errors.js';
import { IMAGE_DEFAULTS, type ImageProviderSettings } from './contract.js';

export interface NetworkSettings {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  licenses?: string[];
}

/** Settings with the defaults every network provider shares filled in, checked once at setup. */
export function resolveNetworkSettings(settings: ImageProviderSettings, defaultUrl: string, providerId: string): NetworkSettings {
  const baseUrl = (settings.url ?? defaultUrl).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch (cause) {
    throw new LectraError('bad-option', `The ${providerId} image provider URL "${baseUrl}" is not a valid URL — use e.g. ${defaultUrl}.`, {
      cause,
      field: '--image-url',
    });
  }
  const timeoutMs = settings.timeoutMs ?? IMAGE_DEFAULTS.timeoutMs;
  if (!(timeoutMs > 0)) {
    throw new LectraError('bad-option', `The image timeout must be a positive number of milliseconds (got ${timeoutMs}).`, { field: '--image-timeout' });
  }
  return {
    baseUrl,
    fetch: settings.fetch ?? globalThis.fetch,
    timeoutMs,
    maxBytes: settings.maxBytes ?? IMAGE_DEFAULTS.maxBytes,
    userAgent: settings.userAgent ?? IMAGE_DEFAULTS.userAgent,
    licenses: settings.licenses,
  };
}

/** The API key from settings, else from the provider's environment variable; a clear error without one. */
export function requireApiKey(settings: ImageProviderSettings, envVar: string, providerName: string, signupUrl: string): string {
  const key = settings.apiKey ?? process.env[envVar];
  if (key && key.trim()) return key.trim();
  throw new LectraError('bad-option', `${providerName} needs an API key: set ${envVar} (get one free at ${signupUrl}) or choose --images openverse.`, {
    field: envVar,
  });
}
