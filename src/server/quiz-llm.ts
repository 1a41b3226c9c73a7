import { llmSettings } from '../config/llm-settings.js';
import type { LectraOptions } from '../config/options.js';
import { resolveOptions } from '../config/resolve-options.js';
import type { LlmProvider } from '../llm/contract.js';
import { getLlmProviderDefinition } from '../llm/registry.js';

/**
 * The LLM that writes quiz questions for POST /generate_quiz: the server's own, when one was
 * chosen (a `lectra serve` flag, LECTRA_LLM or lectra.config), else none (offline questions).
 * The built-in default (a local Ollama) is not assumed to be there. The caller closes it.
 */
export async function quizLlm(serverDefaults: LectraOptions): Promise<LlmProvider | undefined> {
  const { options, sources } = resolveOptions({ flags: { ...serverDefaults, quiet: true } });
  if (options.llm === 'none' || sources.llm.source === 'default') return undefined;
  return getLlmProviderDefinition(options.llm).setup(llmSettings(options));
}
