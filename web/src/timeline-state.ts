/**
 * The per-slide timeline as data: server-sent events in, cells out. Pure, so the view stays a
 * function of it and a replayed stream rebuilds exactly the same picture.
 */

export type CellStatus = 'running' | 'done' | 'cached' | 'failed';

export interface Cell {
  status: CellStatus;
  ms?: number;
}

export interface TimelineModel {
  run: number;
  state: string;
  slideCount: number;
  /** `${slide}:${stage}`; lecture-wide tasks use slide 0. */
  cells: Record<string, Cell>;
  warnings: string[];
  totalMs?: number;
}

export const SLIDE_STAGES = ['content', 'layout', 'images', 'frames', 'narration', 'prosody', 'speech'] as const;
export const JOIN_STAGES = ['documents', 'outline', 'load', 'timings', 'audio', 'pptx', 'video'] as const;

export const STAGE_LABELS: Record<string, string> = {
  documents: 'Documents',
  outline: 'Outline',
  content: 'Script',
  layout: 'Layout',
  images: 'Image',
  frames: 'Frame',
  narration: 'Text',
  prosody: 'Prosody',
  speech: 'Speech',
  load: 'deck.json',
  timings: 'Timings',
  audio: 'Audio',
  pptx: 'PPTX',
  video: 'Video',
};

export function emptyTimeline(run: number): TimelineModel {
  return { run, state: 'queued', slideCount: 0, cells: {}, warnings: [] };
}

interface TaskRef {
  stage: string;
  slide?: number;
}

/** One server-sent event applied to the model (a new object; the old one is untouched). */
export function applyEvent(model: TimelineModel, name: string, data: any): TimelineModel {
  if (name === 'state') return { ...model, state: data.state };
  if (name === 'done' || name === 'failed') return { ...model, state: data.state };
  if (name !== 'progress') return model;
  switch (data.type) {
    case 'run-started':
      return { ...model, state: 'running', slideCount: Math.max(model.slideCount, data.slides ?? 0) };
    case 'task-started':
      return setCell(model, data.task, { status: 'running' });
    case 'task-finished':
      return setCell(model, data.task, { status: data.cached ? 'cached' : 'done', ms: data.durationMs });
    case 'task-failed':
      return setCell(model, data.task, { status: 'failed' });
    case 'warning':
      return { ...model, warnings: [...model.warnings, data.message] };
    case 'run-finished':
      return { ...model, totalMs: data.durationMs };
    default:
      return model;
  }
}

function setCell(model: TimelineModel, task: TaskRef, cell: Cell): TimelineModel {
  const slide = task.slide ?? 0;
  return {
    ...model,
    slideCount: Math.max(model.slideCount, slide),
    cells: { ...model.cells, [`${slide}:${task.stage}`]: cell },
  };
}

/** Slides whose speech or frame was computed in this run (not served from the cache). */
export function recomputedSlides(model: TimelineModel): number[] {
  const slides = new Set<number>();
  for (const [key, cell] of Object.entries(model.cells)) {
    const [slide, stage] = key.split(':');
    if (Number(slide) > 0 && cell.status === 'done' && (stage === 'speech' || stage === 'frames')) slides.add(Number(slide));
  }
  return [...slides].sort((a, b) => a - b);
}

export function cachedCount(model: TimelineModel): number {
  return Object.values(model.cells).filter((c) => c.status === 'cached').length;
}

/** Which columns to draw: the per-slide stages that actually occur in this run. */
export function activeSlideStages(model: TimelineModel): string[] {
  const seen = new Set(Object.keys(model.cells).map((k) => k.split(':')[1]));
  const always = ['layout', 'frames', 'speech'];
  return SLIDE_STAGES.filter((s) => seen.has(s) || always.includes(s));
}
