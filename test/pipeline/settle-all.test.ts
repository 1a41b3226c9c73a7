import { describe, expect, it } from 'vitest';
import { LectraError } from '../../src/errors.js';
import { settleAll } from '../../src/pipeline/settle-all.js';

describe('settleAll', () => {
  it('returns every value in order', async () => {
    expect(await settleAll([Promise.resolve(1), 2, Promise.resolve('x')] as const)).toEqual([1, 2, 'x']);
  });

  it('waits for the slow sibling before rejecting, and prefers the real cause over aborts', async () => {
    let slowDone = false;
    const slow = new Promise((r) => setTimeout(() => r((slowDone = true)), 50));
    const aborted = Promise.reject(new LectraError('aborted', 'cancelled'));
    const real = Promise.reject(new LectraError('ffmpeg-failed', 'boom'));
    await expect(settleAll([aborted, slow, real])).rejects.toMatchObject({ code: 'ffmpeg-failed' });
    expect(slowDone).toBe(true);
  });
});
