import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LectraError } from '../errors.js';

export interface MediaBinaries {
  ffmpeg: string;
  ffprobe: string;
}

export interface MediaBinaryOptions {
  /** Explicit path (or a bare name looked up on PATH). Wins over everything else. */
  ffmpeg?: string;
  ffprobe?: string;
  /** Environment to read LECTRA_FFMPEG / LECTRA_FFPROBE / PATH from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

type Tool = 'ffmpeg' | 'ffprobe';

const ENV_NAMES: Record<Tool, string> = { ffmpeg: 'LECTRA_FFMPEG', ffprobe: 'LECTRA_FFPROBE' };

/**
 * Finds ffmpeg and ffprobe: explicit option → LECTRA_FFMPEG/LECTRA_FFPROBE → the bundled
 * @ffmpeg-installer/@ffprobe-installer binary → PATH. Resolved once by the caller and passed
 * down as options, so no module keeps a global binary setting.
 */
export function resolveMediaBinaries(options: MediaBinaryOptions = {}): MediaBinaries {
  const env = options.env ?? process.env;
  return {
    ffmpeg: resolveTool('ffmpeg', options.ffmpeg, env),
    ffprobe: resolveTool('ffprobe', options.ffprobe, env),
  };
}

function resolveTool(tool: Tool, explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  // The CLI resolves --ffmpeg, LECTRA_FFMPEG and the config file into this one option, so name them all.
  if (explicit) return requireUsable(tool, explicit, `--${tool} / ${ENV_NAMES[tool]} / the config file`, env);
  const fromEnv = env[ENV_NAMES[tool]];
  if (fromEnv) return requireUsable(tool, fromEnv, ENV_NAMES[tool], env);
  const bundled = bundledBinary(tool);
  if (bundled) return bundled;
  const onPath = findOnPath(tool, env);
  if (onPath) return onPath;
  throw missing(tool, `${tool} was not found (no bundled @${tool}-installer binary and none on PATH).`);
}

function requireUsable(tool: Tool, value: string, source: string, env: NodeJS.ProcessEnv): string {
  // A bare name ("ffmpeg") means "look it up on PATH", like a shell would.
  const found = hasDirectory(value) ? (isExecutable(value) ? value : undefined) : findOnPath(value, env);
  if (found) return found;
  throw missing(tool, `${tool} from ${source} ("${value}") does not exist or is not executable.`);
}

function missing(tool: Tool, what: string): LectraError {
  return new LectraError('ffmpeg-missing', `${what} Install FFmpeg (https://ffmpeg.org/download.html) and set ${ENV_NAMES[tool]}=/path/to/${tool}, or put ${tool} on your PATH.`, {
    field: ENV_NAMES[tool],
  });
}

/** The platform package's binary, made executable if npm skipped the installer's postinstall. */
function bundledBinary(tool: Tool): string | undefined {
  const pkg = `@${tool}-installer/${process.platform}-${process.arch}`;
  const exe = process.platform === 'win32' ? `${tool}.exe` : tool;
  let file: string;
  try {
    file = path.join(path.dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), exe);
  } catch {
    return undefined;
  }
  if (!isFile(file)) return undefined;
  if (isExecutable(file)) return file;
  try {
    // npm ≥ 11 may not run the installer's postinstall that sets the exec bit.
    chmodSync(file, statSync(file).mode | 0o111);
  } catch {
    return undefined;
  }
  return isExecutable(file) ? file : undefined;
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function hasDirectory(value: string): boolean {
  return value.includes('/') || value.includes('\\');
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isExecutable(file: string): boolean {
  if (!isFile(file)) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
