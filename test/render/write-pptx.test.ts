import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LectraError } from '../../src/errors.js';
import type { SlideLayout, TextBox } from '../../src/layout/types.js';
import { writePptx } from '../../src/render/write-pptx.js';
import { sampleDeck, sampleLayouts } from '../fixtures/layouts/sample-deck.js';
import { xmlProblem } from '../fixtures/layouts/xml-balance.js';
import { findSoffice, optionalTool } from '../support/optional-tool.js';

const EMU = 914400;
const ROLE_NAMES: Record<TextBox['role'], string> = {
  title: 'Title',
  subtitle: 'Subtitle',
  heading: 'Heading',
  paragraph: 'Text',
  bullet: 'Bullet',
  quote: 'Quote',
  code: 'Code',
  caption: 'Caption',
  header: 'Header',
  footer: 'Footer',
};

let dir: string;
let imagePath: string;
let layouts: SlideLayout[];
const wavPaths: string[] = [];

/** A mono 16-bit PCM WAV of a sine tone: RIFF header + samples. */
function sineWav(seconds: number, hz = 440, rate = 16000): Buffer {
  const samples = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  return buf;
}

async function unzip(file: string): Promise<JSZip> {
  return JSZip.loadAsync(await readFile(file));
}

async function part(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  if (!file) throw new Error(`missing part ${name}`);
  return file.async('string');
}

/** The `<p:sp>` / `<p:pic>` element whose cNvPr has this name. */
function shapeNamed(xml: string, name: string): string {
  const shapes = xml.match(/<p:(sp|pic)>[\s\S]*?<\/p:\1>/g) ?? [];
  const found = shapes.find((s) => s.includes(`name="${name}"`));
  if (!found) throw new Error(`no shape named ${name}`);
  return found;
}

function geometry(shape: string): { x: number; y: number; w: number; h: number } {
  const off = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(shape)!;
  const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(shape)!;
  return { x: Number(off[1]) / EMU, y: Number(off[2]) / EMU, w: Number(ext[1]) / EMU, h: Number(ext[2]) / EMU };
}

function expectPlaced(shape: string, box: { x: number; y: number; w: number; h: number }): void {
  const g = geometry(shape);
  // Within 1% of the slide size.
  expect(Math.abs(g.x - box.x)).toBeLessThan(13.333 * 0.01);
  expect(Math.abs(g.w - box.w)).toBeLessThan(13.333 * 0.01);
  expect(Math.abs(g.y - box.y)).toBeLessThan(7.5 * 0.01);
  expect(Math.abs(g.h - box.h)).toBeLessThan(7.5 * 0.01);
}

/** The text of each line as PowerPoint shows it: a:t joined, split at the line breaks. */
function shownLines(shape: string): string[] {
  const paragraph = /<a:p>[\s\S]*<\/a:p>/.exec(shape)![0];
  return paragraph.split(/<a:br>/).map((segment) =>
    [...segment.matchAll(/<a:t>([^<]*)<\/a:t>/g)]
      .map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'))
      .join(''),
  );
}

