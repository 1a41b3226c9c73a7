import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SHOTS, startWebUi, type WebUi } from './chromium.js';
import { optionalTool } from '../support/optional-tool.js';
import { readEvents, type TestServer } from '../server/helpers.js';

const hasChromium = optionalTool('chromium', existsSync(CHROMIUM));

const NOTES = `---
title: Browser test lecture
---

# Browser test lecture
## Three slides

<!-- This lecture checks the web interface from end to end. -->

---

# Second slide

- Edited in the browser
  - A sub-item that must survive the edit
    - [x] A *third-level* task
- Then re-rendered

A paragraph under the list.

<!-- The original narration of the second slide. -->

---

# Third slide

- Stays as it was

<!-- The third slide does not change. -->
`;

/** Slide 2's list as the editor shows it: one item per line, two spaces a level, text as written. */
const SLIDE_2_ITEMS = 'Edited in the browser\n  A sub-item that must survive the edit\n    [x] A *third-level* task\nThen re-rendered';
/** What the test types: one item changed, one sub-item added, the others as they were. */
const SLIDE_2_EDITED = 'Edited in the browser\n  A sub-item that must survive the edit\n    [x] A *third-level* task\nThen **re-rendered**\n  A sub-item added in the browser';

describe.skipIf(!hasChromium)('web UI in Chromium', () => {
  let api: TestServer;
  let ui: WebUi;
  let page: Page;

  beforeAll(async () => {
    ui = await startWebUi('lectra-web-');
    ({ api, page } = ui);
  }, 300_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('generates from pasted notes, plays the video, edits slide 2 and re-renders it', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.url}/`);
    await page.getByTestId('notes').fill(NOTES);
    await page.screenshot({ path: path.join(SHOTS, '01-notes.png'), fullPage: true });

    await page.getByTestId('generate').click();
    await page.getByTestId('timeline-row-1').waitFor();
    await page.screenshot({ path: path.join(SHOTS, '02-rendering.png'), fullPage: true });
    await page.locator('[data-testid=timeline][data-state=done], [data-testid=timeline][data-state=failed]').waitFor({ timeout: 90_000 });
    const failure = await page.getByTestId('job-error').textContent({ timeout: 500 }).catch(() => null);
    expect(failure, 'the job failed').toBeNull();
    // The timeline filled: every slide's frame and speech cell finished.
    for (const slide of [1, 2, 3]) {
      for (const stage of ['layout', 'frames', 'speech']) {
        await expect(page.locator(`[data-testid=timeline-row-${slide}] [data-stage=${stage}]`).getAttribute('data-status')).resolves.toBe('done');
      }
    }
    await page.getByTestId('thumb-3').waitFor();
    const jobId = /job=([a-z0-9-]+)/.exec(page.url())![1]!;

    // The video element plays: currentTime advances.
    const video = page.getByTestId('video');
    await video.scrollIntoViewIfNeeded();
    await page.evaluate(async () => {
      const v = document.querySelector('video')!;
      v.muted = true;
      await v.play();
    });
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => document.querySelector('video')!.textTracks.length)).toBe(1);
    const job = await (await fetch(`${api.url}/jobs/${jobId}`)).json();
    const duration = await page.evaluate(() => document.querySelector('video')!.duration);
    expect(Math.abs(duration - job.result.durationSec), `video ${duration}s, narration ${job.result.durationSec}s`).toBeLessThan(0.5);
    expect(await page.getByTestId('chapters').locator('li').count()).toBe(3);
    await page.screenshot({ path: path.join(SHOTS, '03-done-video.png'), fullPage: true });

    const before = await (await fetch(`${api.url}/jobs/${jobId}/files/deck.json`)).json();

    // Edit slide 2's list and narration and re-render. Its sub-items are in the field, indented.
    await page.evaluate(() => document.querySelector('video')!.pause());
    await page.getByTestId('thumb-2').click();
    await expect(page.getByTestId('edit-bullets').inputValue()).resolves.toBe(SLIDE_2_ITEMS);
    await expect(page.getByTestId('slide-editor').textContent()).resolves.toContain('List items (one per line; indent two spaces for a sub-item)');
    await page.getByTestId('edit-bullets').fill(SLIDE_2_EDITED);
    await page.getByTestId('edit-narration').fill('A brand new narration for the second slide, recorded after an edit.');
    await page.screenshot({ path: path.join(SHOTS, '04-edit.png'), fullPage: true });
    await page.getByTestId('rerender').click();
    await page.getByTestId('rerender-summary').waitFor({ timeout: 90_000 });
    await page.screenshot({ path: path.join(SHOTS, '05-rerendered.png'), fullPage: true });

    // The re-rendered video matches the new narration's length.
    const rerendered = await (await fetch(`${api.url}/jobs/${jobId}`)).json();
    await page.waitForFunction(() => Number.isFinite(document.querySelector('video')?.duration), undefined, { timeout: 20_000 });
    const newDuration = await page.evaluate(() => document.querySelector('video')!.duration);
    expect(Math.abs(newDuration - rerendered.result.durationSec), `video ${newDuration}s, narration ${rerendered.result.durationSec}s`).toBeLessThan(0.5);

    // Which slides re-rendered, from the run's own events.
    const events = await readEvents(`${api.url}/jobs/${jobId}/events?run=2`);
    expect(events.at(-1)!.event).toBe('done');
    const speech = events.filter((e) => e.event === 'progress' && e.data.type === 'task-finished' && e.data.task.stage === 'speech');
    const recomputed = speech.filter((e) => !e.data.cached).map((e) => e.data.task.slide as number);
    expect(recomputed).toContain(2);
    const cacheInUse = events.some((e) => e.data?.cached === true);
    if (cacheInUse) expect(recomputed).toEqual([2]);
    else console.warn('[web-ui] the render cache is not in place yet: every slide re-rendered (expected: only slide 2 once it lands)');
    const shown = await page.getByTestId('rerender-summary').getAttribute('data-slides');
    const frameRecomputed = events.filter((e) => e.data?.type === 'task-finished' && e.data.task.stage === 'frames' && !e.data.cached).map((e) => e.data.task.slide as number);
    expect(shown!.split(',').map(Number)).toEqual([...new Set([...recomputed, ...frameRecomputed])].sort((a, b) => a - b));
    const deck = await (await fetch(`${api.url}/jobs/${jobId}/files/deck.json`)).json();
    expect(deck.slides[1].narration).toBe('A brand new narration for the second slide, recorded after an edit.');
    // The list took the edit with every sub-item (the checked task too); the paragraph after it
    // and the other slides are as they were.
    expect(deck.slides[1].blocks).toEqual([
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [
          { text: 'Edited in the browser', level: 0 },
          { text: 'A sub-item that must survive the edit', level: 1 },
          { text: 'A *third-level* task', level: 2, checked: true },
          { text: 'Then **re-rendered**', level: 0 },
          { text: 'A sub-item added in the browser', level: 1 },
        ],
      },
      { type: 'paragraph', text: 'A paragraph under the list.' },
    ]);
    expect(deck.slides[2].blocks).toEqual([{ type: 'list', ordered: false, start: 1, items: [{ text: 'Stays as it was', level: 0 }] }]);
    expect(deck.slides[0]).toEqual(before.slides[0]);
    expect(deck.slides[2]).toEqual(before.slides[2]);
    // The editor, opened on the re-rendered deck, shows the edited list.
    await expect.poll(() => page.getByTestId('edit-bullets').inputValue(), { timeout: 10_000 }).toBe(SLIDE_2_EDITED);

    // Every download link answers 200.
    const hrefs = await page.locator('[data-testid=downloads] a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThanOrEqual(5);
    for (const href of hrefs) {
      const response = await fetch(href);
      expect(response.status, href).toBe(200);
      await response.arrayBuffer();
    }
    expect(errors).toEqual([]);
  }, 300_000);
});
