import { useEffect, useRef, useState } from 'preact/hooks';
import { withToken, type Job } from './api.js';
import { applyEvent, emptyTimeline, type TimelineModel } from './timeline-state.js';

const EVENT_NAMES = ['state', 'progress', 'done', 'failed'] as const;

/**
 * Follows one render run of a job over server-sent events (replay, then live) and folds the
 * events into a timeline. Calls `onEnd` with the final job when `done` or `failed` arrives.
 */
export function useJobEvents(jobId: string | undefined, run: number | undefined, onEnd: (job: Job) => void): TimelineModel | undefined {
  const [model, setModel] = useState<TimelineModel>();
  const endRef = useRef(onEnd);
  endRef.current = onEnd;

  useEffect(() => {
    if (!jobId || !run) return;
    setModel(emptyTimeline(run));
    const source = new EventSource(withToken(`jobs/${jobId}/events?run=${run}`));
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        const data = JSON.parse((message as MessageEvent<string>).data);
        setModel((current) => applyEvent(current ?? emptyTimeline(run), name, data));
        if (name === 'done' || name === 'failed') {
          source.close(); // the server ends the stream; without this the browser would reconnect
          endRef.current(data as Job);
        }
      });
    }
    return () => source.close();
  }, [jobId, run]);

  return model;
}
