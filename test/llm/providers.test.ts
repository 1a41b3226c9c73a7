import { ollamaProvider } from '../../src/llm/providers/ollama.js';
import { openaiProvider } from '../../src/llm/providers/openai.js';
import { runLlmContractSuite } from './contract-suite.js';

for (const stream of [true, false]) {
  const mode = stream ? 'streaming' : 'non-streaming';
  runLlmContractSuite(`ollama (${mode})`, (url) => ollamaProvider.setup({ url, model: 'llama3.1', stream }));
  runLlmContractSuite(`openai (${mode})`, (url) =>
    openaiProvider.setup({ url: `${url}/v1`, model: 'gpt-4o-mini', apiKey: 'test-key', stream }),
  );
}
