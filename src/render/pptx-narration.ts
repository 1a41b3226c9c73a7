import type JSZip from 'jszip';
import { LectraError } from '../errors.js';

/**
 * Narration playback for a written .pptx. pptxgenjs embeds audio but writes neither an autoplay
 * timing tree nor advance timings, so this pass edits the slide XML: each slide gets
 * `<p:transition advClick="0" advTm="ms"><p:cut/></p:transition>` and, when it has audio, the `<p:timing>` tree
 * PowerPoint itself writes for "Start: Automatically" + "Hide during show".
 */
export interface SlideNarrationTiming {
  /** Seconds until the slide advances by itself; omit to advance on click only. */
  durationSec?: number;
  /** The slide holds one embedded audio shape (added with pptxgenjs `addMedia`). */
  hasAudio: boolean;
}

const AUDIO_REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/audio';

/** MIME types PowerPoint itself declares; pptxgenjs writes `audio/<extension>`. */
const AUDIO_CONTENT_TYPES: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mpeg', m4a: 'audio/mp4' };

export async function addNarrationTiming(zip: JSZip, slides: SlideNarrationTiming[]): Promise<void> {
  for (const [i, timing] of slides.entries()) {
    if (timing.durationSec === undefined && !timing.hasAudio) continue;
    const slidePath = `ppt/slides/slide${i + 1}.xml`;
    const slideXml = await readPart(zip, slidePath);
    const relsXml = timing.hasAudio ? await readPart(zip, `ppt/slides/_rels/slide${i + 1}.xml.rels`) : '';
    try {
      zip.file(slidePath, applyNarrationToSlideXml(slideXml, relsXml, timing));
    } catch (error) {
      if (error instanceof LectraError) throw new LectraError(error.code, error.message, { slide: i + 1, cause: error });
      throw error;
    }
  }
  const typesXml = await readPart(zip, '[Content_Types].xml');
  zip.file('[Content_Types].xml', normaliseAudioContentTypes(typesXml));
}

/** The slide XML with the audio shape fixed up and transition/timing elements in place. */
export function applyNarrationToSlideXml(slideXml: string, relsXml: string, timing: SlideNarrationTiming): string {
  let xml = slideXml.replace(/<p:transition\b[^>]*\/>|<p:transition\b[\s\S]*?<\/p:transition>/g, '');
  xml = xml.replace(/<p:timing\b[\s\S]*?<\/p:timing>/g, '');
  let extra = timing.durationSec === undefined ? '' : transitionXml(timing.durationSec);
  if (timing.hasAudio) {
    xml = markAudioFiles(xml, audioRelIds(relsXml));
    xml = ensureUniqueAudioId(xml);
    const spid = audioShapeId(xml);
    if (spid === undefined) {
      throw new LectraError('render-failed', 'The slide has narration audio but no audio shape was found in its XML.');
    }
    extra += narrationTimingXml(spid, timing.durationSec);
  }
  return insertAfterClrMap(xml, extra);
}

/**
 * `<p:transition>`: no advance on click (the narration drives the show), advance after the audio.
 * The explicit instant `<p:cut/>` looks exactly like no transition in PowerPoint, and LibreOffice
 * Impress only reads `advTm` from a transition that names an effect (an empty one is ignored, so
 * the show would wait for a click there).
 */
export function transitionXml(durationSec: number): string {
  return `<p:transition advClick="0" advTm="${toMs(durationSec)}"><p:cut/></p:transition>`;
}

/**
 * The timing tree PowerPoint writes for an audio clip that starts with the slide ("After
 * previous" as the first main-sequence effect) and hides its icon during the show.
 */
