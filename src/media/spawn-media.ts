import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { abortError, LectraError } from '../errors.js';
import { formatCommand } from './format-command.js';
import { parseFfmpegProgress } from './parse-ffmpeg-progress.js';

export interface SpawnMediaOptions {
  /** Name used in messages ("FFmpeg", "ffprobe"). */
  tool: string;
  signal?: AbortSignal;
  cwd?: string;
  /** Keep stdout (ffprobe's JSON); FFmpeg's stdout is ignored. */
  collectStdout?: boolean;
  /** Bytes for the child's stdin (e.g. PCM for `-i pipe:0`), written with back-pressure. */
  input?: AsyncIterable<Uint8Array>;
  /** Called with each stderr line (FFmpeg ends progress lines with \r, others with \n). */
  onStderrLine?: (line: string) => void;
}

export interface SpawnMediaResult {
  stdout: string;
  stderr: string;
}

const TAIL_LINES = 30;
const KILL_GRACE_MS = 500;
/** Cap on the stderr text kept in memory for the result (its end is what matters). */
const MAX_STDERR_CHARS = 1_000_000;

/**
 * Runs ffmpeg/ffprobe without a shell. The child is always gone when this settles: on abort it
 * gets SIGTERM, then SIGKILL after a short grace, and the promise rejects only after it exited.
 */
export function spawnMedia(binary: string, args: readonly string[], options: SpawnMediaOptions): Promise<SpawnMediaResult> {
  const { signal, tool } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal.reason));
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      stdio: [options.input ? 'pipe' : 'ignore', options.collectStdout ? 'pipe' : 'ignore', 'pipe'],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const tail = new StderrTail();
    let stderr = '';
    let pending = '';
    let failure: unknown;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      fn();
    };
    const stop = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const onLine = (line: string): void => {
      if (!line.trim()) return;
      tail.push(line);
      if (failure !== undefined || !options.onStderrLine) return;
      try {
        options.onStderrLine(line);
      } catch (error) {
        // A throwing progress callback ends the run instead of crashing the process.
        failure = error;
        stop();
      }
    };
    function onAbort(): void {
      stop();
    }

    signal?.addEventListener('abort', onAbort, { once: true });
    if (options.input && child.stdin) {
      // A failing source stops the child; a child that exits early (EPIPE) reports through 'close'.
      child.stdin.on('error', () => {});
      const source = Readable.from(options.input, { objectMode: false });
      source.on('error', (error) => {
        failure ??= error;
        stop();
      });
      source.pipe(child.stdin);
    }
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS);
      const parts = (pending + chunk).split(/\r\n|\r|\n/);
      pending = parts.pop() ?? '';
      parts.forEach(onLine);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      settle(() => reject(spawnError(tool, binary, args, error)));
    });
    child.on('close', (code, exitSignal) => {
      if (pending) onLine(pending);
      settle(() => {
        if (signal?.aborted) return reject(abortError(signal.reason));
        if (failure !== undefined) return reject(failure);
        if (code === 0) return resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr });
        reject(exitError(tool, binary, args, code, exitSignal, tail.lines()));
      });
    });
  });
}

function spawnError(tool: string, binary: string, args: readonly string[], error: NodeJS.ErrnoException): LectraError {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    return new LectraError('ffmpeg-missing', `${tool} could not be started: "${binary}" ${error.code === 'ENOENT' ? 'does not exist' : 'is not executable'}. Install FFmpeg or set LECTRA_FFMPEG / LECTRA_FFPROBE to its path.`, { cause: error, file: binary });
  }
  return new LectraError('ffmpeg-failed', `${tool} could not be started: ${error.message}`, {
    cause: error,
    details: [`$ ${formatCommand(binary, args)}`],
  });
}

function exitError(
  tool: string,
  binary: string,
  args: readonly string[],
  code: number | null,
  exitSignal: NodeJS.Signals | null,
  tail: string[],
): LectraError {
  const how = code === null ? `was killed by ${exitSignal ?? 'a signal'}` : `exited with code ${code}`;
  const last = tail.filter((line) => !parseFfmpegProgress(line)).at(-1);
  return new LectraError('ffmpeg-failed', `${tool} ${how}${last ? `: ${last.trim()}` : '.'}`, {
    details: [`$ ${formatCommand(binary, args)}`, ...tail],
  });
}

/** The last lines of stderr, with runs of progress lines collapsed to the latest one. */
class StderrTail {
  private buffer: string[] = [];
  private lastWasProgress = false;

  push(line: string): void {
    const isProgress = parseFfmpegProgress(line) !== null;
    if (isProgress && this.lastWasProgress) this.buffer.pop();
    this.buffer.push(line.trimEnd());
    this.lastWasProgress = isProgress;
    if (this.buffer.length > TAIL_LINES) this.buffer.shift();
  }

  lines(): string[] {
    return [...this.buffer];
  }
}
