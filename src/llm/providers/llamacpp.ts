import { LectraError, abortError } from '../../errors.js';
import { defineLlmProvider, type LlmProvider, type LlmProviderSettings, type LlmRequest, type LlmResult } from '../contract.js';

const PACKAGE = 'node-llama-cpp';


/**
 * In-process GGUF models through node-llama-cpp, an optional dependency (native, large) that
 * LECTRA does not install. Setup loads it on demand and says how to install it when missing.
 * Best effort: the module is not installed in CI, so only the "missing" path is tested.
 */
export const llamacppProvider = defineLlmProvider({
  id: 'llamacpp',
  description: 'In-process GGUF model via node-llama-cpp (optional; needs --model-file)',
  async setup(settings: LlmProviderSettings): Promise<LlmProvider> {
    const lib = await loadLibrary();
    if (!settings.modelFile) {
      throw new LectraError('bad-option', 'The llamacpp LLM needs a model: pass --model-file <path/to/model.gguf>.', {
        field: '--model-file',
      });
    }
    const llama = await lib.getLlama();
    const model = await llama.loadModel({ modelPath: settings.modelFile });
    return {
      id: 'llamacpp',
      generate: (request) => generate(lib, llama, model, request),
      check: async () => ({ ok: true, detail: `node-llama-cpp with ${settings.modelFile}` }),
      close: async () => {
        await model.dispose?.();
      },
    };
  },
});

async function loadLibrary(): Promise<any> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package at build time.
    const name: string = PACKAGE;
    return await import(name);
  } catch (error) {
    throw new LectraError(
      'bad-option',
      `--llm llamacpp needs the optional package ${PACKAGE}: run \`npm install ${PACKAGE}\`, then pass --model-file <model.gguf>. (Or use --llm ollama.)`,
      { cause: error, field: '--llm' },
    );
  }
}

/** One fresh context per call keeps concurrent calls independent. */
async function generate(lib: any, llama: any, model: any, request: LlmRequest): Promise<LlmResult> {
  if (request.signal?.aborted) throw abortError(request.signal.reason);
  const context = await model.createContext();
  try {
    const session = new lib.LlamaChatSession({ contextSequence: context.getSequence(), systemPrompt: request.system });
    const grammar = request.schema ? await llama.createGrammarForJsonSchema(request.schema) : undefined;
    const text: string = await session.prompt(request.prompt, {
      grammar,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      signal: request.signal,
      onTextChunk: request.onToken,
    });
    return { text };
  } catch (error) {
    if (request.signal?.aborted) throw abortError(request.signal.reason);
    throw new LectraError('llm-failed', `node-llama-cpp failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await context.dispose?.();
  }
}
