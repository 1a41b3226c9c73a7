import { parseFfmpegProgress } from './parse-ffmpeg-progress.js';
import { spawnMedia } from './spawn-media.js';

export interface RunFfmpegProgress {
  timeSec: number;
  /** 0…1 when `totalSec` was given. */
  fraction?: number;
}

export interface RunFfmpegOptions {
  binary: string;
  signal?: AbortSignal;
  onProgress?: (progress: RunFfmpegProgress) => void;
  /** Expected output length, to turn FFmpeg's `time=` into a fraction. */
  totalSec?: number;
  cwd?: string;
  /** Bytes for FFmpeg's stdin (`-i pipe:0`). */
  input?: AsyncIterable<Uint8Array>;
}

/**
 * The one way to run FFmpeg: an argument array (never a shell string), progress parsed from
 * stderr, the child killed on abort, and the stderr tail plus the command in every failure.
 */
export async function runFfmpeg(args: string[], options: RunFfmpegOptions): Promise<{ stderr: string }> {
  const { onProgress, totalSec } = options;
  const { stderr } = await spawnMedia(options.binary, args, {
    tool: 'FFmpeg',
    signal: options.signal,
    cwd: options.cwd,
    input: options.input,
    onStderrLine: onProgress
      ? (line) => {
          const parsed = parseFfmpegProgress(line);
          if (!parsed) return;
          const fraction = totalSec && totalSec > 0 ? Math.min(1, parsed.timeSec / totalSec) : undefined;
          onProgress(fraction === undefined ? { timeSec: parsed.timeSec } : { timeSec: parsed.timeSec, fraction });
        }
      : undefined,
  });
  return { stderr };
}

/** ffprobe through the same spawn/abort/error path; resolves with its stdout. */
export async function runFfprobe(args: string[], options: { binary: string; signal?: AbortSignal; cwd?: string }): Promise<string> {
  const { stdout } = await spawnMedia(options.binary, args, {
    tool: 'ffprobe',
    signal: options.signal,
    cwd: options.cwd,
    collectStdout: true,
  });
  return stdout;
}
