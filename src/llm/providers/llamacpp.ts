import fs from 'node:fs';
import path from 'node:path';
import { LectraError, abortError } from '../../errors.js';
import { defineLlmProvider, type LlmProvider, type LlmProviderSettings, type LlmRequest, type LlmResult } from '../contract.js';

const PACKAGE = 'node-llama-cpp';


/**
 * In-process GGUF models through node-llama-cpp: optional (its GPU variants weigh ~700 MB), so
 * LECTRA does not depend on it; setup loads it on demand and says how to install it when missing.
 * Output is constrained by a grammar made from the same JSON Schema the other providers send.
 * CI installs it and tests the plumbing with a tiny random-weight model the test writes itself.
 */
const MAX_CONTEXT = 8192;
const DEFAULT_MAX_TOKENS = 4096;

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
    const modelFile = path.resolve(settings.modelFile);
    if (!fs.existsSync(modelFile)) {
      throw new LectraError('file-not-found', `The GGUF model ${modelFile} was not found: check --model-file (download a .gguf model, e.g. from Hugging Face, first).`, { file: modelFile, field: '--model-file' });
    }
    checkGgufHeader(modelFile);
    // build: 'never' — use the prebuilt binaries that ship as npm packages, never compile at run time.
    const llama = await lib.getLlama({ build: 'never', logLevel: 'error' });
    let model: any;
    try {
      model = await llama.loadModel({ modelPath: modelFile });
    } catch (cause) {
      throw new LectraError('bad-input', `${modelFile} could not be loaded as a GGUF model (${cause instanceof Error ? cause.message : String(cause)}): check that the file is complete and a model llama.cpp supports.`, { file: modelFile, field: '--model-file', cause });
    }
    return {
      id: 'llamacpp',
      generate: (request) => generate(lib, llama, model, request),
      check: async () => ({ ok: true, detail: `node-llama-cpp with ${modelFile}` }),
      close: async () => {
        await model.dispose?.();
        await llama.dispose?.();
      },
    };
  },
});

/**
 * A truncated or foreign file can make llama.cpp hang or abort the process, so the header is
 * checked first: magic "GGUF", a known version, plausible tensor and metadata counts.
 */
function checkGgufHeader(file: string): void {
  const header = Buffer.alloc(24);
  const fd = fs.openSync(file, 'r');
  let read = 0;
  try {
    read = fs.readSync(fd, header, 0, 24, 0);
  } finally {
    fs.closeSync(fd);
  }
  const version = header.readUInt32LE(4);
  const tensors = header.readBigUInt64LE(8);
  const keys = header.readBigUInt64LE(16);
  if (read < 24 || header.toString('latin1', 0, 4) !== 'GGUF' || version < 1 || version > 3 || tensors > 1_000_000n || keys > 100_000n) {
    throw new LectraError('bad-input', `${file} is not a GGUF model (bad header): pass a .gguf file to --model-file, e.g. one made for llama.cpp.`, { file, field: '--model-file' });
  }
}

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
  // Bounded: a model trained for 128k tokens would otherwise allocate that whole context.
  const context = await model.createContext({ contextSize: { max: MAX_CONTEXT } });
  try {
    const session = new lib.LlamaChatSession({ contextSequence: context.getSequence(), systemPrompt: request.system });
    const grammar = request.schema ? await llama.createGrammarForJsonSchema(request.schema) : undefined;
    const text: string = await session.prompt(request.prompt, {
      grammar,
      temperature: request.temperature,
      maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
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
