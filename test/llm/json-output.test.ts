import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LlmProvider, LlmRequest } from '../../src/llm/contract.js';
import { extractJsonText, generateJson, parseJsonOutput } from '../../src/llm/json-output.js';
import { toModelJsonSchema } from '../../src/llm/model-json-schema.js';
import { isStrictCompatible } from '../../src/llm/providers/openai.js';
import { catchError } from './helpers.js';

const Schema = z.object({ title: z.string(), items: z.array(z.object({ text: z.string() })).min(1), note: z.string().default('') });

describe('parseJsonOutput', () => {
  it.each([
    ['plain JSON', '{"title":"A","items":[{"text":"x"}]}'],
    ['a fenced block with prose', 'Here you go:\n```json\n{"title":"A","items":[{"text":"x"}]}\n```\nEnjoy!'],
    ['prose around the object', 'Sure. {"title":"A","items":[{"text":"x"}]} Hope it helps {not json}'],
    ['trailing commas', '{"title":"A","items":[{"text":"x",},],}'],
    ['single quotes and bare keys', "{title: 'A', items: [{text: 'x'}]}"],
    ['an answer cut off mid-object', '{"title":"A","items":[{"text":"x"}'],
  ])('reads %s', (_, text) => {
    const result = parseJsonOutput(text, Schema);
    expect(result).toEqual({ ok: true, value: { title: 'A', items: [{ text: 'x' }], note: '' } });
  });

  it('keeps braces inside strings', () => {
    expect(extractJsonText('x {"a":"} ]","b":1} y')).toBe('{"a":"} ]","b":1}');
  });

  it('lists every failing path', () => {
    const result = parseJsonOutput('{"title": 3, "items": [{}]}', Schema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('- title: Invalid input: expected string, received number');
    expect(result.error).toContain('- items[0].text:');
  });

  it('says when there is no JSON at all', () => {
    expect(parseJsonOutput('I cannot help with that.', Schema)).toEqual({ ok: false, error: 'The answer contains no JSON object.' });
  });
});

describe('generateJson', () => {
  function scripted(answers: string[]): LlmProvider & { requests: LlmRequest[] } {
    const requests: LlmRequest[] = [];
    return {
      id: 'scripted',
      requests,
      generate: async (request) => {
        requests.push(request);
        return { text: answers[requests.length - 1] ?? '' };
      },
      check: async () => ({ ok: true, detail: '' }),
      close: async () => {},
    };
  }

  it('sends the JSON Schema and returns the validated value', async () => {
    const provider = scripted(['{"title":"A","items":[{"text":"x"}]}']);
    const value = await generateJson(provider, { system: 's', prompt: 'p', zodSchema: Schema });
    expect(value.title).toBe('A');
    expect(provider.requests[0]!.schema).toEqual(toModelJsonSchema(Schema));
    expect(provider.requests[0]!.system).toBe('s');
  });

  it('retries once with the problems, then fails with llm-bad-output', async () => {
    const provider = scripted(['{"title":"A","items":[]}', '{"items":[{"text":"x"}]}']);
    const error = await catchError(generateJson(provider, { prompt: 'p', zodSchema: Schema }));
    expect(error.code).toBe('llm-bad-output');
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[1]!.prompt).toMatch(/^p\n\nYour previous answer was rejected\.\n.*\n- items: Too small/);
    expect(error.details.join('\n')).toContain('- title:');
  });

  it('honours retries: 0', async () => {
    const provider = scripted(['nope', '{"title":"A","items":[{"text":"x"}]}']);
    await expect(generateJson(provider, { prompt: 'p', zodSchema: Schema }, { retries: 0 })).rejects.toMatchObject({
      code: 'llm-bad-output',
    });
    expect(provider.requests).toHaveLength(1);
  });
});

describe('toModelJsonSchema', () => {
  it('marks defaulted fields required, drops $schema and default, and is strict-compatible', () => {
    const schema = toModelJsonSchema(Schema);
    expect(schema.$schema).toBeUndefined();
    expect(schema.required).toEqual(['title', 'items', 'note']);
    expect(JSON.stringify(schema)).not.toContain('"default"');
    expect(isStrictCompatible(schema)).toBe(true);
    expect(isStrictCompatible(toModelJsonSchema(z.object({ a: z.string().optional() })))).toBe(false);
  });
});
