import { chromium, type BrowserContext } from 'playwright-core';

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
