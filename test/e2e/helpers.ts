/**
 * Helpers for the end-to-end tests: they run the real CLI (`node dist/bin/lectra.js`, the bundle) as a child
 * process, the way a user does, and read what it wrote (ffprobe, unzip, decode).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI; LECTRA_E2E_CLI points the tests at another build (e.g. a private `tsc --outDir`). */
export const CLI = process.env.LECTRA_E2E_CLI ? path.resolve(process.env.LECTRA_E2E_CLI) : path.join(ROOT, 'dist', 'bin', 'lectra.js');
export const EXAMPLE = path.join(ROOT, 'examples', 'intro-to-photosynthesis.md');
export const FRENCH_EXAMPLE = path.join(ROOT, 'examples', 'french-sample.md');
const LOOPBACK_ONLY = pathToFileURL(path.join(ROOT, 'test', 'fixtures', 'e2e', 'loopback-only.mjs')).href;

/** The content cache every CLI child of this test file shares; removeCacheDir() in afterAll. */
export const E2E_CACHE_DIR = path.join(tmpdir(), `lectra-e2e-cache-${process.pid}-${randomBytes(4).toString('hex')}`);

export async function removeCacheDir(): Promise<void> {
  await rm(E2E_CACHE_DIR, { recursive: true, force: true });
}

export const EMU_PER_IN = 914400;
export const SLIDE_W_IN = 13.333;
export const SLIDE_H_IN = 7.5;

/**
 * The CLI tests spawn the built CLI. `npm test` builds first; a bare `npx vitest run test/e2e`
 * needs `npx tsc -p .` before it. Warns (does not fail) when src is newer than dist, because
 * other people may be editing src while these tests run.
 */
export function assertBuilt(): void {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: the e2e tests run the built CLI. Build it first with \`npx tsc -p .\` (\`npm test\` does this for you).`);
  }
  if (process.env.LECTRA_E2E_CLI) return;
  const built = statSync(CLI).mtimeMs;
  const newer = newestFile(path.join(ROOT, 'src'));
  if (newer && newer.mtimeMs > built + 1000) {
    console.warn(`e2e: ${path.relative(ROOT, newer.file)} is newer than dist/ — run \`npx tsc -p .\` if a test fails on a change you just made.`);
  }
}

function newestFile(dir: string): { file: string; mtimeMs: number } | undefined {
  let best: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestFile(file) : { file, mtimeMs: statSync(file).mtimeMs };
    if (candidate && (!best || candidate.mtimeMs > best.mtimeMs)) best = candidate;
  }
  return best;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  /** Added to a clean environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Written to the child's standard input, which is then closed (default: no input at all). */
  stdin?: string | Uint8Array;
}

/**
 * The environment of a CLI child: the test's own, minus every LECTRA_*, OLLAMA_HOST and
 * OPENAI_API_KEY a developer may have set, plus the loopback-only fetch guard.
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^LECTRA_/.test(name) || ['OLLAMA_HOST', 'OPENAI_API_KEY', 'NODE_OPTIONS', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID'].includes(name)) continue;
    env[name] = value;
  }
  env.NODE_OPTIONS = `--import=${LOOPBACK_ONLY}`;
  // A cache of this test process's own (cold at the start of a run), never the user's ~/.cache/lectra.
  env.LECTRA_CACHE_DIR = E2E_CACHE_DIR;
  env.NO_COLOR = '1';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts `lectra <args>`; the caller owns the child. */
export function spawnCli(args: string[], options: CliOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: cliEnv(options.env), stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  return child;
}

/** `lectra serve --port 0 <args>` as a child process; resolves with the child and its URL once it listens. */
export async function startServeChild(args: string[], options: CliOptions = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnCli(['serve', '--port', '0', ...args], options);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`lectra serve exited (${code}) before listening:\n${output}`)));
  });
  return { child, url };
}

/** Runs `lectra <args>` to the end and collects its output and exit code. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const started = Date.now();
  const child = spawnCli(args, options);
  return collect(child, started, options.timeoutMs ?? 200_000, args);
}

export function collect(child: ChildProcess, started: number, timeoutMs: number, args: string[] = []): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lectra ${args.join(' ')} did not finish within ${timeoutMs} ms.\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A failure message that shows what the CLI said. */
export function explain(result: CliResult): string {
  return `exit ${result.code}${result.signal ? ` (${result.signal})` : ''} after ${result.ms} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `lectra-e2e-${prefix}-`));
  // LECTRA_KEEP_TMP=1 keeps the output for a look after a failing run.
  return { dir, cleanup: () => (process.env.LECTRA_KEEP_TMP ? Promise.resolve() : rm(dir, { recursive: true, force: true })) };
}

/** Every file under dir, relative, with forward slashes. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full).map((f) => `${entry.name}/${f}`));
    else out.push(entry.name);
  }
  return out.sort();
}

export function readJson<T = any>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

// ---------------------------------------------------------------- PPTX

export async function unzip(file: string): Promise<JSZip> {
  return JSZip.loadAsync(await readFile(file));
}

export async function part(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  if (!file) throw new Error(`the PPTX has no part ${name}; it has: ${Object.keys(zip.files).join(', ')}`);
  return file.async('string');
}

export function slideNumbers(zip: JSZip): number[] {
  return Object.keys(zip.files)
    .map((name) => /^ppt\/slides\/slide(\d+)\.xml$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export interface PptxShape {
  name: string;
  /** Inches. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** The a:t runs joined; a:br becomes a space. */
  text: string;
}

/** The `p:sp` shapes of a slide with their geometry (a:off / a:ext) and text. */
export function textShapes(slideXml: string): PptxShape[] {
  return (slideXml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).flatMap((sp) => {
    const off = /<a:off x="(-?\d+)" y="(-?\d+)"\/>/.exec(sp);
    const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(sp);
    if (!off || !ext) return [];
    return [
      {
        name: /<p:cNvPr id="\d+" name="([^"]*)"/.exec(sp)?.[1] ?? '',
        x: Number(off[1]) / EMU_PER_IN,
        y: Number(off[2]) / EMU_PER_IN,
        w: Number(ext[1]) / EMU_PER_IN,
        h: Number(ext[2]) / EMU_PER_IN,
        text: xmlText(sp),
      },
    ];
  });
}

/** Text of the a:t elements, lines (a:br / a:p) joined by spaces, entities decoded. */
export function xmlText(xml: string): string {
  const spaced = xml.replace(/<a:br\b[^>]*\/>|<a:br\b[^>]*>[\s\S]*?<\/a:br>|<\/a:p>/g, '<a:t> </a:t>');
  return normalise([...spaced.matchAll(/<a:t>([\s\S]*?)<\/a:t>/g)].map((m) => decodeXml(m[1]!)).join(''));
}

export function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Markdown inline marks (**bold**, *italic*, `code`) removed, as the slide shows the text. */
export function plainInline(text: string): string {
  return normalise(text.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\*([^*]+)\*/g, '$1').replace(/`([^`]+)`/g, '$1'));
}

// ---------------------------------------------------------------- PNG

export function decodePng(file: string): PNG {
  return PNG.sync.read(readFileSync(file));
}

export function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Mean luminance (0–255) of a PNG. */
export function meanLuminance(png: PNG): number {
  let sum = 0;
  const { data } = png;
  for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
  return sum / (data.length / 4);
}

// ---------------------------------------------------------------- processes

/** Pids of live processes named `name` whose command line contains `token` (Linux /proc). */
export function processesNamed(name: string, token: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const argv0 = path.basename(cmdline.split('\0')[0] ?? '');
      if ((comm === name || argv0 === name) && cmdline.includes(token)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
