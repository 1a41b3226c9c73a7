export interface FfmpegProgress {
  /** Output time reached, in seconds. */
  timeSec: number;
  frame?: number;
  /** Encoding speed as a multiple of real time (2.5 for "speed=2.5x"). */
  speed?: number;
}

const TIME = /(?:^|\s)time=\s*(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/;
const FRAME = /(?:^|\s)frame=\s*(\d+)/;
const SPEED = /(?:^|\s)speed=\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)x/;

/**
 * Parses one FFmpeg stats line (`frame=… time=00:01:02.34 … speed=1.5x`, or the audio-only
 * `size=… time=… speed=…`). Returns null for any other line, and for `time=N/A`, so the
 * caller can feed it every stderr line. Pure: tested on saved stderr in test/fixtures/ffmpeg/.
 */
export function parseFfmpegProgress(line: string): FfmpegProgress | null {
  const time = TIME.exec(line);
  if (!time) return null;
  const [, sign, h, m, s] = time;
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
  // FFmpeg prints a small negative time before the first packet; treat it as the start.
  const progress: FfmpegProgress = { timeSec: sign === '-' ? 0 : seconds };
  const frame = FRAME.exec(line);
  if (frame) progress.frame = Number(frame[1]);
  const speed = SPEED.exec(line);
  if (speed) progress.speed = Number(speed[1]);
  return progress;
}