export function narrationTimingXml(spid: number, durationSec?: number): string {
  const dur = durationSec === undefined ? 'indefinite' : String(toMs(durationSec));
  const target = `<p:tgtEl><p:spTgt spid="${spid}"/></p:tgtEl>`;
  const slideTarget = '<p:tgtEl><p:sldTgt/></p:tgtEl>';
  const playCmd =
    '<p:par><p:cTn id="5" presetID="1" presetClass="mediacall" presetSubtype="0" fill="hold" nodeType="afterEffect">' +
    '<p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>' +
    `<p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr><p:cTn id="6" dur="${dur}" fill="hold"/>${target}</p:cBhvr></p:cmd>` +
    '</p:childTnLst></p:cTn></p:par>';
  const mainSeq =
    '<p:seq concurrent="1" nextAc="seek"><p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>' +
    '<p:par><p:cTn id="3" fill="hold"><p:stCondLst><p:cond delay="indefinite"/>' +
    '<p:cond evt="onBegin" delay="0"><p:tn val="2"/></p:cond></p:stCondLst><p:childTnLst>' +
    `<p:par><p:cTn id="4" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>${playCmd}</p:childTnLst></p:cTn></p:par>` +
    '</p:childTnLst></p:cTn></p:par>' +
    '</p:childTnLst></p:cTn>' +
    `<p:prevCondLst><p:cond evt="onPrev" delay="0">${slideTarget}</p:cond></p:prevCondLst>` +
    `<p:nextCondLst><p:cond evt="onNext" delay="0">${slideTarget}</p:cond></p:nextCondLst></p:seq>`;
  const mediaNode =
    '<p:audio><p:cMediaNode vol="80000" showWhenStopped="0"><p:cTn id="7" fill="hold" display="0">' +
    '<p:stCondLst><p:cond delay="indefinite"/></p:stCondLst>' +
    `<p:endCondLst><p:cond evt="onStopAudio" delay="0">${slideTarget}</p:cond></p:endCondLst>` +
    `</p:cTn>${target}</p:cMediaNode></p:audio>`;
  return (
    '<p:timing><p:tnLst><p:par><p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>' +
    mainSeq +
    mediaNode +
    '</p:childTnLst></p:cTn></p:par></p:tnLst></p:timing>'
  );
}

/** Shape id (`p:cNvPr id`) of the first picture that holds an audio file. */
export function audioShapeId(slideXml: string): number | undefined {
  for (const pic of slideXml.match(/<p:pic>[\s\S]*?<\/p:pic>/g) ?? []) {
    if (!pic.includes('<a:audioFile')) continue;
    const id = /<p:cNvPr\b[^>]*\bid="(\d+)"/.exec(pic)?.[1];
    if (id !== undefined) return Number(id);
  }
  return undefined;
}

/** Rewrites `Default` content types of audio extensions to the MIME types PowerPoint uses. */
export function normaliseAudioContentTypes(typesXml: string): string {
  return typesXml.replace(/<Default Extension="(\w+)" ContentType="[^"]*"\/>/g, (tag, ext: string) => {
    const type = AUDIO_CONTENT_TYPES[ext.toLowerCase()];
    return type === undefined ? tag : `<Default Extension="${ext}" ContentType="${type}"/>`;
  });
}

function audioRelIds(relsXml: string): Set<string> {
  const ids = new Set<string>();
  for (const rel of relsXml.match(/<Relationship\b[^>]*>/g) ?? []) {
    if (!rel.includes(`Type="${AUDIO_REL_TYPE}"`)) continue;
    const id = /\bId="([^"]+)"/.exec(rel)?.[1];
    if (id) ids.add(id);
  }
  return ids;
}

/** pptxgenjs writes `a:videoFile` even for audio; PowerPoint expects `a:audioFile` for an audio link. */
function markAudioFiles(xml: string, audioRids: Set<string>): string {
  return xml.replace(/<a:videoFile r:link="([^"]+)"\/>/g, (tag, rid: string) =>
    audioRids.has(rid) ? `<a:audioFile r:link="${rid}"/>` : tag,
  );
}

/**
 * pptxgenjs numbers a media shape by its relationship id, which can collide with the ids of the
 * shapes before it; a duplicate id makes PowerPoint repair the file and breaks the spTgt link.
 */
function ensureUniqueAudioId(xml: string): string {
  const audioId = audioShapeId(xml);
  if (audioId === undefined) return xml;
  const ids = [...xml.matchAll(/<p:cNvPr\b[^>]*\bid="(\d+)"/g)].map((m) => Number(m[1]));
  if (ids.filter((id) => id === audioId).length <= 1) return xml;
  const fresh = Math.max(...ids) + 1;
  return xml.replace(/<p:pic>[\s\S]*?<\/p:pic>/g, (pic) =>
    pic.includes('<a:audioFile') ? pic.replace(/(<p:cNvPr\b[^>]*\bid=")\d+"/, (_m, head: string) => `${head}${fresh}"`) : pic,
  );
}

/** Element order inside p:sld is cSld, clrMapOvr, transition, timing, extLst. */
function insertAfterClrMap(xml: string, extra: string): string {
  if (extra === '') return xml;
  for (const anchor of ['</p:clrMapOvr>', '<p:clrMapOvr/>', '</p:cSld>']) {
    const at = xml.indexOf(anchor);
    if (at >= 0) return xml.slice(0, at + anchor.length) + extra + xml.slice(at + anchor.length);
  }
  throw new LectraError('render-failed', 'The slide XML has no p:cSld element; cannot add narration timing.');
}

async function readPart(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new LectraError('render-failed', `The presentation package has no part ${path}.`);
  return file.async('string');
}

function toMs(seconds: number): number {
  return Math.max(0, Math.round(seconds * 1000));
}
