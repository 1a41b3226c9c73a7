import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck } from '../../src/deck/deck-file.js';
import type { Deck } from '../../src/deck/schema.js';
import { checkQuizAnswer } from '../../src/documents/check-quiz-answer.js';
import { insertQuizSlides, isQuizSlide } from '../../src/documents/insert-quiz-slides.js';
import { loadQuiz, saveQuiz } from '../../src/documents/quiz-file.js';
import { QuizSchema, checkpointGroups, generateQuiz, type Quiz } from '../../src/documents/quiz.js';
import type { LlmServerRequestInfo } from '../servers/llm-responder.js';
import { startLlmServer } from '../servers/llm-server.js';
import { chatRequests, makeProvider, userPrompt } from '../llm/helpers.js';

let deck: Deck;
let dir: string;

beforeAll(async () => {
  deck = (await loadDeck('examples/intro-to-photosynthesis.md')).deck;
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-quiz-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectSound(quiz: Quiz, source: Deck) {
  expect(QuizSchema.safeParse(quiz).success).toBe(true);
  for (const checkpoint of quiz.checkpoints) {
    for (const q of checkpoint.questions) {
      expect(q.options).toHaveLength(4);
      expect(new Set(q.options.map((o) => o.toLowerCase())).size).toBe(4);
      expect(q.answer).toBeGreaterThanOrEqual(0);
      expect(q.answer).toBeLessThan(4);
      expect(q.slide).toBeLessThanOrEqual(checkpoint.afterSlide);
      expect(source.slides[q.slide - 1]).toBeDefined();
    }
  }
}

describe('checkpointGroups', () => {
  it('groups content slides (not the title slide) in runs of N', () => {
    expect(deck.slides).toHaveLength(9);
    expect(checkpointGroups(deck, 3)).toEqual([[2, 3, 4], [5, 6, 7], [8, 9]]);
    expect(checkpointGroups(deck, 5)).toEqual([[2, 3, 4, 5, 6], [7, 8, 9]]);
    expect(checkpointGroups(deck, 20)).toEqual([[2, 3, 4, 5, 6, 7, 8, 9]]);
  });
});

describe('generateQuiz offline (cloze)', () => {
  it('blanks a key term of a slide sentence; the answer is among the options and fills the blank', async () => {
    const quiz = await generateQuiz(undefined, deck, { every: 3 });
    expectSound(quiz, deck);
    expect(quiz.checkpoints.map((c) => c.afterSlide)).toEqual([4, 7, 9]);
    for (const q of quiz.checkpoints.flatMap((c) => c.questions)) {
      expect(q.question).toMatch(/^Fill in the blank: .*_____/);
      const filled = q.question.replace('Fill in the blank: ', '').replace('_____', q.options[q.answer]!);
      expect(q.explanation).toContain(filled);
    }
    // Deterministic: the same deck gives the same quiz.
    expect(await generateQuiz(undefined, deck, { every: 3 })).toEqual(quiz);
  });

  it('rejects a nonsense interval', async () => {
    await expect(generateQuiz(undefined, deck, { every: 0 })).rejects.toMatchObject({ code: 'bad-option' });
  });
});

describe('generateQuiz with an LLM', () => {
  it('asks with a JSON Schema per checkpoint and keeps the model questions', async () => {
    const responder = (request: LlmServerRequestInfo) => {
      const first = Number(/^Slides covered: (\d+)-/m.exec(request.prompt)?.[1]);
      return {
        questions: [0, 1].map((i) => ({
          question: `What does slide ${first + i} explain?`,
          options: ['Light', 'Water', 'Carbon dioxide', 'Oxygen'],
          answer: (first + i) % 4,
          explanation: 'It says so on the slide.',
          slide: first + i,
        })),
      };
    };
    const server = await startLlmServer({ responder });
    const provider = await makeProvider('ollama', server.url);
    try {
      const quiz = await generateQuiz(provider, deck, { every: 4 });
      expectSound(quiz, deck);
      expect(quiz.checkpoints.map((c) => c.afterSlide)).toEqual([5, 9]);
      expect(quiz.checkpoints[0]!.questions[0]!.question).toBe('What does slide 2 explain?');
      const requests = chatRequests(server);
      expect(requests).toHaveLength(2);
      expect((requests[0]!.body as any).format.properties.questions).toBeDefined();
      expect(userPrompt(requests[0]!.body)).toContain('Slide 2 — What a plant needs');
    } finally {
      await provider.close();
      await server.close();
    }
  });

  it('falls back to cloze questions (with a warning) when the model cannot produce distinct options', async () => {
    // The default responder fills the schema with identical placeholder options.
    const server = await startLlmServer();
    const provider = await makeProvider('openai', server.url);
    const warnings: string[] = [];
    try {
      const quiz = await generateQuiz(provider, deck, { every: 4, onWarning: (w) => warnings.push(w) });
      expectSound(quiz, deck);
      expect(warnings).toHaveLength(2);
      expect(quiz.checkpoints[0]!.questions[0]!.question).toMatch(/^Fill in the blank/);
    } finally {
      await provider.close();
      await server.close();
    }
  });
});

describe('quiz slides, answers and quiz.json', () => {
  it('inserts question slides after the checkpoint slides, reading the options aloud', async () => {
    const quiz = await generateQuiz(undefined, deck, { every: 3 });
    const withQuiz = insertQuizSlides(deck, quiz);
    const questions = quiz.checkpoints.reduce((n, c) => n + c.questions.length, 0);
    expect(withQuiz.slides).toHaveLength(deck.slides.length + questions);
    expect(withQuiz.slides[4]!.title).toBe(`Checkpoint: ${quiz.checkpoints[0]!.questions[0]!.question}`);
    expect(isQuizSlide(withQuiz.slides[3]!)).toBe(false);
    const slide = withQuiz.slides[4]!;
    expect(slide.blocks).toEqual([{ type: 'list', ordered: true, start: 1, items: quiz.checkpoints[0]!.questions[0]!.options.map((text) => ({ text, level: 0 })) }]);
    expect(slide.narration).toMatch(/^Checkpoint\. Question 1 of 2\. Fill in the blank: .*blank.* Is it one: .*; or four: .*\? Pause the video/);
    expect(slide.narration).not.toContain('_____');
    const revealed = insertQuizSlides(deck, quiz, { reveal: true });
    expect(revealed.slides).toHaveLength(deck.slides.length + 2 * questions);
    expect(revealed.slides[5]!.title).toMatch(/^Answer: /);
    // The deck passed in is left as it was.
    expect(deck.slides).toHaveLength(9);
  });

  it('checks answers by index or text', async () => {
    const quiz = await generateQuiz(undefined, deck, { every: 3 });
    const q = quiz.checkpoints[1]!.questions[0]!;
    const wrong = (q.answer + 1) % 4;
    expect(checkQuizAnswer(quiz, 1, 0, q.answer)).toMatchObject({ correct: true, answer: q.answer, explanation: q.explanation, slide: q.slide });
    expect(checkQuizAnswer(quiz, 1, 0, wrong).correct).toBe(false);
    expect(checkQuizAnswer(quiz, 1, 0, q.options[q.answer]!.toUpperCase()).correct).toBe(true);
    expect(() => checkQuizAnswer(quiz, 9, 0, 0)).toThrow(/no checkpoint 9/);
    expect(() => checkQuizAnswer(quiz, 1, 0, 7)).toThrow(/index 0-3/);
  });

  it('saves quiz.json that validates, and refuses a broken one', async () => {
    const quiz = await generateQuiz(undefined, deck, { every: 3 });
    const file = path.join(dir, 'quiz.json');
    await saveQuiz(quiz, file);
    expect(QuizSchema.safeParse(JSON.parse(await readFile(file, 'utf8'))).success).toBe(true);
    expect(await loadQuiz(file)).toEqual(quiz);
    const broken = structuredClone(quiz) as any;
    broken.checkpoints[0].questions[0].answer = 4;
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(broken)));
    await expect(loadQuiz(file)).rejects.toMatchObject({ code: 'bad-input' });
  });
});
