/**
 * Issue 5, end to end: `lectra generate "<topic>"` through the real CLI against the local
 * Ollama/OpenAI stand-in (test/servers/llm-server.ts) on 127.0.0.1: whole lectures, the request
 * log (outline first, then bounded parallel slide calls), faults, the error messages that say the
 * fix, and configuration (flags, env, OLLAMA_HOST, config file, `lectra config`, `lectra doctor`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf, readDeckJson } from '../support/read-deck-json.js';
import type { Deck } from '../../src/deck/schema.js';
import { resolveMediaBinaries } from '../../src/media/binaries.js';
import { probeMedia } from '../../src/media/probe.js';
import { defaultLlmResponder } from '../servers/llm-responder.js';
import { startLlmServer, type LlmServer, type LlmServerOptions, type RecordedRequest } from '../servers/llm-server.js';
import { freePort } from '../llm/helpers.js';
import { assertBuilt, collect, explain, listFiles, makeTempDir, readJson, removeCacheDir, runCli, sleep, slideNumbers, spawnCli, unzip, type CliResult } from './helpers.js';

const binaries = resolveMediaBinaries({});
/** A small, realistic latency: a first-token delay and a few ms per token (≈0.3–0.6 s per slide call). */
const REALISTIC: LlmServerOptions = { firstTokenMs: 30, latencyMsPerToken: 2 };

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
const servers: LlmServer[] = [];

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('topic');
});

afterAll(async () => {
  // Not afterEach: tests below run concurrently, each with its own server.
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await tmp?.cleanup();
  await removeCacheDir();
});

async function server(options: LlmServerOptions = {}): Promise<LlmServer> {
  const started = await startLlmServer({ ...REALISTIC, ...options });
  servers.push(started);
  return started;
}

const chatCalls = (s: LlmServer) => s.requests.filter((r) => r.path === '/api/chat' || r.path === '/v1/chat/completions');
const promptOf = (r: RecordedRequest) => {
  const messages = (r.body as { messages?: Array<{ role: string; content: string }> })?.messages ?? [];
  return messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
};
const isOutline = (r: RecordedRequest) => /^Number of slides:/m.test(promptOf(r));

/** Most chat calls in flight at one moment (from arrival to end of answer). */
function maxInFlight(calls: RecordedRequest[]): number {
  const events = calls.flatMap((r) => [
    { at: r.start, delta: 1 },
    { at: r.end ?? Infinity, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let most = 0;
  for (const e of events) most = Math.max(most, (now += e.delta));
  return most;
}

function outDir(name: string): string {
  return path.join(tmp.dir, name);
}

function deckIn(out: string): Deck {
  return readDeckJson(path.join(out, 'deck.json'));
}

async function expectWholeLecture(result: CliResult, out: string, topic: string): Promise<Deck> {
  expect(result.code, explain(result)).toBe(0);
  const deck = deckIn(out);
  expect(deck.slides, 'a title slide plus 6 content slides').toHaveLength(7);
  expect(deck.title).toContain(topic);
  expect(deck.slides[0]!.title).toContain(topic);
  for (const [i, slide] of deck.slides.entries()) {
    expect(slide.narration.trim().split(/\s+/).length, `slide ${i + 1} has narration`).toBeGreaterThan(8);
    if (i > 0) expect(itemsOf(slide).length, `slide ${i + 1} has bullets`).toBeGreaterThan(0);
  }
  expect(new Set(deck.slides.map((s) => s.title)).size, 'slide titles are distinct').toBe(7);
  const zip = await unzip(path.join(out, 'deck.pptx'));
  expect(slideNumbers(zip)).toHaveLength(7);
  const probe = await probeMedia(path.join(out, 'lecture.mp4'), { binary: binaries.ffprobe });
  expect(probe.streams.filter((s) => s.codecType === 'video').map((s) => s.codecName)).toEqual(['h264']);
  expect(probe.streams.filter((s) => s.codecType === 'audio').map((s) => s.codecName)).toEqual(['aac']);
  expect(probe.chapters.map((c) => c.title)).toEqual(deck.slides.map((s) => s.title));
  expect(probe.durationSec).toBeGreaterThan(20);
  return deck;
}

describe('issue 5: generate a whole lecture from a topic', () => {
  it('--llm ollama: 6 content slides + title, narration everywhere, PPTX and MP4; outline first, then ≤ --llm-concurrency slide calls at once', async () => {
    const llm = await server();
    const out = outDir('ollama');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '6', '--llm', 'ollama', '--llm-url', llm.url, '--llm-concurrency', '2', '-o', out], { timeoutMs: 200_000 });
    await expectWholeLecture(result, out, 'Photosynthesis');
    const calls = chatCalls(llm);
    expect(calls.map((c) => c.path)).toEqual(Array(7).fill('/api/chat'));
    expect(calls.map((c) => c.status)).toEqual(Array(7).fill(200));
    // The outline call first; it streams, and each slide's call starts as soon as that slide's
    // entry has arrived — so slide calls overlap the outline's tail…
    expect(isOutline(calls[0]!)).toBe(true);
    expect(calls.slice(1).filter(isOutline)).toEqual([]);
    for (const call of calls.slice(1)) expect(call.start).toBeGreaterThan(calls[0]!.start);
    expect(calls[1]!.start, 'the first slide call starts before the outline has finished').toBeLessThan(calls[0]!.end!);
    // …and the outline holds one of the --llm-concurrency slots: never more than 2 calls at once.
    expect(maxInFlight(calls), 'calls overlap, within --llm-concurrency').toBe(2);
    expect(calls.slice(1).map((c) => /^Slide title: (.+)$/m.exec(promptOf(c))?.[1]).sort()).toHaveLength(6);
    // Ollama's native API with a JSON Schema in `format`.
    for (const call of calls) expect((call.body as { format?: unknown }).format).toMatchObject({ type: 'object' });
  }, 300_000);

  it('--llm openai --llm-url <server>/v1 with OPENAI_API_KEY: the same lecture over /v1/chat/completions', async () => {
    const llm = await server();
    const out = outDir('openai');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '6', '--llm', 'openai', '--llm-url', `${llm.url}/v1`, '-o', out], {
      env: { OPENAI_API_KEY: 'test' },
      timeoutMs: 200_000,
    });
    await expectWholeLecture(result, out, 'Photosynthesis');
    const calls = chatCalls(llm);
    expect(calls.map((c) => c.path)).toEqual(Array(7).fill('/v1/chat/completions'));
    expect(isOutline(calls[0]!)).toBe(true);
    expect(maxInFlight(calls.slice(1))).toBeLessThanOrEqual(4); // the default --llm-concurrency
    expect((calls[0]!.body as { response_format?: { type?: string } }).response_format?.type).toBe('json_schema');
  }, 300_000);
});

