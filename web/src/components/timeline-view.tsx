import { activeSlideStages, JOIN_STAGES, STAGE_LABELS, type Cell, type TimelineModel } from '../timeline-state.js';

/** A row per slide, a cell per stage, filling in live; the lecture-wide joins in the last row. */
export function TimelineView({ model }: { model: TimelineModel }) {
  const stages = activeSlideStages(model);
  const slides = Array.from({ length: model.slideCount }, (_, i) => i + 1);
  const joins = JOIN_STAGES.filter((stage) => model.cells[`0:${stage}`]);
  return (
    <div class="card timeline" data-testid="timeline" data-state={model.state}>
      <div class="card-title">
        <h2>Timeline</h2>
        <Legend />
      </div>
      <table>
        <thead>
          <tr>
            <th>Slide</th>
            {stages.map((stage) => (
              <th key={stage}>{STAGE_LABELS[stage]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {slides.map((slide) => (
            <tr key={slide} data-testid={`timeline-row-${slide}`}>
              <td class="slide-no">{slide}</td>
              {stages.map((stage) => (
                <td key={stage}>
                  <CellView cell={model.cells[`${slide}:${stage}`]} stage={stage} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {joins.length > 0 && (
        <div class="joins" data-testid="timeline-joins">
          <span class="joins-label">Lecture</span>
          {joins.map((stage) => (
            <span key={stage} class="join">
              <span class="join-name">{STAGE_LABELS[stage]}</span>
              <CellView cell={model.cells[`0:${stage}`]} stage={stage} />
            </span>
          ))}
        </div>
      )}
      {model.warnings.length > 0 && (
        <ul class="warnings">
          {model.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CellView({ cell, stage }: { cell?: Cell; stage: string }) {
  if (!cell) return <span class="cell pending" data-stage={stage} data-status="pending" />;
  const label = cell.status === 'running' ? '' : cell.status === 'cached' ? 'cached' : cell.status === 'failed' ? 'failed' : formatMs(cell.ms);
  return (
    <span class={`cell ${cell.status}`} data-stage={stage} data-status={cell.status} title={`${STAGE_LABELS[stage] ?? stage}: ${cell.status}${cell.ms !== undefined ? ` in ${formatMs(cell.ms)}` : ''}`}>
      {label}
    </span>
  );
}

function Legend() {
  return (
    <div class="legend">
      <span><i class="dot running" /> running</span>
      <span><i class="dot done" /> done</span>
      <span><i class="dot cached" /> from cache</span>
      <span><i class="dot failed" /> failed</span>
    </div>
  );
}

function formatMs(ms?: number): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}
