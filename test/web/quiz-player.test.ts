import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SHOTS, startWebUi, type WebUi } from './chromium.js';
import { optionalTool } from '../support/optional-tool.js';
import type { Quiz } from '../../src/documents/quiz-schema.js';
import { makeFactsPdf } from '../documents/make-fixtures.js';
import type { TestServer } from '../server/helpers.js';

const hasChromium = optionalTool('chromium', existsSync(CHROMIUM));

const NOTES = `---
title: Weather basics
---

# Weather basics
## A study-mode lecture

<!-- A short lecture with quiz checkpoints. -->

---

# Clouds

- Clouds form when water vapour condenses

<!-- Clouds form when rising water vapour cools and condenses into droplets. -->

---

# Rain

- Droplets merge until they fall

<!-- Raindrops grow as droplets merge, until they are heavy enough to fall. -->

---

# Wind

- Air moves from high to low pressure

<!-- Wind is air moving from areas of high pressure to areas of low pressure. -->

---

# Thunder

- Lightning heats the air suddenly

<!-- Thunder is the sound of air expanding after lightning heats it suddenly. -->
`;

describe.skipIf(!hasChromium)('study mode in the player (Chromium)', () => {
  let api: TestServer;
  let ui: WebUi;
  let page: Page;

  beforeAll(async () => {
    ui = await startWebUi('lectra-quiz-web-');
    ({ api, page } = ui);
  }, 300_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('uploads a document into a collection from the form', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.url}/`);
    await page.getByTestId('mode-documents').click();
    await page.getByTestId('collection').fill('course');
    const pdf = path.join(api.dataDir, 'iceland.pdf');
    await makeFactsPdf(pdf);
    await page.getByTestId('upload-file').setInputFiles(pdf);
    await page.getByTestId('doc-list').getByText('iceland.pdf').waitFor({ timeout: 20_000 });
    await page.getByTestId('quiz-toggle').check();
    await page.screenshot({ path: path.join(SHOTS, 'quiz-01-documents.png'), fullPage: true });
    // An unknown type is refused with the server's message.
    await page.getByTestId('upload-file').setInputFiles({ name: 'slides.pptx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK fake') });
    await expect(page.getByTestId('upload-error').textContent()).resolves.toMatch(/not supported.*\.pdf/);
    await expect(page.getByTestId('generate').isEnabled()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('stops at each checkpoint, checks a wrong and a right answer, then continues', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.url}/`);
    await page.getByTestId('mode-notes').click();
    await page.getByTestId('notes').fill(NOTES);
    await page.getByTestId('quiz-toggle').check();
    await page.getByTestId('quiz-every').fill('2');
    await page.screenshot({ path: path.join(SHOTS, 'quiz-02-study-toggle.png'), fullPage: true });
    await page.getByTestId('generate').click();
    await page.locator('[data-testid=timeline][data-state=done], [data-testid=timeline][data-state=failed]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('job-error').textContent({ timeout: 500 }).catch(() => null), 'the job failed').toBeNull();
    const jobId = /job=([a-z0-9-]+)/.exec(page.url())![1]!;
    const job = await (await fetch(`${api.url}/jobs/${jobId}`)).json();
    expect(job.options.quizEvery).toBe(2);
    const quiz = (await (await fetch(`${api.url}/jobs/${jobId}/files/quiz.json`)).json()) as Quiz;
    const { checkpoints } = await (await fetch(`${api.url}/get_quiz_checkpoints?job_id=${jobId}`)).json();
    expect(checkpoints).toHaveLength(2);
    await page.getByTestId('study-mode').waitFor();
    expect(await page.getByTestId('chapters').locator('li.quiz-chapter').count()).toBe(quiz.checkpoints.reduce((n, c) => n + c.questions.length, 0));

    // Play from just before the first checkpoint: the player stops at it by itself.
    const video = page.getByTestId('video');
    await video.scrollIntoViewIfNeeded();
    await playFrom(page, checkpoints[0].time_sec - 1.2);
    const card = page.getByTestId('quiz-card');
    await card.waitFor({ timeout: 20_000 });
    const paused = await page.evaluate(() => ({ paused: document.querySelector('video')!.paused, t: document.querySelector('video')!.currentTime }));
    expect(paused.paused).toBe(true);
    expect(Math.abs(paused.t - checkpoints[0].time_sec)).toBeLessThan(0.1);
    await expect(card.getAttribute('data-checkpoint')).resolves.toBe('0');
    const first = quiz.checkpoints[0]!.questions[0]!;
    await expect(page.getByTestId('quiz-question').textContent()).resolves.toBe(first.question);
    await page.screenshot({ path: path.join(SHOTS, 'quiz-03-checkpoint.png'), fullPage: true });

    // A wrong answer: "Incorrect", the right option and the explanation.
    await page.getByTestId(`quiz-option-${(first.answer + 1) % 4}`).click();
    const verdict = page.getByTestId('quiz-verdict');
    await verdict.waitFor();
    await expect(verdict.getAttribute('data-correct')).resolves.toBe('false');
    await expect(verdict.textContent()).resolves.toMatch(/incorrect/i);
    await expect(verdict.textContent()).resolves.toContain(first.options[first.answer]);
    if (first.explanation) await expect(page.getByTestId('quiz-explanation').textContent()).resolves.toBe(first.explanation);
    await page.screenshot({ path: path.join(SHOTS, 'quiz-04-incorrect.png'), fullPage: true });
    // The checkpoint's other questions, then Continue: the video plays on after the quiz slides.
    for (let q = 1; q < quiz.checkpoints[0]!.questions.length; q++) {
      await page.getByTestId('quiz-next').click();
      await page.getByTestId(`quiz-option-${quiz.checkpoints[0]!.questions[q]!.answer}`).click();
      await page.getByTestId('quiz-verdict').waitFor();
    }
    await page.getByTestId('quiz-continue').click();
    await card.waitFor({ state: 'detached' });
    await page.waitForFunction((after) => !document.querySelector('video')!.paused && document.querySelector('video')!.currentTime >= after, checkpoints[0].resume_sec - 0.05, { timeout: 10_000 });

    // The second checkpoint, answered rightly.
    await playFrom(page, checkpoints[1].time_sec - 1.2);
    await page.locator('[data-testid=quiz-card][data-checkpoint="1"]').waitFor({ timeout: 20_000 });
    const second = quiz.checkpoints[1]!.questions[0]!;
    await page.getByTestId(`quiz-option-${second.answer}`).click();
    await expect(page.getByTestId('quiz-verdict').getAttribute('data-correct')).resolves.toBe('true');
    await expect(page.getByTestId('quiz-verdict').textContent()).resolves.toMatch(/^✓ Correct/);
    await page.screenshot({ path: path.join(SHOTS, 'quiz-05-correct.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 300_000);
});

async function playFrom(page: Page, seconds: number): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 20_000 });
  await page.evaluate(async (t) => {
    const v = document.querySelector('video')!;
    v.muted = true;
    v.currentTime = Math.max(0, t);
    await v.play();
  }, seconds);
}
