import { afterEach, describe, expect, it, vi } from 'vitest';
import { optionalTool } from './optional-tool.js';

describe('optionalTool', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is true for a present tool, in CI or not', () => {
    expect(optionalTool('soffice', true, { CI: 'true' })).toBe(true);
    expect(optionalTool('soffice', true, {})).toBe(true);
  });

  it('skips a missing tool with a message outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(optionalTool('chromium', false, {})).toBe(false);
    expect(optionalTool('chromium', false, { CI: 'false' })).toBe(false);
    expect(warn).toHaveBeenCalledWith('skipping the chromium tests: chromium is not installed (apt-get install chromium).');
  });

  it('fails on a missing tool in CI, unless LECTRA_ALLOW_MISSING names it', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => optionalTool('soffice', false, { CI: 'true' })).toThrow(
      'soffice is missing, and CI runs every test: install it (apt-get install libreoffice-impress), or set LECTRA_ALLOW_MISSING=soffice to skip its tests on purpose.',
    );
    expect(() => optionalTool('soffice', false, { CI: '1', LECTRA_ALLOW_MISSING: 'chromium' })).toThrow('soffice is missing');
    expect(optionalTool('soffice', false, { CI: '1', LECTRA_ALLOW_MISSING: 'chromium, soffice' })).toBe(false);
  });
});
