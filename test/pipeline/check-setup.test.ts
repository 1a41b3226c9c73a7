import { describe, expect, it } from 'vitest';
import { chromiumCheck, nodeCheck } from '../../src/pipeline/check-setup.js';

describe('nodeCheck', () => {
  it.each([
    ['22.12.0', true],
    ['22.23.3', true],
    ['24.1.0', true],
    ['26.0.0', true],
    ['22.11.0', false],
    ['20.20.2', false],
    ['23.5.0', false],
    ['25.0.0', false],
  ])('Node %s supported: %s', (version, ok) => {
    const check = nodeCheck(version);
    expect(check.ok).toBe(ok);
    expect(check.required).toBe(true);
    if (!ok) expect(check.detail).toBe(`v${version} is not supported: use Node.js 22 or 24 (e.g. \`npm install -g node@22\`)`);
  });
});

describe('chromiumCheck', () => {
  it('is optional, and says what it is for and how to get it', () => {
    expect(chromiumCheck('/usr/bin/chromium')).toMatchObject({ name: 'chromium', ok: true, required: false, detail: expect.stringContaining('/usr/bin/chromium') });
    expect(chromiumCheck(undefined)).toMatchObject({ name: 'chromium', ok: false, required: false, detail: expect.stringContaining('apt install chromium') });
  });
});
