import { endianness } from 'node:os';
import { LectraError } from '../errors.js';
import { lectureAacArgs } from './ffmpeg-args.js';
import { runFfmpeg } from './run-ffmpeg.js';

export interface LectureAacStreamOptions {
  binary: string;
  /** Where the .m4a is written (its folder must exist). */
  out: string;
  signal?: AbortSignal;
}

/**
 * The lecture's AAC track, encoded while the lecture is still being made. Slides' audio is handed
 * over in any order and fed to one FFmpeg process in slide order (one encoder, so no gaps or
 * priming at slide boundaries and the track matches the timeline sample for sample). Encoding is
 * the longest part of the video join (~150× real time, single-threaded), so doing it as slides
 * arrive takes it off the end of the run.
 *
 * Nothing is spawned until a `put` asks to start (the pipeline starts it when speech was actually
 * synthesised, so a fully cached run spends nothing here).
 */
export class LectureAacStream {
  private readonly pending = new Map<number, Int16Array[]>();
  private next = 0;
  private total: number | undefined;
  private sampleRate: number | undefined;
  private wake: (() => void) | undefined;
  private run: Promise<void> | undefined;
  private readonly controller = new AbortController();

  constructor(private readonly options: LectureAacStreamOptions) {}

  /** Raw PCM is fed as the host lays out Int16Array: only little-endian hosts can stream. */
  static supported(): boolean {
    return endianness() === 'LE';
  }

  /** The .m4a being written. */
  get out(): string {
    return this.options.out;
  }

  get started(): boolean {
    return this.run !== undefined;
  }

  /** Slide `index`'s audio (16-bit mono parts). `start` begins encoding if it has not begun. */
  put(index: number, parts: Int16Array[], sampleRate: number, start: boolean): void {
    if (this.sampleRate !== undefined && sampleRate !== this.sampleRate) {
      throw new LectraError('internal', `Slide ${index + 1}'s audio is ${sampleRate} Hz; the lecture's is ${this.sampleRate} Hz.`);
    }
    this.sampleRate = sampleRate;
    this.pending.set(index, parts);
    if (start && !this.run) this.begin(sampleRate);
    this.wake?.();
  }

  /** Every slide (`total`) has been put: resolves when the .m4a is complete. */
  async finish(total: number): Promise<void> {
    if (!this.run) throw new LectraError('internal', 'LectureAacStream.finish() before it started.');
    this.total = total;
    this.wake?.();
    await this.run;
  }

  /** Stops the encoder (if any), drops the audio it holds, and waits until FFmpeg has exited. */
  async cancel(): Promise<void> {
    this.controller.abort();
    this.pending.clear();
    this.wake?.();
    await this.run?.catch(() => {});
  }

  private begin(sampleRate: number): void {
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, this.controller.signal]) : this.controller.signal;
    // An abort from the run also releases a feeder waiting for the next slide.
    signal.addEventListener('abort', () => this.wake?.(), { once: true });
    this.run = runFfmpeg(lectureAacArgs({ pcmSampleRate: sampleRate, out: this.options.out }), { binary: this.options.binary, signal, input: this.pcm() }).then(() => {});
    this.run.catch(() => {}); // reported by finish()
  }

  private async *pcm(): AsyncGenerator<Uint8Array> {
    while (this.total === undefined || this.next < this.total) {
      if (this.controller.signal.aborted || this.options.signal?.aborted) return;
      const parts = this.pending.get(this.next);
      if (!parts) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      this.pending.delete(this.next);
      this.next += 1;
      for (const p of parts) if (p.length > 0) yield new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
    }
  }
}
