import { useRef } from 'preact/hooks';
import { fileUrl, renderStamp, type Job } from '../api.js';
import { formatDuration } from './job-header.js';

/** The narrated video with its subtitle track, and one chapter per slide to jump to. */
export function VideoPanel({ job, lang = 'en' }: { job: Job; lang?: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const files = job.result!.files;
  const chapters = job.result!.slideTimings;
  return (
    <div class="card video-panel">
      <h2>Lecture video</h2>
      <div class="video-layout">
        <video ref={video} controls preload="metadata" crossOrigin="anonymous" data-testid="video" key={`${job.id}:${renderStamp(job)}`}>
          <source src={fileUrl(job, files.video!)} type="video/mp4" />
          {files.vtt && <track kind="subtitles" src={fileUrl(job, files.vtt)} srclang={lang} label="Subtitles" default />}
        </video>
        <ol class="chapters" data-testid="chapters">
          {chapters.map((c) => (
            <li key={c.slide}>
              <button
                type="button"
                onClick={() => {
                  if (!video.current) return;
                  video.current.currentTime = c.start;
                  void video.current.play();
                }}
              >
                <span class="chapter-time">{formatDuration(c.start)}</span>
                <span class="chapter-title">{c.title || `Slide ${c.slide}`}</span>
              </button>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
