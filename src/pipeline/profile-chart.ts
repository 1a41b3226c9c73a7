import type { Profile, TaskRecord } from './profiler.js';
import type { StageName } from './progress.js';

const STAGE_COLOURS: Record<StageName, string> = {
  documents: '#6d28d9', outline: '#7c3aed', content: '#a855f7', images: '#f59e0b', layout: '#94a3b8', frames: '#3b82f6', narration: '#cbd5e1',
  prosody: '#64748b', speech: '#10b981', timings: '#0ea5e9', audio: '#14b8a6', pptx: '#ef4444', video: '#f97316', load: '#e2e8f0',
};
const STAGE_CHARS: Record<StageName, string> = { documents: 'D', outline: 'O', content: 'C', images: 'I', layout: 'l', frames: 'F', narration: 'n', prosody: 'p', speech: 'S', timings: 't', audio: 'a', pptx: 'P', video: 'V', load: '.' };

function rows(profile: Profile): Array<{ label: string; tasks: TaskRecord[] }> {
  const slides = [...new Set(profile.tasks.flatMap((t) => (t.slide === undefined ? [] : [t.slide])))].sort((a, b) => a - b);
  const global = profile.tasks.filter((t) => t.slide === undefined);
  return [
    ...slides.map((slide) => ({ label: `slide ${String(slide).padStart(3)}`, tasks: profile.tasks.filter((t) => t.slide === slide) })),
    ...[...new Set(global.map((t) => t.stage))].map((stage) => ({ label: stage.padEnd(9), tasks: global.filter((t) => t.stage === stage) })),
  ];
}

/** A text Gantt chart: one row per slide and per join, one letter per stage (legend below). */
export function profileGantt(profile: Profile, width = 72): string {
  const total = Math.max(1, profile.totalMs);
  const lines = rows(profile).map(({ label, tasks }) => {
    const cells = Array.from({ length: width }, () => ' ');
    for (const task of tasks) {
      const from = Math.floor((task.startMs / total) * width);
      const to = Math.max(from + 1, Math.ceil((task.endMs / total) * width));
      for (let x = from; x < Math.min(to, width); x++) cells[x] = task.cached ? '·' : STAGE_CHARS[task.stage] ?? '#';
    }
    return `${label} |${cells.join('')}|`;
  });
  const legend = Object.entries(STAGE_CHARS).map(([stage, c]) => `${c}=${stage}`).join(' ');
  return [`0s${' '.repeat(width + 8)}${(total / 1000).toFixed(2)}s`, ...lines, `legend: ${legend}, ·=cached`].join('\n');
}

/** The same chart as an SVG a person can open in a browser. */
export function profileSvg(profile: Profile): string {
  const all = rows(profile);
  const total = Math.max(1, profile.totalMs);
  const left = 110;
  const width = 900;
  const rowH = 18;
  const height = all.length * rowH + 60;
  const x = (ms: number) => left + (ms / total) * width;
  const bars = all.flatMap(({ label, tasks }, r) => [
    `<text x="4" y="${30 + r * rowH + 12}" font-size="11" font-family="sans-serif">${label.trim()}</text>`,
    ...tasks.map(
      (t) =>
        `<rect x="${x(t.startMs).toFixed(1)}" y="${30 + r * rowH + 2}" width="${Math.max(1, x(t.endMs) - x(t.startMs)).toFixed(1)}" height="${rowH - 4}" fill="${STAGE_COLOURS[t.stage] ?? '#888'}" opacity="${t.cached ? 0.35 : 0.9}"><title>${t.id}: ${((t.endMs - t.startMs) / 1000).toFixed(3)}s${t.cached ? ' (cached)' : ''}</title></rect>`,
    ),
  ]);
  const legend = Object.entries(STAGE_COLOURS).map(
    ([stage, colour], i) => `<rect x="${left + i * 68}" y="${height - 22}" width="10" height="10" fill="${colour}"/><text x="${left + i * 68 + 14}" y="${height - 13}" font-size="10" font-family="sans-serif">${stage}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${height}" viewBox="0 0 ${left + width + 20} ${height}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="18" font-size="12" font-family="sans-serif">LECTRA run: ${(total / 1000).toFixed(2)} s, ${profile.tasks.length} tasks (${profile.tasks.filter((t) => t.cached).length} cached)</text>`,
    ...bars,
    ...legend,
    '</svg>',
  ].join('\n');
}