describe.concurrent('issue 5: faults and errors through the CLI', () => {
  it('HTTP 500 on the first two calls → retried, the lecture is still made', async () => {
    const llm = await server({ failFirst: 2 });
    const out = outDir('fail-first');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--llm-url', llm.url, '--only', 'deck', '-o', out]);
    expect(result.code, explain(result)).toBe(0);
    expect(deckIn(out).slides).toHaveLength(4);
    expect(chatCalls(llm).map((c) => c.status).slice(0, 3)).toEqual([500, 500, 200]);
  });

  it('a truncated stream, fenced JSON and trailing commas → recovered', async () => {
    const llm = await server({ truncateStreamOnce: true, fenced: true, trailingCommas: true });
    const out = outDir('messy');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--llm-url', llm.url, '--only', 'deck', '-o', out]);
    expect(result.code, explain(result)).toBe(0);
    expect(deckIn(out).slides).toHaveLength(4);
  });

  it('a server that never answers → exit 1 after --llm-timeout, naming the option', async () => {
    const llm = await server({ hang: true });
    const out = outDir('hang');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--llm-url', llm.url, '--llm-timeout', '1', '--only', 'deck', '-o', out]);
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toMatch(/did not finish within the 1s timeout/);
    expect(result.stderr).toMatch(/--llm-timeout <seconds>/);
    expect(result.ms).toBeLessThan(30_000); // the alternative is hanging until the test times out
  });

  it('nothing listening at --llm-url → exit 1: "Ollama did not answer at … — is `ollama serve` running?"', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const out = outDir('closed');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--llm', 'ollama', '--llm-url', url, '-o', out]);
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toContain(`Ollama did not answer at ${url} — is \`ollama serve\` running?`);
    expect(result.stderr).toContain('--llm-url');
    expect(listFiles(out).filter((f) => ['deck.json', 'deck.pptx', 'lecture.mp4'].includes(f))).toEqual([]);
  });

  it('a model that is not pulled → exit 1 saying `ollama pull <model>`', async () => {
    const llm = await server();
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--llm-url', llm.url, '--model', 'qwen9:404b', '-o', outDir('no-model')]);
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toContain('model qwen9:404b is not pulled — run `ollama pull qwen9:404b`');
  });

  it('HTTP 401 from an OpenAI-compatible server → exit 1 naming the key variable', async () => {
    const llm = await server({ status401: true });
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--llm', 'openai', '--llm-url', `${llm.url}/v1`, '-o', outDir('401')], { env: { OPENAI_API_KEY: 'wrong' } });
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toMatch(/OPENAI_API_KEY|LECTRA_LLM_KEY/);
  });

  it('slide 4 fails for good (invalid JSON every time) → exit 1, and deck.json keeps every finished slide', async () => {
    let slide4Calls = 0;
    const llm = await server({
      responder: (request) => {
        if (/^Slide title: Key ideas behind/m.test(request.prompt)) {
          slide4Calls++;
          return 'I am sorry, but I cannot write that slide right now.';
        }
        return defaultLlmResponder(request);
      },
    });
    const out = outDir('slide-4');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '6', '--llm-url', llm.url, '--only', 'deck', '-o', out], { timeoutMs: 200_000 });
    expect(result.code, explain(result)).toBe(1);
    expect(result.stderr).toMatch(/wrong shape|not valid|no JSON/i);
    expect(slide4Calls, 'the failing slide was retried once with the error').toBeGreaterThanOrEqual(2);
    const deck = deckIn(out);
    const titles = deck.slides.map((s) => s.title);
    expect(titles[0]).toBe('Photosynthesis');
    expect(titles).not.toContain('Key ideas behind Photosynthesis');
    expect(titles).toEqual(expect.arrayContaining(['What Photosynthesis is', 'Why Photosynthesis matters', 'How Photosynthesis works', 'Photosynthesis in practice', 'Challenges of Photosynthesis']));
    for (const slide of deck.slides) expect(slide.narration.length).toBeGreaterThan(10);
    expect(listFiles(out).filter((f) => f === 'lecture.mp4' || f.includes('.tmp-'))).toEqual([]);
    // The message says which slide failed (as TopicDeckError does: `Slide 3 of 6 ("…"): …`).
    expect(result.stderr, explain(result)).toMatch(/slide (4|3 of 6)\b.*Key ideas behind Photosynthesis|Key ideas behind Photosynthesis.*slide (4|3 of 6)\b/is);
    // What was kept is a deck `lectra render` takes as it is.
    const again = await runCli(['render', path.join(out, 'deck.json'), '-o', path.join(out, 'rendered'), '--only', 'pptx']);
    expect(again.code, explain(again)).toBe(0);
    expect(slideNumbers(await unzip(path.join(out, 'rendered', 'deck.pptx')))).toHaveLength(deck.slides.length);
  });

  it('a bad --tts or --images → exit 2 before the LLM is asked anything, no output folder', async () => {
    const llm = await server();
    for (const flags of [['--tts', 'nope'], ['--images', 'nope']]) {
      const out = outDir(`bad-${flags[0]!.slice(2)}`);
      const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--llm-url', llm.url, '-o', out, ...flags]);
      expect(result.code, explain(result)).toBe(2);
      expect(result.stderr).toContain('nope');
      expect(existsSync(out)).toBe(false);
    }
    expect(chatCalls(llm)).toEqual([]);
  });

  it('Ctrl-C while waiting for the LLM → exit 130 at once', async () => {
    const llm = await server({ hang: true });
    const out = outDir('interrupted');
    const child = spawnCli(['generate', 'Photosynthesis', '--slides', '3', '--llm-url', llm.url, '-o', out]);
    const done = collect(child, Date.now(), 30_000);
    while (chatCalls(llm).length === 0 && child.exitCode === null) await sleep(20);
    child.kill('SIGINT');
    // The stand-in never answers, so exiting at all means the wait was cut short.
    const result = await done;
    expect(result.code, explain(result)).toBe(130);
    expect(result.stderr).toMatch(/cancelled/);
    expect(listFiles(out).filter((f) => f.includes('.tmp-') || f === 'lecture.mp4')).toEqual([]);
  });

  it('--lang fr: every prompt asks for French and the deck is French', async () => {
    const llm = await server();
    const out = outDir('french');
    const result = await runCli(['generate', 'La photosynthèse', '--lang', 'fr', '--slides', '2', '--llm-url', llm.url, '--only', 'deck', '-o', out]);
    expect(result.code, explain(result)).toBe(0);
    expect(deckIn(out).lang).toBe('fr');
    const calls = chatCalls(llm);
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(promptOf(call)).toMatch(/^Language: French/m);
  });

  it('--llm none → exit 2 with a message listing the providers', async () => {
    const result = await runCli(['generate', 'Photosynthesis', '--llm', 'none', '-o', outDir('none')]);
    expect(result.code, explain(result)).toBe(2);
    for (const id of ['ollama', 'openai', 'llamacpp']) expect(result.stderr).toContain(id);
    expect(result.stderr).toMatch(/lectra render/);
  });

  it('an unknown --llm → exit 2 listing the providers', async () => {
    const result = await runCli(['generate', 'Photosynthesis', '--llm', 'gpt5000', '-o', outDir('unknown-llm')]);
    expect(result.code, explain(result)).toBe(2);
    expect(result.stderr).toMatch(/gpt5000/);
    for (const id of ['ollama', 'openai', 'llamacpp', 'none']) expect(result.stderr).toContain(id);
  });
});

