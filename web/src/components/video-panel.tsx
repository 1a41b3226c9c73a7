import { useEffect, useRef, useState } from 'preact/hooks';
import { api, fileUrl, renderStamp, type Checkpoint, type Job } from '../api.js';
import { useCheckpointPauses } from '../use-checkpoint-pauses.js';
import { formatDuration } from './job-header.js';
import { QuizOverlay } from './quiz-overlay.js';

const NO_CHECKPOINTS: Checkpoint[] = [];
const CHECKPOINT_TITLE = /^Checkpoint:\s*/;

/**
 * The narrated video with its subtitle track and one chapter per slide to jump to. In study mode
 * (the job has quiz.json) the video stops at each checkpoint and asks its questions.
 */
export function VideoPanel({ job, lang = 'en' }: { job: Job; lang?: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const files = job.result!.files;
  const chapters = job.result!.slideTimings;
  const stamp = renderStamp(job);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>(NO_CHECKPOINTS);

  useEffect(() => {
    setCheckpoints(NO_CHECKPOINTS);
    if (!files.quiz) return;
    let live = true;
    api.quizCheckpoints(job.id).then((found) => live && setCheckpoints(found), () => undefined);
    return () => {
      live = false;
    };
  }, [job.id, stamp, files.quiz]);

  const { active, resume } = useCheckpointPauses(video, checkpoints);
  const timed = checkpoints.filter((c) => c.time_sec !== null);

  return (
    <div class="card video-panel">
      <div class="card-title">
        <h2>Lecture video</h2>
        {timed.length > 0 && (
          <span class="study-note" data-testid="study-mode">
            Study mode · the video stops at {timed.length} checkpoint{timed.length === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <div class="video-layout">
        <div class="video-stage">
          <video ref={video} controls={!active} preload="metadata" crossOrigin="anonymous" data-testid="video" key={`${job.id}:${stamp}`}>
            <source src={fileUrl(job, files.video!)} type="video/mp4" />
            {files.vtt && <track kind="subtitles" src={fileUrl(job, files.vtt)} srclang={lang} label="Subtitles" default />}
          </video>
          {active && <QuizOverlay key={active.index} jobId={job.id} checkpoint={active} total={timed.length} onContinue={resume} />}
        </div>
        <ol class="chapters" data-testid="chapters">
          {chapters.map((c) => {
            const quiz = CHECKPOINT_TITLE.test(c.title);
            return (
              <li key={c.slide} class={quiz ? 'quiz-chapter' : undefined}>
                <button
                  type="button"
                  onClick={() => {
                    if (!video.current) return;
                    video.current.currentTime = c.start;
                    void video.current.play();
                  }}
                >
                  <span class="chapter-time">{formatDuration(c.start)}</span>
                  <span class="chapter-title">{quiz ? <><span class="quiz-pill">Quiz</span> {c.title.replace(CHECKPOINT_TITLE, '')}</> : c.title || `Slide ${c.slide}`}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
