import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import {
  addNarrationTiming,
  applyNarrationToSlideXml,
  audioShapeId,
  narrationTimingXml,
  normaliseAudioContentTypes,
  transitionXml,
} from '../../src/render/pptx-narration.js';
import { xmlProblem } from '../fixtures/layouts/xml-balance.js';

const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';

/** What pptxgenjs 4 writes: a text shape with id 3 and an audio picture numbered from its rId (also 3). */
const SLIDE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld ${NS}><p:cSld name="Slide 1"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>` +
  '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"></p:cNvPr><p:cNvSpPr/><p:nvPr></p:nvPr></p:nvSpPr><p:spPr/></p:sp>' +
  '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Bullet 2"></p:cNvPr><p:cNvSpPr/><p:nvPr></p:nvPr></p:nvSpPr><p:spPr/></p:sp>' +
  '<p:pic> <p:nvPicPr><p:cNvPr id="3" name="Narration"><a:hlinkClick r:id="" action="ppaction://media"/></p:cNvPr> <p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr> <p:nvPr>  <a:videoFile r:link="rId1"/>  <p:extLst>   <p:ext uri="{DAA4B4D4-6D71-4841-9C94-3DE7FCFB9230}">    <p14:media xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" r:embed="rId2"/>   </p:ext>  </p:extLst> </p:nvPr> </p:nvPicPr> <p:blipFill><a:blip r:embed="rId3"/><a:stretch><a:fillRect/></a:stretch></p:blipFill> <p:spPr/></p:pic>' +
  '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>';

const RELS =
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/audio" Target="../media/media-1-1.wav"/>' +
  '<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2007/relationships/media" Target="../media/media-1-1.wav"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/image-1-3.png"/>' +
  '</Relationships>';

describe('applyNarrationToSlideXml', () => {
  it('adds transition then timing after p:clrMapOvr, in schema order', () => {
    const xml = applyNarrationToSlideXml(SLIDE, RELS, { durationSec: 4.2, hasAudio: true });
    expect(xmlProblem(xml)).toBeUndefined();
    const clr = xml.indexOf('</p:clrMapOvr>');
    const transition = xml.indexOf('<p:transition advClick="0" advTm="4200"><p:cut/></p:transition>');
    const timing = xml.indexOf('<p:timing>');
    expect(clr).toBeGreaterThan(0);
    expect(transition).toBeGreaterThan(clr);
    expect(timing).toBeGreaterThan(transition);
    expect(xml.indexOf('</p:sld>')).toBeGreaterThan(xml.indexOf('</p:timing>'));
  });

  it('turns the audio link into a:audioFile and gives the audio shape a unique id that the timing targets', () => {
    const xml = applyNarrationToSlideXml(SLIDE, RELS, { durationSec: 2, hasAudio: true });
    expect(xml).toContain('<a:audioFile r:link="rId1"/>');
    expect(xml).not.toContain('a:videoFile');
    const spid = audioShapeId(xml);
    expect(spid).toBe(4);
    const ids = [...xml.matchAll(/<p:cNvPr\b[^>]*\bid="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const targets = [...xml.matchAll(/<p:spTgt spid="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(targets).toEqual([4, 4]);
    expect(xml).toMatch(/<p:audio><p:cMediaNode vol="80000" showWhenStopped="0">/);
    expect(xml).toContain('nodeType="tmRoot"');
    expect(xml).toContain('cmd="playFrom(0.0)"');
    expect(xml).toContain('<p:cTn id="6" dur="2000" fill="hold"/>');
  });

  it('writes only the transition for a slide without audio, and nothing without a duration', () => {
    const plain = SLIDE.replace(/<p:pic>[\s\S]*<\/p:pic>/, '');
    const timed = applyNarrationToSlideXml(plain, '', { durationSec: 1.5, hasAudio: false });
    expect(timed).toContain('<p:transition advClick="0" advTm="1500"><p:cut/></p:transition>');
    expect(timed).not.toContain('<p:timing>');
    expect(applyNarrationToSlideXml(plain, '', { hasAudio: false })).toBe(plain);
  });

  it('replaces an existing transition and timing instead of duplicating them', () => {
    const once = applyNarrationToSlideXml(SLIDE, RELS, { durationSec: 1, hasAudio: true });
    const twice = applyNarrationToSlideXml(once, RELS, { durationSec: 3, hasAudio: true });
    expect(twice.match(/<p:transition /g)).toHaveLength(1);
    expect(twice.match(/<p:timing>/g)).toHaveLength(1);
    expect(twice).toContain('advTm="3000"');
    expect(xmlProblem(twice)).toBeUndefined();
  });

  it('keeps a:videoFile for links that are not audio relationships', () => {
    const videoRels = RELS.replace('relationships/audio', 'relationships/video');
    expect(() => applyNarrationToSlideXml(SLIDE, videoRels, { durationSec: 1, hasAudio: true })).toThrowError(/no audio shape/);
  });
});

describe('narration XML pieces', () => {
  it('builds well-formed timing and transition elements', () => {
    expect(xmlProblem(`<p:sld ${NS}>${narrationTimingXml(7)}</p:sld>`)).toBeUndefined();
    expect(narrationTimingXml(7)).toContain('dur="indefinite" fill="hold"/><p:tgtEl><p:spTgt spid="7"/>');
    expect(transitionXml(0.0004)).toBe('<p:transition advClick="0" advTm="0"><p:cut/></p:transition>');
  });

  it('maps audio content types to the MIME types PowerPoint writes', () => {
    const types =
      '<Types><Default Extension="png" ContentType="image/png"/><Default Extension="mp3" ContentType="audio/mp3"/>' +
      '<Default Extension="m4a" ContentType="audio/m4a"/><Default Extension="wav" ContentType="audio/wav"/></Types>';
    const out = normaliseAudioContentTypes(types);
    expect(out).toContain('<Default Extension="mp3" ContentType="audio/mpeg"/>');
    expect(out).toContain('<Default Extension="m4a" ContentType="audio/mp4"/>');
    expect(out).toContain('<Default Extension="wav" ContentType="audio/wav"/>');
    expect(out).toContain('<Default Extension="png" ContentType="image/png"/>');
  });
});

describe('addNarrationTiming', () => {
  it('edits every slide part of a package and reports the slide number on failure', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types><Default Extension="mp3" ContentType="audio/mp3"/></Types>');
    zip.file('ppt/slides/slide1.xml', SLIDE);
    zip.file('ppt/slides/_rels/slide1.xml.rels', RELS);
    zip.file('ppt/slides/slide2.xml', SLIDE.replace(/<p:pic>[\s\S]*<\/p:pic>/, ''));
    await addNarrationTiming(zip, [{ durationSec: 2, hasAudio: true }, { durationSec: 1, hasAudio: false }]);
    expect(await zip.file('ppt/slides/slide1.xml')!.async('string')).toContain('<p:audio>');
    expect(await zip.file('ppt/slides/slide2.xml')!.async('string')).toContain('advTm="1000"');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('audio/mpeg');

    const broken = new JSZip();
    broken.file('[Content_Types].xml', '<Types/>');
    broken.file('ppt/slides/slide1.xml', SLIDE.replace(/<p:pic>[\s\S]*<\/p:pic>/, ''));
    broken.file('ppt/slides/_rels/slide1.xml.rels', RELS);
    await expect(addNarrationTiming(broken, [{ hasAudio: true }])).rejects.toMatchObject({ code: 'render-failed', slide: 1 });
  });
});
