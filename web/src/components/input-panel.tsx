import { useState } from 'preact/hooks';
import type { CreateJobBody } from '../api.js';
import { SAMPLE_NOTES } from '../sample-notes.js';
import { DocumentsPanel, type DocumentsChoice } from './documents-panel.js';

export type JobRequest = CreateJobBody;

type Mode = 'notes' | 'topic' | 'documents';
const MODES: Array<[Mode, string]> = [
  ['notes', 'Notes'],
  ['topic', 'Topic'],
  ['documents', 'Documents'],
];

/** Notes (Markdown), a topic or uploaded documents, a few options (study mode among them), and Generate. */
export function InputPanel({ busy, onSubmit }: { busy: boolean; onSubmit: (request: JobRequest) => void }) {
  const [mode, setMode] = useState<Mode>('notes');
  const [notes, setNotes] = useState(SAMPLE_NOTES);
  const [topic, setTopic] = useState('');
  const [focus, setFocus] = useState('');
  const [slides, setSlides] = useState(5);
  const [theme, setTheme] = useState('light');
  const [video, setVideo] = useState(true);
  const [quiz, setQuiz] = useState(false);
  const [quizEvery, setQuizEvery] = useState(3);
  const [offline, setOffline] = useState(false);
  const [docs, setDocs] = useState<DocumentsChoice>({ collection: 'default', documents: [], available: 0 });

  const submit = (event: Event) => {
    event.preventDefault();
    const options: Record<string, unknown> = { theme };
    if (!video) options.only = ['deck', 'frames', 'pptx', 'audio'];
    if (quiz) options.quizEvery = quizEvery;
    if (mode === 'topic') onSubmit({ topic, options: { ...options, slides } });
    else if (mode === 'documents') {
      onSubmit({
        collection: docs.collection,
        ...(docs.documents.length < docs.available ? { documents: docs.documents } : {}),
        ...(focus.trim() ? { topic: focus.trim() } : {}),
        options: { ...options, slides, ...(offline ? { llm: 'none' } : {}) },
      });
    } else onSubmit({ notes, options });
  };

  const ready = mode === 'topic' ? topic.trim() !== '' : mode === 'documents' ? docs.documents.length > 0 : notes.trim() !== '';
  return (
    <form class="card input-panel" onSubmit={submit}>
      <div class="tabs" role="tablist">
        {MODES.map(([id, label]) => (
          <button key={id} type="button" role="tab" data-testid={`mode-${id}`} aria-selected={mode === id} class={mode === id ? 'tab active' : 'tab'} onClick={() => setMode(id)}>
            {label}
          </button>
        ))}
      </div>
      {mode === 'notes' && (
        <label class="field">
          <span class="hint">Slides are separated by <code>---</code>; HTML comments are the narration.</span>
          <textarea data-testid="notes" spellcheck={false} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} rows={18} />
        </label>
      )}
      {mode === 'topic' && (
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
      {mode === 'documents' && (
        <>
          <DocumentsPanel onChange={setDocs} />
          <label class="field">
            <span class="label">Focus (optional)</span>
            <input data-testid="focus" value={focus} placeholder="e.g. geothermal energy" onInput={(e) => setFocus(e.currentTarget.value)} />
          </label>
          <div class="options">
            <label class="field inline">
              <span class="label">Content slides</span>
              <input type="number" min={1} max={30} value={slides} onInput={(e) => setSlides(Number(e.currentTarget.value))} />
            </label>
            <label class="check" title="Outline from the documents' headings and key sentences, no LLM needed">
              <input type="checkbox" data-testid="offline" checked={offline} onChange={(e) => setOffline(e.currentTarget.checked)} /> Without LLM
            </label>
          </div>
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
      <div class={quiz ? 'study on' : 'study'}>
        <label class="check">
          <input type="checkbox" data-testid="quiz-toggle" checked={quiz} onChange={(e) => setQuiz(e.currentTarget.checked)} /> Study mode: quiz every
        </label>
        <input type="number" data-testid="quiz-every" aria-label="Slides between quiz checkpoints" min={1} max={20} value={quizEvery} disabled={!quiz} onInput={(e) => setQuizEvery(Math.max(1, Number(e.currentTarget.value) || 1))} />
        <span class="check">slides</span>
      </div>
      <button class="primary" type="submit" data-testid="generate" disabled={busy || !ready}>
        {busy ? 'Working…' : 'Generate lecture'}
      </button>
    </form>
  );
}
