import { describe, expect, it } from 'vitest';
import { hasNodeLlamaCpp } from '../support/optional-tool.js';
import { readmeChoices } from '../support/readme-choices.js';
import { getLlmProviderDefinition, llmProviders } from '../../src/llm/registry.js';
import { catchError } from './helpers.js';

describe('LLM registry', () => {
  it('holds exactly the providers the README documents for --llm, each under its own id', () => {
    expect([...llmProviders.keys()].sort()).toEqual(readmeChoices('llm').sort());
    for (const [id, definition] of llmProviders) expect(definition.id).toBe(id);
  });

  it("rejects an unknown id with 'unknown-provider', listing the ids", async () => {
    const error = await catchError(Promise.resolve().then(() => getLlmProviderDefinition('gpt')));
    expect(error.code).toBe('unknown-provider');
    expect(error.message).toContain('ollama, openai, none, llamacpp');
    expect(error.exitCode).toBe(2);
  });

  it('none: generate explains how to get an LLM', async () => {
    const provider = await getLlmProviderDefinition('none').setup({});
    const error = await catchError(provider.generate({ prompt: 'x' }));
    expect(error.code).toBe('bad-input');
    expect(error.message).toBe(
      'Topic mode needs an LLM: pass --llm ollama (run `ollama serve`), --llm openai --llm-url <OpenAI-compatible server>, or --llm llamacpp --model-file <model.gguf>; notes mode (`lectra render notes.md`) works without one.',
    );
    expect((await provider.check()).ok).toBe(true);
  });

  const llamaInstalled = hasNodeLlamaCpp();

  it.skipIf(llamaInstalled)('llamacpp without node-llama-cpp: setup says to install it', async () => {
    const error = await catchError(getLlmProviderDefinition('llamacpp').setup({ modelFile: 'x.gguf' }));
    expect(error.code).toBe('bad-option');
    expect(error.message).toContain('npm install node-llama-cpp');
    expect(error.message).toContain('--model-file');
  });

  it.skipIf(!llamaInstalled)('llamacpp with node-llama-cpp: a missing --model-file is named', async () => {
    const error = await catchError(getLlmProviderDefinition('llamacpp').setup({ modelFile: 'x.gguf' }));
    expect(error.code).toBe('file-not-found');
    expect(error.message).toContain('x.gguf');
    expect(error.message).toContain('--model-file');
  });
});
