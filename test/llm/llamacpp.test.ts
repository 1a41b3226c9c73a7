import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LlmProvider } from '../../src/llm/contract.js';
import { parseJsonOutput } from '../../src/llm/json-output.js';
import { llamacppProvider } from '../../src/llm/providers/llamacpp.js';
import { hasNodeLlamaCpp, optionalTool } from '../support/optional-tool.js';
import { tinyLlamaGguf } from './tiny-gguf.js';

const installed = optionalTool('node-llama-cpp', hasNodeLlamaCpp());

const Answer = z.object({ answer: z.string().max(12), topics: z.array(z.string().max(8)).max(2) }).strict();

describe.skipIf(!installed)('llamacpp provider (tiny random-weight GGUF written by the test)', () => {
  let dir: string;
  let provider: LlmProvider;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-gguf-'));
    fs.writeFileSync(path.join(dir, 'tiny.gguf'), tinyLlamaGguf());
    provider = await llamacppProvider.setup({ modelFile: path.join(dir, 'tiny.gguf') });
  }, 300_000);
  afterAll(async () => {
    await provider?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers under a grammar made from the JSON Schema: the text parses and validates, streamed in chunks', async () => {
    const chunks: string[] = [];
    const schema = z.toJSONSchema(Answer) as Record<string, unknown>;
    const { text } = await provider.generate({ prompt: 'Answer in JSON.', schema, maxTokens: 400, onToken: (t) => chunks.push(t) });
    const parsed = parseJsonOutput(text, Answer);
    expect(parsed.ok, `${text} → ${parsed.ok ? '' : parsed.error}`).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(text);
  }, 300_000);

  it('stops on abort with the aborted code', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.generate({ prompt: 'x', signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
  });

  it('check() reports the model', async () => {
    expect(await provider.check()).toMatchObject({ ok: true });
  });

  it('a missing model file names the file; a corrupt one says it cannot be loaded', async () => {
    await expect(llamacppProvider.setup({ modelFile: path.join(dir, 'missing.gguf') })).rejects.toMatchObject({ code: 'file-not-found', message: expect.stringContaining('missing.gguf') });
    fs.writeFileSync(path.join(dir, 'broken.gguf'), Buffer.from('GGUF not really a model'));
    await expect(llamacppProvider.setup({ modelFile: path.join(dir, 'broken.gguf') })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('broken.gguf') });
    fs.writeFileSync(path.join(dir, 'short.gguf'), Buffer.from('GGUF'));
    await expect(llamacppProvider.setup({ modelFile: path.join(dir, 'short.gguf') })).rejects.toMatchObject({ code: 'bad-input' });
  }, 300_000);
});
