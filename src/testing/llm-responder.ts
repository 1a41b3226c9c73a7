/**
 * The default answers of the local LLM stand-in (llm-server.ts): deterministic, plausible and
 * valid for LECTRA's prompts. It reads the machine-readable lines the prompt builders write
 * ("Number of slides: 6", "Slide title: …", "Target words: 110") and otherwise, when a JSON
 * Schema was sent, makes an instance of it.
 */

export interface LlmServerRequestInfo {
  api: 'ollama' | 'openai';
  model: string;
  system: string;
  /** The last user message. */
  prompt: string;
  messages: Array<{ role: string; content: string }>;
  /** JSON Schema from Ollama's `format` or OpenAI's `response_format.json_schema.schema`. */
  schema?: Record<string, unknown>;
  stream: boolean;
  /** 1-based count of chat calls the server has seen, this one included. */
  callNumber: number;
}

const ASPECTS = [
  'What {t} is',
  'Why {t} matters',
  'Key ideas behind {t}',
  'How {t} works',
  '{t} in practice',
  'Challenges of {t}',
  'Ethics and {t}',
  'The future of {t}',
  'Getting started with {t}',
  'Summary of {t}',
];

export function defaultLlmResponder(request: LlmServerRequestInfo): unknown {
  const prompt = request.prompt;
  const slides = field(prompt, 'Number of slides');
  if (slides) return outlineAnswer(field(prompt, 'Topic') ?? 'the topic', Number(slides), field(prompt, 'Audience'));
  const slideTitle = field(prompt, 'Slide title');
  if (slideTitle) return slideContentAnswer(slideTitle, Number(field(prompt, 'Target words') ?? 110));
  if (/^Narration:/m.test(prompt) && /"emphasis"/.test(prompt)) return prosodyAnswer(prompt);
  if (request.schema) return exampleFromSchema(request.schema);
  return `Hello from the LECTRA test server. You said: ${prompt.slice(0, 200)}`;
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
}

function outlineAnswer(topic: string, count: number, audience = 'a general audience') {
  const slides = Array.from({ length: count }, (_, i) => {
    const title = (ASPECTS[i] ?? `Part ${i + 1} of {t}`).replace('{t}', topic);
    return {
      title,
      keyPoints: [`${title}: the main idea`, `An example of ${title.toLowerCase()}`],
      imageQueries: [`${topic} ${i + 1}`],
    };
  });
  return {
    title: topic,
    subtitle: `A short lecture for ${audience}`,
    intro: `Welcome. This lecture is about ${topic}. We will go through ${count} short parts together.`,
    slides,
  };
}

function slideContentAnswer(title: string, targetWords: number) {
  return {
    bullets: [
      { text: `**${title}** in one sentence`, children: [] },
      { text: `Why ${title.toLowerCase()} matters`, children: ['A concrete example'] },
      { text: `What to remember about ${title.toLowerCase()}`, children: [] },
    ],
    narration: narration(title, targetWords),
    notes: `Check the example for ${title}.`,
  };
}

/** Sentences about the title until the word target is met. */
function narration(title: string, targetWords: number): string {
  const sentences = [
    `Let us look at ${title.toLowerCase()}.`,
    'The idea is simple once we see where it comes from.',
    'Think of an everyday situation where this shows up.',
    'Experts disagree on some details, and that is worth knowing.',
    'Keep this picture in mind, because we will build on it next.',
  ];
  const out: string[] = [];
  let words = 0;
  for (let i = 0; words < targetWords; i++) {
    const sentence = sentences[i % sentences.length]!;
    out.push(sentence);
    words += sentence.split(/\s+/).length;
  }
  return out.join(' ');
}

function prosodyAnswer(prompt: string) {
  const text = /^Narration:\n([\s\S]*?)\n\n/m.exec(prompt)?.[1] ?? '';
  const words = text.split(/\s+/).filter((word) => /^\w{5,}$/.test(word));
  const firstSentence = /^[^.!?]+/.exec(text)?.[0];
  return {
    emphasis: words.slice(0, 2),
    breaks: firstSentence ? [{ after: firstSentence, seconds: 0.4 }] : [],
  };
}

/** A small instance of a JSON Schema: enough for objects, arrays, enums and scalars. */
export function exampleFromSchema(schema: unknown, key = 'value'): unknown {
  if (!schema || typeof schema !== 'object') return null;
  const node = schema as Record<string, unknown>;
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum)) return node.enum[0];
  for (const union of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(node[union])) return exampleFromSchema(node[union][0], key);
  }
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === 'object' || node.properties) {
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, exampleFromSchema(sub, name)]));
  }
  if (type === 'array') {
    const min = typeof node.minItems === 'number' ? node.minItems : 1;
    return Array.from({ length: Math.max(min, 1) }, () => exampleFromSchema(node.items, key));
  }
  if (type === 'number' || type === 'integer') return typeof node.minimum === 'number' ? node.minimum : 1;
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  return `example ${key}`;
}
