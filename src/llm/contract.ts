/**
 * The LLM provider contract. A provider answers one prompt (optionally constrained to a JSON
 * Schema) with text, streaming tokens to `onToken` as they arrive. Providers are registered with
 * defineLlmProvider and looked up by id (see registry.ts); every network provider passes the
 * shared contract suite in test/llm/contract-suite.ts.
 *
 * Retries, timeouts and error wording are shared by all providers (call-with-retries.ts), so a
 * caller sees the same LectraError codes whichever server answers.
 */

export interface LlmRequest {
  system?: string;
  prompt: string;
  /** JSON Schema of the object the answer must be; the provider asks the server to enforce it. */
  schema?: object;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /**
   * Called with each streamed chunk. A progress signal only: when an attempt fails mid-stream and
   * is retried, the chunks of the new attempt follow those already delivered.
   */
  onToken?: (token: string) => void;
}

export interface LlmUsage {
  promptTokens?: number;
  completionTokens?: number;
}

export interface LlmResult {
  text: string;
  usage?: LlmUsage;
}

export interface LlmCheck {
  ok: boolean;
  /** One line for `lectra doctor`: what answered, or what is wrong and the fix. */
  detail: string;
}

export interface LlmProvider {
  readonly id: string;
  generate(request: LlmRequest): Promise<LlmResult>;
  /** Whether the server answers and has the model. Never throws except on abort. */
  check(signal?: AbortSignal): Promise<LlmCheck>;
  close(): Promise<void>;
}

/** Settings every provider may read; providers ignore what they do not use. */
export interface LlmProviderSettings {
  /** Base URL of the server (Ollama root, or an OpenAI-compatible `/v1` base). */
  url?: string;
  model?: string;
  apiKey?: string;
  /** Limit for one attempt of one call, in milliseconds (`--llm-timeout`). */
  timeoutMs?: number;
  /** Stream tokens (default true). */
  stream?: boolean;
  /** Extra attempts after a transient failure (default 2). */
  maxRetries?: number;
  /** First backoff delay in milliseconds (default 500); doubled per retry, plus jitter. */
  retryDelayMs?: number;
  /** Local model file (llamacpp, `--model-file`). */
  modelFile?: string;
  fetch?: typeof fetch;
}

export interface LlmProviderDefinition {
  id: string;
  description: string;
  setup(settings: LlmProviderSettings): Promise<LlmProvider>;
}

export function defineLlmProvider(definition: LlmProviderDefinition): LlmProviderDefinition {
  return definition;
}

/** Defaults shared by the providers; the config layer may override each through settings. */
export const LLM_DEFAULTS = {
  timeoutMs: 300_000,
  maxRetries: 2,
  retryDelayMs: 500,
  stream: true,
} as const;
