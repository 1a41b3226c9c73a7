import { z } from 'zod';

/**
 * The JSON Schema sent to the model for a zod schema. Output mode lists defaulted fields as
 * required (what we want the model to write, and what OpenAI strict mode demands); parsing
 * still accepts answers that omit them. `$schema` and `default` are dropped because some
 * servers reject keywords they do not support.
 */
export function toModelJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return stripKeywords(json) as Record<string, unknown>;
}

function stripKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripKeywords);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === 'default') continue;
    out[key] = stripKeywords(value);
  }
  return out;
}
