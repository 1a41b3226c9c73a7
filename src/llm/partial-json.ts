/**
 * Reads a JSON object while it streams in, so work can start before the answer is complete.
 * Fed successive chunks of a model's answer, IncrementalArrayParser reports each complete
 * element of one named top-level array (e.g. `slides`) as soon as the element closes, and each
 * top-level string field (e.g. `title`) as soon as its closing quote arrives.
 *
 * It tolerates what models write around JSON: prose before it, a ```json fence, whitespace
 * anywhere, trailing commas (an element that is not strict JSON is repaired with jsonrepair, as
 * parseJsonOutput does). Braces, brackets and escaped quotes inside strings are never taken for
 * structure. It does not validate: the complete answer still goes through parseJsonOutput, which
 * decides. Pure: no I/O, no timers.
 *
 * Prose with a stray `{` before a fence: a backtick outside a string cannot be JSON, so seeing one
 * inside the object (or a ``` fence after an object that was not fenced) means that object was prose; the
 * parser then starts over on the fenced text and reports a `reset` event (element indexes restart
 * at 0). extractJsonText makes the same choice for the whole text.
 */
import { jsonrepair } from 'jsonrepair';

export type IncrementalJsonEvent =
  /** A top-level string field whose value is complete (`key` is the decoded key). */
  | { type: 'field'; key: string; value: string }
  /**
   * A complete element of the watched array. `value` is the parsed element, or `undefined` when
   * its text could not be read even after repair; `raw` is its exact text.
   */
  | { type: 'element'; index: number; value: unknown; raw: string }
  /** What was reported so far came from prose, not the answer's JSON; indexes restart at 0. */
  | { type: 'reset' };

interface Frame {
  kind: 'object' | 'array';
  /** Objects: the next string is a key (after `{` or `,`). */
  expectingKey: boolean;
  /** Objects: the key of the value being read. */
  key?: string;
  /** The watched top-level array. */
  watched: boolean;
}

type Phase = 'seek' | 'object' | 'done';

const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\uFEFF']);

export class IncrementalArrayParser {
  readonly arrayKey: string;
  private buffer = '';
  private pos = 0;
  private phase: Phase = 'seek';
  private stack: Frame[] = [];
  private inString = false;
  private escaped = false;
  private stringStart = 0;
  /** A backtick was seen before the current object started (the object is fenced). */
  private fenced = false;
  /** Consecutive backticks after the object closed. */
  private backticks = 0;
  /** Start offset of the watched array's element being read. */
  private elementStart: number | undefined;
  private elementIsScalar = false;
  private readonly elementList: unknown[] = [];
  private readonly fieldMap: Record<string, string> = {};

  /** @param arrayKey the top-level key whose array elements are reported. */
  constructor(arrayKey: string) {
    this.arrayKey = arrayKey;
  }

  /** Elements reported so far (since the last reset), in order. */
  get elements(): readonly unknown[] {
    return this.elementList;
  }

  /** Top-level string fields reported so far (since the last reset). */
  get fields(): Readonly<Record<string, string>> {
    return this.fieldMap;
  }

  /** True once the top-level object has closed. */
  get complete(): boolean {
    return this.phase === 'done';
  }

  /** Feeds the next chunk; returns what became complete within it, in text order. */
  push(chunk: string): IncrementalJsonEvent[] {
    const events: IncrementalJsonEvent[] = [];
    this.buffer += chunk;
    for (; this.pos < this.buffer.length; this.pos++) this.step(this.buffer[this.pos]!, events);
    return events;
  }

  private step(ch: string, events: IncrementalJsonEvent[]): void {
    if (this.phase === 'seek') {
      if (ch === '`') this.fenced = true;
      else if (ch === '{') {
        this.phase = 'object';
        this.stack = [{ kind: 'object', expectingKey: true, watched: false }];
      }
      return;
    }
    if (this.phase === 'done') {
      // An unfenced object followed by a fence (```): the object was prose, the JSON is in the fence.
      this.backticks = ch === '`' ? this.backticks + 1 : 0;
      if (this.backticks === 3 && !this.fenced) this.reset(events);
      return;
    }
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === '\\') this.escaped = true;
      else if (ch === '"') {
        this.inString = false;
        this.endString(events);
      }
      return;
    }
    if (ch === '`') return this.reset(events);
    // A scalar element (number, true, false, null) ends at the first character that cannot continue it.
    if (this.elementStart !== undefined && this.elementIsScalar && !/[\w.+-]/.test(ch)) {
      this.endElement(this.pos, events);
    }
    const top = this.stack[this.stack.length - 1]!;
    if (top.watched && this.elementStart === undefined && !WHITESPACE.has(ch) && ch !== ',' && ch !== ']') {
      this.elementStart = this.pos;
      this.elementIsScalar = ch !== '{' && ch !== '[' && ch !== '"';
    }
    switch (ch) {
      case '"':
        this.inString = true;
        this.stringStart = this.pos;
        return;
      case '{':
      case '[': {
        const watched = ch === '[' && this.stack.length === 1 && top.key === this.arrayKey;
        this.stack.push({ kind: ch === '{' ? 'object' : 'array', expectingKey: ch === '{', watched });
        return;
      }
      case '}':
      case ']': {
        this.stack.pop();
        const parent = this.stack[this.stack.length - 1];
        if (!parent) {
          this.phase = 'done';
          return;
        }
        if (parent.watched && this.elementStart !== undefined && !this.elementIsScalar) this.endElement(this.pos + 1, events);
        return;
      }
      case ',':
        if (top.kind === 'object') {
          top.expectingKey = true;
          top.key = undefined;
        }
        return;
      default:
        return;
    }
  }

  private endString(events: IncrementalJsonEvent[]): void {
    const top = this.stack[this.stack.length - 1]!;
    const raw = this.buffer.slice(this.stringStart, this.pos + 1);
    if (top.kind === 'object' && top.expectingKey) {
      top.key = decodeString(raw);
      top.expectingKey = false;
      return;
    }
    if (top.watched && this.elementStart !== undefined) {
      this.endElement(this.pos + 1, events);
      return;
    }
    if (this.stack.length === 1 && top.key !== undefined) {
      const value = decodeString(raw);
      this.fieldMap[top.key] = value;
      events.push({ type: 'field', key: top.key, value });
    }
  }

  private endElement(end: number, events: IncrementalJsonEvent[]): void {
    const raw = this.buffer.slice(this.elementStart, end);
    this.elementStart = undefined;
    this.elementIsScalar = false;
    const value = parseElement(raw);
    const index = this.elementList.length;
    this.elementList.push(value);
    events.push({ type: 'element', index, value, raw });
  }

  private reset(events: IncrementalJsonEvent[]): void {
    this.phase = 'seek';
    this.fenced = true;
    this.stack = [];
    this.inString = false;
    this.escaped = false;
    this.elementStart = undefined;
    this.elementIsScalar = false;
    this.elementList.length = 0;
    for (const key of Object.keys(this.fieldMap)) delete this.fieldMap[key];
    events.push({ type: 'reset' });
  }
}

/** Convenience: every event for a whole text (e.g. a non-streamed answer). */
export function parseArrayElements(text: string, arrayKey: string): IncrementalJsonEvent[] {
  return new IncrementalArrayParser(arrayKey).push(text);
}

/** A JSON string literal (quotes included) as its value; lenient about bad escapes. */
function decodeString(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  }
}

function parseElement(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    // Trailing commas, single quotes…: repaired like parseJsonOutput does for whole answers.
  }
  try {
    return JSON.parse(jsonrepair(raw));
  } catch {
    return undefined;
  }
}
