import { LectraError } from '../errors.js';
import type { LlmProviderDefinition } from './contract.js';
import { llamacppProvider } from './providers/llamacpp.js';
import { noneProvider } from './providers/none.js';
import { ollamaProvider } from './providers/ollama.js';
import { openaiProvider } from './providers/openai.js';

/** Every LLM provider, by id. Fixed at build time: adding one means adding it here. */
export const llmProviders: ReadonlyMap<string, LlmProviderDefinition> = new Map(
  [ollamaProvider, openaiProvider, noneProvider, llamacppProvider].map((definition) => [definition.id, definition]),
);

export function getLlmProviderDefinition(id: string): LlmProviderDefinition {
  const definition = llmProviders.get(id);
  if (definition) return definition;
  throw new LectraError('unknown-provider', `Unknown LLM provider "${id}": use one of ${[...llmProviders.keys()].join(', ')} (--llm).`, {
    field: '--llm',
  });
}
