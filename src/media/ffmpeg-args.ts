/**
 * Pure FFmpeg argument builders: they return arrays (never shell strings) and are tested by
 * equality, with no FFmpeg needed. All runs go through runFfmpeg.
 */

export interface ConcatFrame {
  path: string;
  durationSec: number;
}

export interface LectureVideoInput {
  /** ffconcat list from frameConcatList. */
  concatList: string;
  /** The narration (the whole lecture): a WAV, or an already encoded AAC track (`audioCopy`). */
  audio: string;
  /** The audio is AAC already (lectureAacArgs): copy it instead of encoding. */
  audioCopy?: boolean;
  /** FFMETADATA1 file with the chapters (toFfmetadata). */
  chapters: string;
  /** SRT file; omitted when there is no narration text. */
  subtitles?: string;
  /** ISO 639-2 code of the subtitle track, e.g. "eng". */
  subtitleLang?: string;
  /** Slide start times in seconds; each gets a keyframe so seeking to a slide is exact. */
  keyframeTimes: number[];
  totalSec: number;
  out: string;
  title?: string;
}

export const VIDEO_WIDTH = 1920;
export const VIDEO_HEIGHT = 1080;

/** Quiet except for warnings, errors and the stats line runFfmpeg parses for progress. */
export function ffmpegBaseArgs(): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', 'warning', '-stats', '-y'];
}

/**
 * Slide boundaries in whole microseconds (FFmpeg's AV_TIME_BASE), from cumulative durations:
 * [0, end of slide 1, end of slide 2, …]. Rounding the cumulative sum, not each duration, means
 * no error builds up over 50 slides.
 */
export function concatBoundariesUs(durationsSec: number[]): number[] {
  const boundaries = [0];
  let sum = 0;
  for (const d of durationsSec) {
    sum += Math.max(0, d);
    boundaries.push(Math.max(boundaries[boundaries.length - 1], Math.round(sum * 1e6)));
  }
  return boundaries;
}

/**
 * The concat-demuxer list for the slide images. Each image is repeated at least every
 * `maxFrameSec` so players and seeking always find a recent frame; entry durations come from
 * microsecond boundaries so they add up exactly to each slide's length. The last file is listed
 * again without a duration because the demuxer ignores the last entry's duration.
 *
 * The final `endFrameSec` (one frame at the image demuxer's 25 fps) gets an entry of its own:
 * the MP4 video track ends one frame after its last picture, so a last picture placed at
 * `total − 1 frame` makes the video track last until the audio ends (FFmpeg 4.1 has no tpad).
 */
// FFmpeg decodes the PNG again for every list entry, so repeats cost real time (measured on a
// 149 s, 9-slide lecture: 5.4 s encode with a repeat every 2 s, 2.1 s every 10 s, 1.7 s with none).
// Keyframes sit at every slide start, so seeking never needs the repeats; 10 s keeps players
// that dislike very long frames happy at a small cost.
export const MAX_FRAME_SEC = 10;

export function frameConcatList(frames: ConcatFrame[], maxFrameSec = MAX_FRAME_SEC, endFrameSec = 0.04): string {
  const lines = ['ffconcat version 1.0'];
  const boundaries = concatBoundariesUs(frames.map((f) => f.durationSec));
  const maxUs = Math.max(1, Math.round(maxFrameSec * 1e6));
  const endUs = Math.max(0, Math.round(endFrameSec * 1e6));
  const entry = (file: string, us: number): void => {
    lines.push(`file ${quoteConcatPath(file)}`, `duration ${formatSeconds(us)}`);
  };
  frames.forEach((frame, i) => {
    const startUs = boundaries[i];
    const lengthUs = boundaries[i + 1] - startUs;
    if (lengthUs <= 0) return; // a zero-length slide has no frame to show
    const entries = Math.ceil(lengthUs / maxUs);
    let previous = startUs;
    for (let j = 1; j <= entries; j++) {
      const next = startUs + Math.round((lengthUs * j) / entries);
      const isLast = i === frames.length - 1 && j === entries;
      if (isLast && endUs > 0 && next - previous > 2 * endUs) {
        entry(frame.path, next - endUs - previous);
        entry(frame.path, endUs);
      } else {
        entry(frame.path, next - previous);
      }
      previous = next;
    }
  });
  const last = frames.at(-1);
  if (last) lines.push(`file ${quoteConcatPath(last.path)}`);
  return `${lines.join('\n')}\n`;
}

