import type { Slide } from '../deck/schema.js';
import { isQuizSlide } from '../documents/insert-quiz-slides.js';
import type { Quiz } from '../documents/quiz-schema.js';

export interface PlacedCheckpoint {
  /** 0-based, as /submit_quiz_answer takes it. */
  index: number;
  /** 1-based slide of the deck *without* quiz slides that the checkpoint follows (quiz.json's afterSlide). */
  after_slide: number;
  /** 1-based slide of the checkpoint's first quiz slide in the rendered deck, or null when it has none. */
  slide: number | null;
  /** End of `after_slide` in the video = start of the checkpoint slide: where the player pauses. */
  time_sec: number | null;
  /** End of the checkpoint's quiz slides: where the player continues after the answer. */
  resume_sec: number | null;
  questions: Array<{ question: string; options: string[]; slide: number }>;
}

/**
 * Where each checkpoint sits in a rendered lecture. quiz.json counts slides without quiz slides;
 * the rendered deck (deck.json) has "Checkpoint: …" slides inserted after those, and timings.json
 * has one entry per rendered slide. So content slide N is the N-th non-quiz slide of the rendered
 * deck, the checkpoint starts where it ends, and the quiz slides right after it belong to the
 * checkpoint. The questions are given without their answers. Pure.
 */
export function placeCheckpoints(quiz: Quiz, rendered: Array<Pick<Slide, 'title'>>, timings?: Array<{ start: number; end: number }>): PlacedCheckpoint[] {
  const renderedIndex = new Map<number, number>();
  let content = 0;
  rendered.forEach((slide, i) => {
    if (!isQuizSlide(slide)) renderedIndex.set(++content, i);
  });
  return quiz.checkpoints.map((checkpoint, index) => {
    const at = renderedIndex.get(checkpoint.afterSlide);
    let last = at;
    while (last !== undefined && last + 1 < rendered.length && isQuizSlide(rendered[last + 1]!)) last += 1;
    const hasQuizSlides = at !== undefined && last !== at;
    const time = at !== undefined ? timings?.[at]?.end : undefined;
    const resume = last !== undefined ? timings?.[last]?.end : undefined;
    return {
      index,
      after_slide: checkpoint.afterSlide,
      slide: hasQuizSlides ? at + 2 : null,
      time_sec: time ?? null,
      resume_sec: resume ?? null,
      questions: checkpoint.questions.map((q) => ({ question: q.question, options: [...q.options], slide: q.slide })),
    };
  });
}
