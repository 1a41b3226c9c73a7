import type { LlmProviderSettings } from '../llm/contract.js';
import type { ResolvedOptions } from './options.js';

/** OLLAMA_HOST may be `host:port` without a scheme, as the Ollama CLI accepts. */
export function normaliseOllamaHost(value: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `http://${value}`;
  return withScheme.replace(/\/+$/, '');
}

/**
 * Settings for the chosen LLM provider. Keys come only from the environment (never a flag, so
 * they stay out of shell history and `ps`): LECTRA_LLM_KEY, else OPENAI_API_KEY.
 */
export function llmSettings(opts: ResolvedOptions, env: NodeJS.ProcessEnv = process.env): LlmProviderSettings {
  let url = opts.llmUrl;
  if (!url && opts.llm === 'ollama' && env.OLLAMA_HOST) url = normaliseOllamaHost(env.OLLAMA_HOST);
  const modelGiven = opts.model !== 'llama3.1' || opts.llm === 'ollama';
  return {
    url,
    // The default model name is Ollama's; other providers keep their own default unless one was chosen.
    model: modelGiven ? opts.model : undefined,
    apiKey: env.LECTRA_LLM_KEY || env.OPENAI_API_KEY || undefined,
    timeoutMs: opts.llmTimeout * 1000,
    modelFile: opts.modelFile,
  };
}