const soffice = findSoffice();
const hasSoffice = optionalTool('soffice', soffice !== undefined);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectra-pptx-'));
  imagePath = path.join(dir, 'leaf.png');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 160, b: 60 } } }).png().toFile(imagePath);
  layouts = sampleLayouts(imagePath);
  for (let i = 0; i < 3; i++) {
    const wav = path.join(dir, `slide-${i + 1}.wav`);
    await writeFile(wav, sineWav(0.5 + i * 0.25));
    wavPaths.push(wav);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writePptx without narration audio', () => {
  let zip: JSZip;
  let out: string;

  beforeAll(async () => {
    out = path.join(dir, 'plain.pptx');
    await writePptx({ deck: sampleDeck, layouts }, out);
    zip = await unzip(out);
  });

  it('writes one slide per layout on the 16:9 wide page, and no temp files', async () => {
    const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides).toHaveLength(4);
    expect(await part(zip, 'ppt/presentation.xml')).toContain('<p:sldSz cx="12192000" cy="6858000"');
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('produces well-formed XML in every slide and notes part', async () => {
    for (const name of Object.keys(zip.files).filter((f) => /^ppt\/(slides|notesSlides)\/\w+\.xml$/.test(f))) {
      expect(xmlProblem(await part(zip, name)), name).toBeUndefined();
    }
  });

  it('puts every text box at its layout position with the same lines', async () => {
    for (const [i, layout] of layouts.entries()) {
      const xml = await part(zip, `ppt/slides/slide${i + 1}.xml`);
      for (const [b, box] of layout.boxes.entries()) {
        if (box.kind !== 'text') continue;
        const shape = shapeNamed(xml, `${ROLE_NAMES[box.role]} ${b + 1}`);
        expectPlaced(shape, box);
        expect(shownLines(shape)).toEqual(box.lines.map((line) => line.runs.map((r) => r.text).join('')));
        expect(shape).toContain(`sz="${Math.round(box.fontSize * 100)}"`);
        expect(shape).toContain(`<a:spcPts val="${Math.round(box.lineHeight * 100)}"/>`);
        expect(shape).toContain('lIns="0" tIns="0" rIns="0" bIns="0"');
        expect(shape).toContain('<a:noAutofit/>');
        expect(shape).toContain(`<a:srgbClr val="${box.color.slice(1).toUpperCase()}"/>`);
      }
    }
  });

  it('draws rects and images at their boxes, with rounded corners when asked', async () => {
    const title = await part(zip, 'ppt/slides/slide1.xml');
    expect(title).toContain('<a:srgbClr val="0F172A"/>'); // background
    const accent = shapeNamed(title, 'accent 1');
    expectPlaced(accent, layouts[0].boxes[0]);
    expect(accent).toContain('prst="rect"');

    const code = await part(zip, 'ppt/slides/slide3.xml');
    const codeBg = shapeNamed(code, 'code-background 2');
    expectPlaced(codeBg, layouts[2].boxes[1]);
    expect(codeBg).toContain('prst="roundRect"');
    expect(codeBg).toContain('<a:srgbClr val="F1F5F9"/>');

    const withImage = await part(zip, 'ppt/slides/slide4.xml');
    const image = shapeNamed(withImage, 'Image 3');
    expectPlaced(image, layouts[3].boxes[2]);
    expect(image).toContain('descr="A leaf"');
    const rels = await part(zip, 'ppt/slides/_rels/slide4.xml.rels');
    const target = /relationships\/image" Target="\.\.\/media\/([^"]+)"/.exec(rels)![1];
    expect(zip.file(`ppt/media/${target}`)).not.toBeNull();
  });

  it('styles runs and uses native bullets whose text column matches the layout indent', async () => {
    const xml = await part(zip, 'ppt/slides/slide2.xml');
    const first = shapeNamed(xml, 'Bullet 2');
    expect(first).toContain(`marL="${Math.round(0.45 * EMU)}" indent="-${Math.round(0.45 * EMU)}"`);
    expect(first).toContain('<a:buChar char="•"/>');
    expect(first).toContain('<a:buClr><a:srgbClr val="0EA5E9"/></a:buClr>');
    expect(first).toMatch(/b="1" i="0"[^>]*>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>Light<\/a:t>/);
    expect(first).toMatch(/i="1"[^>]*>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>sun<\/a:t>/);
    expect(first).toMatch(/<a:latin typeface="DejaVu Sans Mono"\/>(?:(?!<\/a:r>).)*<a:t>chlorophyll<\/a:t>/);
    expect(first.match(/<a:pPr/g)).toHaveLength(1); // one paragraph, one marker
    const child = shapeNamed(xml, 'Bullet 3');
    expect(child).toContain('<a:buChar char="–"/>');
    expect(child).toContain('lvl="1"');

    const ordered = shapeNamed(await part(zip, 'ppt/slides/slide4.xml'), 'Bullet 2');
    expect(ordered).toContain('<a:buAutoNum type="arabicPeriod" startAt="3"/>');
    expect(ordered).toContain(`marL="${Math.round(0.55 * EMU)}"`);
  });

  it('makes the title a title placeholder without moving it', async () => {
    for (const [i, layout] of layouts.entries()) {
      const xml = await part(zip, `ppt/slides/slide${i + 1}.xml`);
      expect(xml.match(/<p:ph type="title"\/>/g)).toHaveLength(1);
      const title = shapeNamed(xml, 'Title ' + (layout.boxes.findIndex((b) => b.kind === 'text' && b.role === 'title') + 1));
      expect(title).toContain('<p:ph type="title"/>');
    }
  });

  it('writes narration and notes as speaker notes, and deck metadata', async () => {
    const notes2 = await part(zip, 'ppt/notesSlides/notesSlide2.xml');
    const paragraphs = [...notes2.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) =>
      [...m[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''),
    );
    expect(paragraphs).toEqual(expect.arrayContaining(['Plants need light.', 'They absorb it with chlorophyll.', '', 'Mention the green gap.']));
    expect(await part(zip, 'ppt/notesSlides/notesSlide1.xml')).toContain('Welcome to this lecture on photosynthesis.');
    const core = await part(zip, 'docProps/core.xml');
    expect(core).toContain('<dc:title>Photosynthesis &amp; Light</dc:title>');
    expect(core).toContain('<dc:creator>Ada Example</dc:creator>');
    expect(core).toContain('<dc:language>en-GB</dc:language>');
    expect(await part(zip, 'ppt/slides/slide2.xml')).toContain('lang="en-GB"');
  });

  it('adds no transition or timing without narration', async () => {
    const xml = await part(zip, 'ppt/slides/slide1.xml');
    expect(xml).not.toContain('<p:transition');
    expect(xml).not.toContain('<p:timing');
  });
});

describe('writePptx with narration audio', () => {
  let zip: JSZip;
  const durations = [0.5, 0.75, 1, 2.5];

  beforeAll(async () => {
    const out = path.join(dir, 'narrated.pptx');
    const narration = durations.map((durationSec, i) => ({ audioPath: wavPaths[i], durationSec }));
    await writePptx({ deck: sampleDeck, layouts, narration }, out);
    zip = await unzip(out);
  });

  it('embeds each slide audio under ppt/media and declares its content type', async () => {
    for (let i = 0; i < 3; i++) {
      const rels = await part(zip, `ppt/slides/_rels/slide${i + 1}.xml.rels`);
      const target = /relationships\/audio" Target="\.\.\/media\/([^"]+\.wav)"/.exec(rels)?.[1];
      expect(target).toBeDefined();
      const media = await zip.file(`ppt/media/${target}`)!.async('nodebuffer');
      expect(media.subarray(0, 4).toString()).toBe('RIFF');
    }
    expect(await part(zip, '[Content_Types].xml')).toContain('<Default Extension="wav" ContentType="audio/wav"/>');
  });

  it('auto-advances after the narration and starts the audio with the slide', async () => {
    for (let i = 0; i < 3; i++) {
      const xml = await part(zip, `ppt/slides/slide${i + 1}.xml`);
      expect(xmlProblem(xml)).toBeUndefined();
      expect(xml).toContain(`<p:transition advClick="0" advTm="${Math.round(durations[i] * 1000)}"><p:cut/></p:transition>`);
      expect(xml.indexOf('<p:transition')).toBeGreaterThan(xml.indexOf('</p:clrMapOvr>'));
      expect(xml.indexOf('<p:timing>')).toBeGreaterThan(xml.indexOf('<p:transition'));
      const audio = shapeNamed(xml, 'Narration');
      expect(audio).toContain('<a:audioFile r:link=');
      const spid = /<p:cNvPr id="(\d+)"/.exec(audio)![1];
      const ids = [...xml.matchAll(/<p:cNvPr\b[^>]*\bid="(\d+)"/g)].map((m) => m[1]);
      expect(ids.filter((id) => id === spid)).toHaveLength(1);
      expect(xml).toContain(`<p:cMediaNode vol="80000" showWhenStopped="0">`);
      expect([...xml.matchAll(/<p:spTgt spid="(\d+)"\/>/g)].map((m) => m[1])).toEqual([spid, spid]);
      expect(geometry(audio).x).toBeGreaterThanOrEqual(13.333); // icon off the slide
    }
  });

  it('only sets the advance time on a slide with a duration but no audio', async () => {
    const xml = await part(zip, 'ppt/slides/slide4.xml');
    expect(xml).toContain('<p:transition advClick="0" advTm="2500"><p:cut/></p:transition>');
    expect(xml).not.toContain('<p:timing>');
  });
});

describe('writePptx failures', () => {
  it('reports a missing image as bad input and writes nothing', async () => {
    const out = path.join(dir, 'missing.pptx');
    const bad = sampleLayouts(path.join(dir, 'nope.png'));
    await expect(writePptx({ deck: sampleDeck, layouts: bad }, out)).rejects.toMatchObject({ code: 'missing-image', slide: 4 });
    await expect(readFile(out)).rejects.toThrow();
  });

  it('rejects a layout count that does not match the deck, and unsupported audio', async () => {
    const out = path.join(dir, 'mismatch.pptx');
    await expect(writePptx({ deck: sampleDeck, layouts: layouts.slice(1) }, out)).rejects.toBeInstanceOf(LectraError);
    const ogg = path.join(dir, 'voice.ogg');
    await writeFile(ogg, 'x');
    await expect(writePptx({ deck: sampleDeck, layouts, narration: [{ audioPath: ogg }] }, out)).rejects.toMatchObject({ code: 'bad-input' });
    await expect(
      writePptx({ deck: sampleDeck, layouts, narration: [{ audioPath: path.join(dir, 'gone.wav') }] }, out),
    ).rejects.toMatchObject({ code: 'file-not-found' });
  });

  it('removes its temp file when the final rename fails', async () => {
    const target = path.join(dir, 'occupied');
    await rm(target, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(target, 'child'), { recursive: true }));
    await expect(writePptx({ deck: sampleDeck, layouts }, target)).rejects.toMatchObject({ code: 'render-failed' });
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe.skipIf(!hasSoffice)('writePptx in LibreOffice', () => {
  it('converts to a PDF with one page per slide', async () => {
    const out = path.join(dir, 'lo.pptx');
    await writePptx({ deck: sampleDeck, layouts }, out);
    // A private profile so a running LibreOffice (or a first-start dialog) cannot interfere.
    const profile = `file://${path.join(dir, 'lo-profile')}`;
    execFileSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, out], { timeout: 120_000, stdio: 'pipe' });
    const pdf = (await readFile(path.join(dir, 'lo.pdf'))).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(layouts.length);
  });
});
