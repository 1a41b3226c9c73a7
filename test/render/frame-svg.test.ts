import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLectraError } from '../../src/errors.js';
import type { SlideLayout, TextBox } from '../../src/layout/types.js';
import { PX_PER_IN } from '../../src/layout/types.js';
import { embedImageFile, frameSvg } from '../../src/render/frame-svg.js';

/** The x of every tspan, in px. */
const xs = (svg: string): number[] => [...svg.matchAll(/<tspan x="([\d.]+)"/g)].map((m) => Number(m[1]));

function textBox(partial: Partial<TextBox>): TextBox {
  return {
    kind: 'text', role: 'bullet', x: 1, y: 1, w: 8, h: 1, font: 'sans', fontSize: 24, lineHeight: 30, color: '#111111',
    bold: false, align: 'left', valign: 'top', indent: 0, lines: [], ...partial,
  };
}

function layoutWith(...boxes: SlideLayout['boxes']): SlideLayout {
  return { index: 0, kind: 'content', width: 13.333, height: 7.5, background: '#FAFAFA', boxes };
}

describe('frameSvg', () => {
  it('is a 1920×1080 SVG with the background', () => {
    const svg = frameSvg(layoutWith());
    expect(svg).toMatch(/^<svg [^>]*width="1920" height="1080" viewBox="0 0 1920 1080"/);
    expect(svg).toContain('fill="#FAFAFA"');
  });

  it('escapes text and draws styles, marker and fallback glyphs', () => {
    const box = textBox({
      marker: { text: '•', color: '#2563EB' },
      indent: 0.4,
      lines: [{ runs: [{ text: 'a < b & "c" ' }, { text: 'bold', bold: true }, { text: ' it', italic: true }, { text: ' ☃' }], width: 3 }],
    });
    const svg = frameSvg(layoutWith(box));
    expect(svg).toContain('a &lt; b &amp; "c" ');
    expect(svg).not.toMatch(/a < b/);
    expect(svg).toMatch(/font-weight="bold"[^>]*>bold</);
    expect(svg).toMatch(/font-style="italic"[^>]*> it</);
    expect(svg).toMatch(/font-family="'DejaVu Sans'"[^>]*>☃</);
    expect(svg).toMatch(/fill="#2563EB"[^>]*><tspan x="[\d.]+"[^>]*>•</);
    // The marker is at x, the text at x + indent.
    expect(xs(svg)[0]).toBeCloseTo(1 * PX_PER_IN, 1);
    expect(xs(svg)[1]).toBeCloseTo(1.4 * PX_PER_IN, 1);
    expect(svg).toContain('font-family="Inter, \'DejaVu Sans\'"');
  });

  it('places the first baseline by the font ascent and keeps code spacing', () => {
    const box = textBox({ role: 'code', font: 'mono', fontSize: 20, lineHeight: 27, lines: [{ runs: [{ text: '    indented()' }], width: 2 }, { runs: [], width: 0 }] });
    const svg = frameSvg(layoutWith(box));
    expect(svg).toContain('xml:space="preserve"');
    expect(svg).toContain('>    indented()<');
    expect(svg).toContain("font-family=\"'DejaVu Sans Mono', 'DejaVu Sans'\"");
    const y = Number(/<text y="([\d.]+)"/.exec(svg)?.[1]);
    // top 144 px + (27-20)/2 pt + ~0.93 em ascent, in px (2 px per pt)
    expect(y).toBeGreaterThan(144 + 7 + 0.9 * 40);
    expect(y).toBeLessThan(144 + 7 + 0.95 * 40);
  });

  it('centres and right-aligns lines by their measured width', () => {
    const centred = frameSvg(layoutWith(textBox({ align: 'center', x: 1, w: 4, lines: [{ runs: [{ text: 'x' }], width: 2 }] })));
    expect(xs(centred)[0]).toBeCloseTo(2 * PX_PER_IN, 1);
    const right = frameSvg(layoutWith(textBox({ align: 'right', x: 1, w: 4, lines: [{ runs: [{ text: 'x' }], width: 2 }] })));
    expect(xs(right)[0]).toBeCloseTo(3 * PX_PER_IN, 1);
  });

  it('draws rects and images with the embedder', () => {
    const seen: string[] = [];
    const svg = frameSvg(
      layoutWith(
        { kind: 'rect', role: 'code-background', x: 1, y: 1, w: 2, h: 1, fill: '#000000', radius: 0.1 },
        { kind: 'image', x: 1, y: 2, w: 2, h: 1, path: '/x/y.png', alt: 'a' },
      ),
      { embedImage: (p) => (seen.push(p), 'data:image/png;base64,AAAA') },
    );
    expect(seen).toEqual(['/x/y.png']);
    expect(svg).toMatch(/rx="14\.4\d*"/);
    expect(svg).toContain('preserveAspectRatio="none" xlink:href="data:image/png;base64,AAAA"');
  });

  it('embeds PNG files by default and refuses other formats with a LectraError', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lectra-frame-'));
    const png = path.join(dir, 'a.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect(embedImageFile(png)).toMatch(/^data:image\/png;base64,/);
    const gif = path.join(dir, 'a.gif');
    writeFileSync(gif, 'GIF89a......');
    expect(() => embedImageFile(gif)).toThrow(/not PNG or JPEG/);
    let code: string | undefined;
    try {
      embedImageFile(path.join(dir, 'missing.png'));
    } catch (error) {
      code = isLectraError(error) ? error.code : undefined;
    }
    expect(code).toBe('missing-image');
    rmSync(dir, { recursive: true, force: true });
  });
});
