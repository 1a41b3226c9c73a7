import { useState } from 'preact/hooks';
import { SAMPLE_NOTES } from '../sample-notes.js';

export interface JobRequest {
  notes?: string;
  topic?: string;
  options?: Record<string, unknown>;
}

/** Notes (Markdown) or a topic, a few options, and Generate. */
export function InputPanel({ busy, onSubmit }: { busy: boolean; onSubmit: (request: JobRequest) => void }) {
  const [mode, setMode] = useState<'notes' | 'topic'>('notes');
  const [notes, setNotes] = useState(SAMPLE_NOTES);
  const [topic, setTopic] = useState('');
  const [slides, setSlides] = useState(5);
  const [theme, setTheme] = useState('light');
  const [video, setVideo] = useState(true);

  const submit = (event: Event) => {
    event.preventDefault();
    const options: Record<string, unknown> = { theme };
    if (!video) options.only = ['deck', 'frames', 'pptx', 'audio'];
    if (mode === 'topic') onSubmit({ topic, options: { ...options, slides } });
    else onSubmit({ notes, options });
  };

  return (
    <form class="card input-panel" onSubmit={submit}>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'notes'} class={mode === 'notes' ? 'tab active' : 'tab'} onClick={() => setMode('notes')}>
          Markdown notes
        </button>
        <button type="button" role="tab" aria-selected={mode === 'topic'} class={mode === 'topic' ? 'tab active' : 'tab'} onClick={() => setMode('topic')}>
          Topic
        </button>
      </div>
      {mode === 'notes' ? (
        <label class="field">
          <span class="hint">Slides are separated by <code>---</code>; HTML comments are the narration.</span>
          <textarea data-testid="notes" spellcheck={false} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} rows={18} />
        </label>
      ) : (
        <>
          <label class="field">
            <span class="label">Topic</span>
            <input data-testid="topic" value={topic} placeholder="e.g. AI in Healthcare" onInput={(e) => setTopic(e.currentTarget.value)} />
          </label>
          <label class="field inline">
            <span class="label">Content slides</span>
            <input type="number" min={1} max={30} value={slides} onInput={(e) => setSlides(Number(e.currentTarget.value))} />
          </label>
          <p class="hint">Topic mode asks the LLM configured on the server (Ollama by default).</p>
        </>
      )}
      <div class="options">
        <label class="field inline">
          <span class="label">Theme</span>
          <select value={theme} onChange={(e) => setTheme(e.currentTarget.value)}>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={video} onChange={(e) => setVideo(e.currentTarget.checked)} /> Narrated video
        </label>
      </div>
      <button class="primary" type="submit" data-testid="generate" disabled={busy || (mode === 'topic' ? !topic.trim() : !notes.trim())}>
        {busy ? 'Working…' : 'Generate lecture'}
      </button>
    </form>
  );
}
