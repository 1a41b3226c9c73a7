import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDeck } from '../../src/pipeline/render-deck.js';
import { startLlmServer, type LlmServer } from '../../src/testing/llm-server.js';

let dir: string;
let server: LlmServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectra-prosody-'));
  server = await startLlmServer({});
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('--prosody llm', () => {
  it('asks the LLM to tag each slide\'s narration and keeps its tags in timings.json', async () => {
    const file = path.join(dir, 'notes.md');
    fs.writeFileSync(file, '# Light\n\n<!-- Plants capture light energy with chlorophyll. They store it as sugar for later. -->\n\n---\n\n# Sugar\n\n<!-- Sugar feeds almost every living thing on the planet. -->\n');
    const result = await renderDeck(file, { out: path.join(dir, 'out'), only: ['deck', 'audio'], prosody: 'llm', llm: 'ollama', llmUrl: server.url, cacheDir: path.join(dir, 'cache') });
    const prosodyCalls = server.requests.filter((r) => JSON.stringify(r.body).includes('voice coach'));
    expect(prosodyCalls).toHaveLength(2);
    const timings = JSON.parse(fs.readFileSync(result.files.timings!, 'utf8')) as { slides: Array<{ segments: Array<{ tags?: { rule: string[] } }> }> };
    const rules = timings.slides.flatMap((s) => s.segments.flatMap((g) => g.tags?.rule ?? []));
    expect(rules).toContain('llm');
    expect(result.profile.tasks.filter((t) => t.stage === 'prosody').every((t) => t.resource === 'llm')).toBe(true);
  });
});