/** Single-quoted for the concat demuxer: a quote inside becomes '\'' (close, escaped quote, reopen). */
export function quoteConcatPath(file: string): string {
  return `'${file.replace(/'/g, `'\\''`)}'`;
}

/**
 * One FFmpeg run for the whole lecture: slide images (variable frame rate, one encoded frame
 * per list entry, so cost follows the number of pictures, not the length), the narration,
 * chapters and metadata from ffmetadata, and a mov_text subtitle track.
 */
export function lectureVideoArgs(input: LectureVideoInput): string[] {
  const hasSubs = input.subtitles !== undefined;
  return [
    ...ffmpegBaseArgs(),
    // The concat demuxer treats a frame it cannot open as the end of input; -xerror makes that a failure.
    '-xerror',
    ...['-f', 'concat', '-safe', '0', '-i', input.concatList],
    ...['-i', input.audio],
    ...['-f', 'ffmetadata', '-i', input.chapters],
    ...(hasSubs ? ['-f', 'srt', '-i', input.subtitles as string] : []),
    ...['-map', '0:v', '-map', '1:a'],
    ...(hasSubs ? ['-map', '3:s'] : []),
    ...['-map_metadata', '2', '-map_chapters', '2'],
    ...(input.title !== undefined ? ['-metadata', `title=${input.title}`] : []),
    ...videoCodecArgs(input.keyframeTimes),
    ...(input.audioCopy ? ['-c:a', 'copy'] : lectureAacCodecArgs()),
    ...(hasSubs ? subtitleCodecArgs(input.subtitleLang) : []),
    ...['-movflags', '+faststart'],
    ...['-t', formatSeconds(Math.round(input.totalSec * 1e6))],
    ...['-f', 'mp4', input.out],
  ];
}

/** The lecture's AAC settings, shared by the one-run encode and the separate audio track. */
function lectureAacCodecArgs(): string[] {
  return ['-c:a', 'aac', '-b:a', '128k', '-aac_coder', 'fast'];
}

/**
 * The lecture's audio track on its own, as AAC in .m4a: from a WAV file, or from raw 16-bit mono
 * PCM on stdin (`pcmSampleRate`), so it can be encoded while later slides are still being made.
 */
export function lectureAacArgs(input: { wav?: string; pcmSampleRate?: number; out: string }): string[] {
  const source = input.pcmSampleRate !== undefined ? ['-f', 's16le', '-ar', String(input.pcmSampleRate), '-ac', '1', '-i', 'pipe:0'] : ['-i', input.wav ?? ''];
  return [...ffmpegBaseArgs(), ...source, '-vn', ...lectureAacCodecArgs(), '-f', 'mp4', input.out];
}

function videoCodecArgs(keyframeTimes: number[]): string[] {
  const w = VIDEO_WIDTH;
  const h = VIDEO_HEIGHT;
  const filter = `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=white,setsar=1,format=yuv420p`;
  const args = ['-vf', filter, '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-pix_fmt', 'yuv420p'];
  // No B-frames: with sparse VFR frames the reordering delay makes the MP4 edit list end early and
  // the last slide's frames get flagged as discarded. Static slides gain nothing from B-frames anyway.
  args.push('-bf', '0');
  // FFmpeg 4.1 has no -fps_mode; -vsync vfr passes each list entry through as one frame.
  args.push('-vsync', 'vfr');
  if (keyframeTimes.length) args.push('-force_key_frames', keyframeTimes.map((t) => formatSeconds(Math.round(t * 1e6))).join(','));
  return args;
}

function subtitleCodecArgs(lang: string | undefined): string[] {
  return ['-c:s', 'mov_text', ...(lang ? ['-metadata:s:s:0', `language=${lang}`] : [])];
}

/** Microseconds → "12.345678" without trailing zeros ("2", "0.04"). */
export function formatSeconds(us: number): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(Math.round(us));
  const whole = Math.floor(abs / 1e6);
  const frac = String(abs % 1e6).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/**
 * One slide's narration as AAC in an .m4a (for the PPTX): a tenth of the WAV's size, which keeps
 * the deck small and the PPTX join fast.
 */
export function slideAacArgs(input: { wav: string; out: string; bitrateK?: number }): string[] {
  return [
    ...ffmpegBaseArgs(),
    '-i', input.wav,
    '-vn',
    '-c:a', 'aac', '-b:a', `${input.bitrateK ?? 96}k`, '-aac_coder', 'fast',
    '-movflags', '+faststart',
    '-f', 'mp4', input.out,
  ];
}
