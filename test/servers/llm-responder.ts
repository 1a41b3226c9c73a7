export * from '../../src/testing/llm-responder.js';
