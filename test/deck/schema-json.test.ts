import { describe, expect, it } from 'vitest';
import { deckJsonSchema } from '../../src/deck/schema.js';

describe('deckJsonSchema', () => {
  it('is an object schema describing slides', () => {
    const schema = deckJsonSchema();
    expect(schema.type).toBe('object');
    const properties = schema.properties as Record<string, { type?: string }>;
    expect(properties.slides).toBeDefined();
    expect(properties.slides!.type).toBe('array');
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
