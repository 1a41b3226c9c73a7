import { LectraError } from '../../errors.js';
import { defineLlmProvider, type LlmProvider } from '../contract.js';

export const NO_LLM_MESSAGE =
  'Topic mode needs an LLM: pass --llm ollama (run `ollama serve`), --llm openai --llm-url <OpenAI-compatible server>, or --llm llamacpp --model-file <model.gguf>; notes mode (`lectra render notes.md`) works without one.';

/** No LLM: notes mode only. Any attempt to generate says how to get one. */
export const noneProvider = defineLlmProvider({
  id: 'none',
  description: 'No LLM (notes mode only: narration comes from your notes)',
  async setup(): Promise<LlmProvider> {
    return {
      id: 'none',
      generate: async () => {
        throw new LectraError('bad-input', NO_LLM_MESSAGE, { field: '--llm' });
      },
      check: async () => ({ ok: true, detail: 'no LLM configured: notes mode works; topic mode needs --llm ollama or --llm openai' }),
      close: async () => {},
    };
  },
});
