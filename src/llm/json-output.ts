import { jsonrepair } from 'jsonrepair';
import type { z } from 'zod';
import { LectraError, throwIfAborted } from '../errors.js';
import { formatIssuePath } from '../deck/validate-deck.js';
import type { LlmProvider } from './contract.js';
import { toModelJsonSchema } from './model-json-schema.js';

export type JsonOutputResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Reads a model's answer as JSON of a known shape. Models wrap JSON in code fences or prose,
 * leave trailing commas, use single quotes or stop mid-object; the first JSON value is cut out
 * and repaired before zod validates it. The error lists each failing path, so it can be sent
 * back to the model as is.
 */
export function parseJsonOutput<S extends z.ZodType>(text: string, schema: S): JsonOutputResult<z.output<S>> {
  const candidate = extractJsonText(text);
  if (candidate === undefined) return { ok: false, error: 'The answer contains no JSON object.' };
  const parsed = parseLenient(candidate);
  if (!parsed.ok) return parsed;
  const result = schema.safeParse(parsed.value);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map((issue) => `- ${formatIssuePath(issue.path)}: ${issue.message}`);
  return { ok: false, error: `The JSON does not match the required shape:\n${problems.join('\n')}` };
}

function parseLenient(candidate: string): JsonOutputResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(candidate) };
  } catch {
    // Fall through to the repair.
  }
  try {
    return { ok: true, value: JSON.parse(jsonrepair(candidate)) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `The answer is not valid JSON (${why}): ${candidate.slice(0, 120)}…` };
  }
}

/** The first JSON object or array in the text: inside a code fence when there is one. */
export function extractJsonText(text: string): string | undefined {
  const fenced = /```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)```/.exec(text);
  const source = fenced && /[{[]/.test(fenced[1] ?? '') ? (fenced[1] ?? '') : text;
  const start = source.search(/[{[]/);
  if (start < 0) return undefined;
  const end = matchingClose(source, start);
  // An unclosed value (answer cut by the token limit) is left for jsonrepair to close.
  return source.slice(start, end === undefined ? undefined : end + 1).trim();
}

/** Index of the bracket closing the one at `start`, skipping strings. */
function matchingClose(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

export interface GenerateJsonRequest<S extends z.ZodType> {
  system?: string;
  prompt: string;
  zodSchema: S;
  signal?: AbortSignal;
  temperature?: number;
  maxTokens?: number;
  onToken?: (token: string) => void;
}

/**
 * Asks for JSON of the zod schema's shape (sent as JSON Schema for the server to enforce), and
 * when the answer still does not validate, asks again with exactly what was wrong. Throws
 * 'llm-bad-output' listing the problems once the retries are used up.
 */
export async function generateJson<S extends z.ZodType>(
  provider: LlmProvider,
  request: GenerateJsonRequest<S>,
  options: { retries?: number } = {},
): Promise<z.output<S>> {
  const retries = options.retries ?? 1;
  const schema = toModelJsonSchema(request.zodSchema);
  let prompt = request.prompt;
  let error = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    throwIfAborted(request.signal);
    const { text } = await provider.generate({
      system: request.system,
      prompt,
      schema,
      signal: request.signal,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      onToken: request.onToken,
    });
    const result = parseJsonOutput(text, request.zodSchema);
    if (result.ok) return result.value;
    error = result.error;
    prompt = followUpPrompt(request.prompt, text, error);
  }
  throw new LectraError(
    'llm-bad-output',
    `The LLM (${provider.id}) kept answering in the wrong shape (${retries + 1} attempts) — try a larger model or a lower temperature.`,
    { details: error.split('\n') },
  );
}

/** The original request plus the rejected answer and its problems, so the model can fix them. */
export function followUpPrompt(prompt: string, answer: string, error: string): string {
  const shown = answer.length > 3000 ? `${answer.slice(0, 3000)}…` : answer;
  return [
    prompt,
    '',
    'Your previous answer was rejected.',
    error,
    '',
    'Previous answer:',
    shown,
    '',
    'Answer again with one corrected JSON object that fixes every problem listed above.',
  ].join('\n');
}
