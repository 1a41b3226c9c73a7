import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Deck, type Job } from './api.js';
import { Downloads } from './components/downloads.js';
import { InputPanel, type JobRequest } from './components/input-panel.js';
import { JobHeader } from './components/job-header.js';
import { JobList } from './components/job-list.js';
import { SlideEditor } from './components/slide-editor.js';
import { SlideStrip } from './components/slide-strip.js';
import { TimelineView } from './components/timeline-view.js';
import { VideoPanel } from './components/video-panel.js';
import { useJobEvents } from './use-job-events.js';

function jobFromHash(): string | undefined {
  return /job=([a-z0-9-]+)/.exec(location.hash)?.[1];
}

export function App() {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [job, setJob] = useState<Job>();
  const [deck, setDeck] = useState<Deck>();
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const refreshJobs = useCallback(() => api.listJobs().then(setJobs, () => undefined), []);

  const onEnd = useCallback(
    (final: Job) => {
      setJob(final);
      void refreshJobs();
      if (final.state === 'done') api.getDeck(final.id).then(setDeck, () => setDeck(undefined));
    },
    [refreshJobs],
  );
  const timeline = useJobEvents(job?.id, job?.run, onEnd);

  const open = useCallback(async (id: string) => {
    try {
      const found = await api.getJob(id);
      setJob(found);
      setSelected(0);
      setDeck(undefined);
      history.replaceState(null, '', `#job=${id}`);
      if (found.state === 'done' || found.result) api.getDeck(id).then(setDeck, () => undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void refreshJobs();
    const id = jobFromHash();
    if (id) void open(id);
  }, [open, refreshJobs]);

  const submit = async (request: JobRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.createJob(request);
      setDeck(undefined);
      setSelected(0);
      setJob(created);
      history.replaceState(null, '', `#job=${created.id}`);
      void refreshJobs();
    } catch (e) {
      setError(e instanceof ApiError && e.field ? `${e.message}` : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const saveSlide = async (edited: Deck) => {
    if (!job) return;
    setError(undefined);
    try {
      const queued = await api.putDeck(job.id, edited);
      setDeck(edited);
      setJob(queued);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const cancel = async () => {
    if (!job) return;
    try {
      setJob(await api.cancelJob(job.id));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const working = job?.state === 'queued' || job?.state === 'running';
  return (
    <div class="shell">
      <header class="topbar">
        <div class="brand">
          <span class="logo">L</span>
          <div>
            <strong>LECTRA</strong>
            <span class="tagline">Notes or a topic → a narrated lecture</span>
          </div>
        </div>
        <nav>
          <a href="docs" target="_blank" rel="noreferrer">API docs</a>
        </nav>
      </header>
      <main class="layout">
        <aside class="sidebar">
          <InputPanel busy={busy || working} onSubmit={submit} />
          <JobList jobs={jobs} currentId={job?.id} onOpen={open} />
        </aside>
        <section class="workspace">
          {error && (
            <div class="alert" role="alert" data-testid="error">
              {error}
            </div>
          )}
          {!job && <EmptyState />}
          {job && (
            <>
              <JobHeader job={job} timeline={timeline} onCancel={cancel} />
              {timeline && <TimelineView model={timeline} />}
              {job.result && job.result.frames.length > 0 && (
                <div class="two-col">
                  <SlideStrip job={job} selected={selected} onSelect={setSelected} />
                  {deck && <SlideEditor key={`${job.id}:${selected}:${job.run}`} deck={deck} index={selected} disabled={working} onSave={saveSlide} />}
                </div>
              )}
              {job.result?.files.video && <VideoPanel job={job} lang={typeof deck?.lang === 'string' ? deck.lang : undefined} />}
              {job.result && <Downloads job={job} />}
            </>
          )}
        </section>
      </main>
    </div>
  );
}

function EmptyState() {
  return (
    <div class="card empty">
      <h2>Write, watch, edit, re-render</h2>
      <p>Paste your Markdown notes, type a topic or upload your documents on the left and press <strong>Generate</strong>. Each slide's layout, frame and speech fill in below as they finish; then preview the slides, play the narrated video, edit any slide and re-render it.</p>
    </div>
  );
}
