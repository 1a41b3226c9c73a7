/** The local Ollama/OpenAI-compatible server lives in src/testing so `lectra bench` ships it. */
export * from '../../src/testing/llm-server.js';
