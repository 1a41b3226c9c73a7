/**
 * Tools some tests need that a developer's machine may lack (Chromium, LibreOffice,
 * node-llama-cpp, sherpa-onnx-node). Locally such a test is skipped with a message; in CI
 * (`CI` set, as `.ci/run` does) a missing tool fails the test file, unless it is named in
 * `LECTRA_ALLOW_MISSING` (comma-separated), so a green CI run means every test ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export type OptionalToolName = 'chromium' | 'soffice' | 'node-llama-cpp' | 'sherpa-onnx-node' | 'shared-corpus' | 'mermaid';

const INSTALL: Record<OptionalToolName, string> = {
  chromium: 'apt-get install chromium',
  soffice: 'apt-get install libreoffice-impress',
  'node-llama-cpp': 'npm install --no-save node-llama-cpp@3.21.1',
  'sherpa-onnx-node': 'npm install (it is an optional dependency; its native binary is sherpa-onnx-<platform>-<arch>)',
  'shared-corpus': 'check out the steering repository so that ../shared/corpus sits beside this clone',
  mermaid: 'npm install (it is an optional dependency; npm skips it where it cannot install)',
};

function inCi(env: NodeJS.ProcessEnv): boolean {
  const value = (env.CI ?? '').toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * Whether a test may use `tool`: true when it is present. When it is absent, false (the caller
 * skips) — or, in CI, an Error that fails the test file, since a skip there would hide a missing
 * install step.
 */
export function optionalTool(tool: OptionalToolName, present: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (present) return true;
  const allowed = (env.LECTRA_ALLOW_MISSING ?? '').split(',').map((name) => name.trim());
  if (inCi(env) && !allowed.includes(tool)) {
    throw new Error(`${tool} is missing, and CI runs every test: install it (${INSTALL[tool]}), or set LECTRA_ALLOW_MISSING=${tool} to skip its tests on purpose.`);
  }
  console.warn(`skipping the ${tool} tests: ${tool} is not installed (${INSTALL[tool]}).`);
  return false;
}

/** LibreOffice's `soffice`, from PATH or its usual install folders. */
export function findSoffice(): string | undefined {
  for (const name of ['soffice', 'libreoffice']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/Applications/LibreOffice.app/Contents/MacOS/soffice'].find((p) => existsSync(p));
}

/** node-llama-cpp installed beside the project (`.ci/run` installs it; it is not a dependency). */
export function hasNodeLlamaCpp(): boolean {
  return existsSync(path.join(process.cwd(), 'node_modules', 'node-llama-cpp', 'package.json'));
}

/** The shared corpus of real decks (../shared/corpus beside the clone, as CI has it). */
export const CORPUS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'shared', 'corpus');
