import { useState } from 'preact/hooks';
import { api, type Checkpoint, type QuizVerdict } from '../api.js';

const LETTERS = ['A', 'B', 'C', 'D'];

/** One checkpoint over the paused video: each question with its four options, the verdict and explanation, then Continue. */
export function QuizOverlay({ jobId, checkpoint, total, onContinue }: { jobId: string; checkpoint: Checkpoint; total: number; onContinue: () => void }) {
  const [index, setIndex] = useState(0);
  const [chosen, setChosen] = useState<number>();
  const [verdict, setVerdict] = useState<QuizVerdict>();
  const [error, setError] = useState<string>();
  const question = checkpoint.questions[index]!;
  const last = index + 1 >= checkpoint.questions.length;

  const answer = async (option: number) => {
    if (chosen !== undefined) return;
    setChosen(option);
    setError(undefined);
    try {
      setVerdict(await api.submitQuizAnswer(jobId, checkpoint.index, index, option));
    } catch (e) {
      setChosen(undefined);
      setError((e as Error).message);
    }
  };
  const next = () => {
    setIndex(index + 1);
    setChosen(undefined);
    setVerdict(undefined);
  };
  const optionClass = (i: number) => {
    if (!verdict) return i === chosen ? 'quiz-option chosen' : 'quiz-option';
    if (i === verdict.answer) return 'quiz-option right';
    return i === chosen ? 'quiz-option wrong' : 'quiz-option dim';
  };

  return (
    <div class="quiz-overlay" data-testid="quiz-card" data-checkpoint={checkpoint.index} data-question={index}>
      <div class="quiz-card" role="dialog" aria-label={`Checkpoint ${checkpoint.index + 1}`}>
        <div class="quiz-kicker">
          <span class="quiz-pill">Checkpoint {checkpoint.index + 1} of {total}</span>
          {checkpoint.questions.length > 1 && (
            <span>
              Question {index + 1} of {checkpoint.questions.length}
            </span>
          )}
          <span class="quiz-from">from slide {question.slide}</span>
        </div>
        <p class="quiz-question" data-testid="quiz-question">
          {question.question}
        </p>
        <div class="quiz-options">
          {question.options.map((option, i) => (
            <button key={i} type="button" class={optionClass(i)} data-testid={`quiz-option-${i}`} disabled={chosen !== undefined} onClick={() => void answer(i)}>
              <span class="quiz-letter">{LETTERS[i]}</span>
              <span>{option}</span>
            </button>
          ))}
        </div>
        {error && (
          <p class="job-error" role="alert">
            {error}
          </p>
        )}
        {verdict && (
          <div class={verdict.correct ? 'quiz-verdict correct' : 'quiz-verdict incorrect'} data-testid="quiz-verdict" data-correct={String(verdict.correct)} role="status">
            <strong>{verdict.correct ? '✓ Correct' : '✗ Incorrect'}</strong>
            {!verdict.correct && <span> — the answer is “{verdict.correct_option}”.</span>}
            {verdict.explanation && <p data-testid="quiz-explanation">{verdict.explanation}</p>}
          </div>
        )}
        {verdict && (
          <div class="quiz-actions">
            {last ? (
              <button type="button" class="primary" data-testid="quiz-continue" onClick={onContinue}>
                Continue the lecture ▸
              </button>
            ) : (
              <button type="button" class="primary" data-testid="quiz-next" onClick={next}>
                Next question
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
