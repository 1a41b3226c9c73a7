import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { removeDir, startTestServer, type TestServer } from '../server/helpers.js';

/** Debian's Chromium (installed by .ci/run); browser tests skip with a message when it is absent. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium with a fresh profile. The background-networking flags keep it from calling
 * out on a machine with no network; autoplay lets the tests play the lecture without a click.
 */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the browser tests save their step screenshots (test artifacts). */
export const SHOTS = path.join(ROOT, 'test', '.tmp', 'web');

export interface WebUi {
  api: TestServer;
  page: Page;
  close(): Promise<void>;
}

/**
 * The built web UI, served by a test server with a fresh data folder (so a fresh render cache: the
 * first run computes everything), open in a fresh headless Chromium. Builds the UI with vite when
 * a checkout has only run tsc.
 */
export async function startWebUi(dataPrefix: string): Promise<WebUi> {
  if (!existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'web', 'vite.config.ts') });
  }
  await mkdir(SHOTS, { recursive: true });
  const api = await startTestServer({ dataDir: await mkdtemp(path.join(os.tmpdir(), dataPrefix)) });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'lectra-chromium-'));
  const context = await launchChromium(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    api,
    page,
    async close() {
      await context.close();
      await api.close();
      await rm(profile, { recursive: true, force: true });
      await removeDir(api.dataDir);
    },
  };
}
