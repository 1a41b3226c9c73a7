import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ioError } from '../../src/fs/io-error.js';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';

const errno = (code: string, extra: Record<string, string> = {}) => Object.assign(new Error(`${code}: failed`), { code, ...extra });

describe('ioError', () => {
  it('a full disk names the folder and the way out (exit 1)', async () => {
    // /dev/full answers every write with a real ENOSPC.
    const real = await writeFile('/dev/full', 'x').catch((error: unknown) => error);
    const error = ioError(real, '/dev/full')!;
    expect(error.code).toBe('io-failed');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('The disk holding /dev is full while writing /dev/full (ENOSPC): free some space there, or write elsewhere (-o <folder>, --cache-dir <folder>), and run again.');
  });

  it('without a path, names the fullest folder in use', () => {
    const error = ioError(errno('ENOSPC'), undefined, ['/nonexistent-folder', '/dev', undefined])!;
    // /dev (devtmpfs) has far less room than a missing folder (skipped): it is named.
    expect(error.message).toMatch(/^The disk holding \/dev is full \(ENOSPC\)/);
  });

  it.each([
    ['EACCES', 'Permission denied for /srv/out/deck.json (EACCES): make /srv/out writable for you, or write elsewhere (-o <folder>, --cache-dir <folder>).'],
    ['EROFS', '/srv/out is on a read-only file system while writing /srv/out/deck.json (EROFS): write elsewhere (-o <folder>, --cache-dir <folder>).'],
    ['EMFILE', 'Too many files are open (EMFILE): raise the limit (`ulimit -n 4096`) or use fewer --jobs.'],
  ])('%s', (code, message) => {
    expect(ioError(errno(code, { path: '/srv/out/deck.json' }))!.message).toBe(message);
  });

  it('leaves other failures alone', () => {
    expect(ioError(new Error('boom'))).toBeUndefined();
    expect(ioError(errno('ENOENT', { path: '/x' }))).toBeUndefined();
    expect(ioError(undefined)).toBeUndefined();
  });

  it('writeFileAtomic reports a read-only folder through it', async () => {
    const error = await writeFileAtomic('/proc/lectra-test.json', '{}').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^(io-failed|internal)$/) });
    expect((error as Error).message).toContain('/proc/lectra-test.json');
  });
});
