import { describe, expect, it } from 'vitest';
import { LectraError } from '../../src/errors.js';
import { callWithRetries } from '../../src/llm/call-with-retries.js';
import { classifyFailure, parseRetryAfter } from '../../src/llm/classify-failure.js';
import { TransientLlmError } from '../../src/llm/transient-llm-error.js';
import { catchError } from './helpers.js';

const options = { timeoutMs: 1000, maxRetries: 2, retryDelayMs: 5, label: 'Test LLM' };

describe('callWithRetries', () => {
  it('retries transient failures and reports each retry', async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await callWithRetries(
      async () => {
        calls++;
        if (calls < 3) throw new TransientLlmError('llm-failed', 'busy');
        return 'ok';
      },
      { ...options, onRetry: ({ attempt }) => retries.push(attempt) },
    );
    expect(value).toBe('ok');
    expect(retries).toEqual([1, 2]);
  });

  it('does not retry final errors', async () => {
    let calls = 0;
    const error = await catchError(
      callWithRetries(async () => {
        calls++;
        throw new LectraError('llm-auth', 'bad key');
      }, options),
    );
    expect(error.code).toBe('llm-auth');
    expect(calls).toBe(1);
  });

  it('waits what Retry-After asks', async () => {
    let calls = 0;
    const started = Date.now();
    await callWithRetries(async () => {
      if (++calls === 1) throw new TransientLlmError('llm-failed', 'slow down', { retryAfterMs: 200 });
      return 'ok';
    }, options);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('tells a timeout from a caller abort by the signals', async () => {
    const never = (signal: AbortSignal) =>
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('some text'))));
    const timeout = await catchError(callWithRetries(never, { ...options, timeoutMs: 50 }));
    expect(timeout.code).toBe('llm-failed');
    expect(timeout.message).toContain('--llm-timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const aborted = await catchError(callWithRetries(never, { ...options, signal: controller.signal }));
    expect(aborted.code).toBe('aborted');
  });

  it('wraps unknown errors as llm-failed', async () => {
    const error = await catchError(callWithRetries(async () => Promise.reject(new Error('weird')), options));
    expect(error).toMatchObject({ code: 'llm-failed', message: 'Test LLM failed: weird' });
  });
});

describe('classifyFailure', () => {
  const context = { label: 'X', unreachableMessage: 'nobody home', everConnected: false };
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

  it('refused on first contact is final; after a success it is transient', () => {
    expect(classifyFailure({ kind: 'network', error: refused }, context)).not.toBeInstanceOf(TransientLlmError);
    expect(classifyFailure({ kind: 'network', error: refused }, { ...context, everConnected: true })).toBeInstanceOf(TransientLlmError);
  });

  it('5xx and 429 are transient, other statuses final', () => {
    expect(classifyFailure({ kind: 'http', status: 503, message: '' }, context)).toBeInstanceOf(TransientLlmError);
    const limited = classifyFailure({ kind: 'http', status: 429, message: '', retryAfter: '3' }, context) as TransientLlmError;
    expect(limited.retryAfterMs).toBe(3000);
    expect(classifyFailure({ kind: 'http', status: 400, message: 'bad' }, context)).not.toBeInstanceOf(TransientLlmError);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