describe.concurrent('issue 5: configuration', () => {
  it('OLLAMA_HOST=127.0.0.1:<port> is honoured without --llm-url', async () => {
    const llm = await server();
    const out = outDir('ollama-host');
    const result = await runCli(['generate', 'Photosynthesis', '--slides', '3', '--only', 'deck', '-o', out], { env: { OLLAMA_HOST: new URL(llm.url).host } });
    expect(result.code, explain(result)).toBe(0);
    expect(deckIn(out).slides).toHaveLength(4);
    expect(chatCalls(llm)).toHaveLength(4);
  });

  it('a lectra.config.yaml in the working folder is honoured, and `lectra config` shows where each value came from', async () => {
    const llm = await server();
    const cwd = outDir('with-config');
    await mkdir(cwd, { recursive: true });
    await writeFile(path.join(cwd, 'lectra.config.yaml'), `# project settings\nllm-url: ${llm.url}\nslides: 2\ntheme: dark\nonly: deck\n`);
    const env = { LECTRA_MODEL: 'test-model' };
    const [config, json, generated] = await Promise.all([
      runCli(['config', '--theme', 'light'], { cwd, env }),
      runCli(['config', '--json'], { cwd, env }),
      runCli(['generate', 'Photosynthesis', '-o', 'lecture'], { cwd, env }),
    ]);
    expect(config.code, explain(config)).toBe(0);
    expect(config.stdout).toContain(path.join(cwd, 'lectra.config.yaml'));
    const line = (key: string) => config.stdout.split('\n').find((l) => l.trim().startsWith(`${key} `)) ?? `(no ${key} line)`;
    expect(line('llmUrl')).toMatch(new RegExp(`${llm.url.replace(/[.:/]/g, '\\$&')}\\s+config`));
    expect(line('slides')).toMatch(/\b2\s+config/);
    expect(line('theme')).toMatch(/\blight\s+flag/);
    expect(line('model')).toMatch(/test-model\s+env \(LECTRA_MODEL\)/);
    expect(line('llm')).toMatch(/ollama\s+default/);
    expect(json.code, explain(json)).toBe(0);
    const parsed = JSON.parse(json.stdout) as { options: Record<string, unknown>; sources: Record<string, { source: string }> };
    expect(parsed.options).toMatchObject({ llmUrl: llm.url, slides: 2, theme: 'dark', model: 'test-model', llm: 'ollama' });
    expect(parsed.sources).toMatchObject({ llmUrl: { source: 'config' }, model: { source: 'env' }, llm: { source: 'default' } });
    // generate reads the same file: the URL, 2 slides, dark theme, deck only.
    expect(generated.code, explain(generated)).toBe(0);
    const deck = deckIn(path.join(cwd, 'lecture'));
    expect(deck.slides).toHaveLength(3);
    expect(deck.theme).toBe('dark');
    expect(listFiles(path.join(cwd, 'lecture')).filter((f) => f.endsWith('.pptx') || f.endsWith('.mp4'))).toEqual([]);
    expect(chatCalls(llm).map((c) => (c.body as { model?: string }).model)).toEqual(Array(3).fill('test-model'));
  });

  it('`lectra doctor --json` reports the ollama provider ok at LECTRA_LLM_URL', async () => {
    const llm = await server();
    const result = await runCli(['doctor', '--json'], { env: { LECTRA_LLM_URL: llm.url } });
    expect(result.code, explain(result)).toBe(0);
    const checks = JSON.parse(result.stdout) as Array<{ group: string; name: string; ok: boolean; detail: string }>;
    const ollama = checks.find((c) => c.group === 'llm' && c.name === 'ollama');
    expect(ollama, result.stdout).toMatchObject({ ok: true });
    expect(ollama!.detail).toContain('selected');
    expect(llm.requests.some((r) => r.path === '/api/tags')).toBe(true);
    expect(checks.filter((c) => c.group === 'media').every((c) => c.ok)).toBe(true);
    // And pointed at a port where nothing listens, it says so.
    const closed = await runCli(['doctor', '--json'], { env: { LECTRA_LLM_URL: `http://127.0.0.1:${await freePort()}` } });
    expect(closed.code, explain(closed)).toBe(0);
    expect((JSON.parse(closed.stdout) as typeof checks).find((c) => c.name === 'ollama')).toMatchObject({ ok: false });
  });
});
