import { fileUrl, type Job } from '../api.js';

const LABELS: Array<[kind: string, label: string, hint: string]> = [
  ['pptx', 'PowerPoint deck', 'deck.pptx · narrated, auto-advancing'],
  ['video', 'Video', 'lecture.mp4 · 1080p, chapters'],
  ['vtt', 'Subtitles (WebVTT)', 'lecture.vtt'],
  ['srt', 'Subtitles (SRT)', 'lecture.srt'],
  ['deck', 'Slide model', 'deck.json · edit and re-render'],
  ['audio', 'Narration audio', 'lecture.wav'],
];

/** Download links for every artifact the job produced. */
export function Downloads({ job }: { job: Job }) {
  const files = job.result?.files ?? {};
  const present = LABELS.filter(([kind]) => files[kind]);
  if (present.length === 0) return null;
  return (
    <div class="card downloads">
      <h2>Downloads</h2>
      <div class="download-grid" data-testid="downloads">
        {present.map(([kind, label, hint]) => (
          <a key={kind} class="download" href={fileUrl(job, files[kind]!)} download={files[kind]!.split('/').pop()} data-kind={kind}>
            <strong>{label}</strong>
            <small>{hint}</small>
          </a>
        ))}
      </div>
    </div>
  );
}
