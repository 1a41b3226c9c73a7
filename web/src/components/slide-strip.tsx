import { fileUrl, type Job } from '../api.js';

/** Slide thumbnails (the rendered frames); click one to edit it. */
export function SlideStrip({ job, selected, onSelect }: { job: Job; selected: number; onSelect: (index: number) => void }) {
  const frames = job.result?.frames ?? [];
  return (
    <div class="card slides">
      <h2>Slides</h2>
      <div class="thumbs">
        {frames.map((frame, i) => (
          <button type="button" key={frame} class={i === selected ? 'thumb selected' : 'thumb'} onClick={() => onSelect(i)} data-testid={`thumb-${i + 1}`}>
            <img src={fileUrl(job, frame)} alt={`Slide ${i + 1}`} loading="lazy" />
            <span class="thumb-no">{i + 1}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
