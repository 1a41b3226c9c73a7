import { describe, expect, it } from 'vitest';
import { firstBaselineOffset, fontMetrics, fontSegments, measureEm, measureText } from '../../src/layout/measure-text.js';

describe('measureText', () => {
  it('scales with the font size and returns inches', () => {
    const w12 = measureText('Hello world', 12, { font: 'sans' });
    const w24 = measureText('Hello world', 24, { font: 'sans' });
    expect(w24).toBeCloseTo(2 * w12, 10);
    expect(w12).toBeGreaterThan(0.5);
    expect(w12).toBeLessThan(1.5);
  });

  it('applies GPOS kerning (Inter keeps it in extension lookups)', () => {
    const pair = measureEm('AV', { font: 'sans' });
    const apart = measureEm('A', { font: 'sans' }) + measureEm('V', { font: 'sans' });
    expect(pair).toBeLessThan(apart);
  });

  it('measures monospace characters all alike', () => {
    expect(measureEm('iiii', { font: 'mono' })).toBeCloseTo(measureEm('WWWW', { font: 'mono' }), 10);
  });

  it('sends glyphs Inter lacks to the fallback face', () => {
    const segs = fontSegments('a ☃ b', { font: 'sans' });
    expect(segs.map((s) => [s.text, s.fallback])).toEqual([
      ['a ', false],
      ['☃', true],
      [' b', false],
    ]);
    expect(measureEm('☃', { font: 'sans' })).toBeGreaterThan(0.5);
  });

  it('reserves a full em for CJK characters no bundled font has', () => {
    const [seg] = fontSegments('中文', { font: 'sans' });
    expect(seg.missing).toBe(true);
    expect(measureEm('中文', { font: 'sans' })).toBeCloseTo(2, 5);
  });

  it('exposes vertical metrics for baseline placement', () => {
    const { ascent, descent } = fontMetrics('sans');
    expect(ascent).toBeGreaterThan(0.8);
    expect(descent).toBeGreaterThan(0.1);
    expect(firstBaselineOffset('sans', 20, 24)).toBeCloseTo(2 + 20 * ascent, 10);
  });
});
