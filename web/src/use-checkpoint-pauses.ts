import type { RefObject } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Checkpoint } from './api.js';

/** How close to a checkpoint's time counts as reaching it (seconds). */
const EARLY = 0.05;

/**
 * Pauses the video at each quiz checkpoint (its `time_sec`, the start of the checkpoint slide)
 * and says which one is showing; `resume()` marks it answered and continues after its quiz slides.
 * Checked on every animation frame while playing (timeupdate alone fires only every ~250 ms).
 * Seeking back before a checkpoint asks it again; seeking past one skips it.
 */
export function useCheckpointPauses(video: RefObject<HTMLVideoElement | null>, checkpoints: Checkpoint[]) {
  const [active, setActive] = useState<Checkpoint>();
  const answered = useRef(new Set<number>());

  useEffect(() => {
    answered.current = new Set();
    setActive(undefined);
    const v = video.current;
    const timed = checkpoints.filter((c) => c.time_sec !== null);
    if (!v || timed.length === 0) return;
    let frame = 0;
    const check = () => {
      const t = v.currentTime;
      const hit = timed.find((c) => !answered.current.has(c.index) && t >= c.time_sec! - EARLY && t < Math.max(c.resume_sec ?? 0, c.time_sec! + 1));
      if (hit) {
        v.pause();
        v.currentTime = hit.time_sec!;
        setActive(hit);
      }
    };
    const loop = () => {
      check();
      if (!v.paused) frame = requestAnimationFrame(loop);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const onSeeked = () => {
      for (const c of timed) if (c.time_sec! > v.currentTime + 0.25) answered.current.delete(c.index);
    };
    v.addEventListener('play', onPlay);
    v.addEventListener('timeupdate', check);
    v.addEventListener('seeked', onSeeked);
    if (!v.paused) onPlay();
    return () => {
      cancelAnimationFrame(frame);
      v.removeEventListener('play', onPlay);
      v.removeEventListener('timeupdate', check);
      v.removeEventListener('seeked', onSeeked);
    };
  }, [video, checkpoints]);

  const resume = useCallback(() => {
    const v = video.current;
    if (!active || !v) return;
    answered.current.add(active.index);
    setActive(undefined);
    v.currentTime = active.resume_sec ?? active.time_sec ?? v.currentTime;
    void v.play().catch(() => undefined);
  }, [active, video]);

  return { active, resume };
}
