import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve-options.js';
import { withDefaults } from '../../src/config/with-defaults.js';
import { LectraError } from '../../src/errors.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-config-'));
}

describe('resolveOptions', () => {
  it('applies flag → env → config file → default, and says where each value came from', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'lectra.config.json'), JSON.stringify({ voice: 'fr', rate: 1.25, theme: 'dark', model: 'qwen2.5' }));
    const { options, sources } = resolveOptions({
      cwd,
      flags: { voice: 'en-us' },
      env: { LECTRA_RATE: '0.8', LECTRA_MODEL: '' },
    });
    expect(options.voice).toBe('en-us');
    expect(sources.voice).toEqual({ source: 'flag', from: '--voice' });
    expect(options.rate).toBe(0.8);
    expect(sources.rate).toEqual({ source: 'env', from: 'LECTRA_RATE' });
    expect(options.theme).toBe('dark');
    expect(sources.theme.source).toBe('config');
    expect(options.model).toBe('qwen2.5'); // empty env values do not count
    expect(options.tts).toBe('espeak');
    expect(sources.tts.source).toBe('default');
  });

  it('reads YAML config files and the flag spelling of keys', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'lectra.config.yaml'), 'llm-url: http://127.0.0.1:9999\nslides: 5\n');
    const { options } = resolveOptions({ cwd, env: {} });
    expect(options.llmUrl).toBe('http://127.0.0.1:9999');
    expect(options.slides).toBe(5);
  });

  it('rejects bad values naming where they came from', () => {
    expect(() => resolveOptions({ cwd: tempDir(), env: { LECTRA_RATE: 'fast' } })).toThrowError(/LECTRA_RATE.*number/);
    const error = (() => {
      try {
        resolveOptions({ cwd: tempDir(), env: {}, flags: { only: 'pptx,gif' } });
      } catch (e) {
        return e as LectraError;
      }
    })();
    expect(error?.code).toBe('bad-option');
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toMatch(/--only.*gif/);
  });

  it('rejects unknown keys in a config file', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'lectra.config.json'), JSON.stringify({ voise: 'x' }));
    expect(() => resolveOptions({ cwd, env: {} })).toThrowError(/unknown option voise/);
  });

  it('withDefaults fills every option for library callers', () => {
    const options = withDefaults({ slides: 3 });
    expect(options.slides).toBe(3);
    expect(options.only).toEqual(['deck', 'frames', 'pptx', 'audio', 'video']);
    expect(() => withDefaults({ slides: 0 })).toThrow(LectraError);
  });
});
