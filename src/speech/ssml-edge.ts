/**
 * Prosody SSML (see prosody.ts: `<speak>`, `<emphasis>`, optionally `<break>`) → the subset the
 * Edge read-aloud service accepts: one `<voice>` holding one `<prosody>` for rate, pitch and
 * volume. Emphasis becomes a nested `<prosody>` (slightly louder and higher), because Edge
 * honours `<emphasis>` for only a few voices and rejects nothing else we send. Pauses between
 * sentences are inserted by the pipeline as exact silence, so only breaks already inside the
 * input are kept.
 */
export interface EdgeSsmlOptions {
  /** Short name (`en-US-AriaNeural`) or the long form; sent as Edge itself sends it. */
  voice: string;
  /** Rate multiplier, 1 = normal. */
  rate: number;
  /** `+0Hz`, `-10%`, … */
  pitch?: string;
  /** `+0%`, `-20%`, … */
  volume?: string;
}

const EMPHASIS_PROSODY = `<prosody pitch='+6%' volume='+15%'>`;

/** The full `<speak>` document for one request. `content` is already SSML-safe (see below). */
export function edgeSsml(content: string, options: EdgeSsmlOptions): string {
  const lang = voiceLocale(options.voice);
  return (
    `<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='${lang}'>` +
    `<voice name='${escapeXml(edgeLongVoiceName(options.voice))}'>` +
    `<prosody pitch='${options.pitch ?? '+0Hz'}' rate='${edgeRate(options.rate)}' volume='${options.volume ?? '+0%'}'>` +
    `${content}</prosody></voice></speak>`
  );
}

/** Plain text → SSML content (escaped, control characters the service rejects turned into spaces). */
export function edgeTextContent(text: string): string {
  return escapeXml(removeControlCharacters(text));
}

/**
 * Prosody SSML → Edge content: the `<speak>` wrapper dropped, `<emphasis>` mapped to prosody,
 * `<break time=…/>` kept, any other tag dropped (its text kept). Text and entities pass through.
 */
export function edgeSsmlContent(ssml: string): string {
  return removeControlCharacters(ssml).replace(/<\/?([a-zA-Z:]+)([^>]*?)(\/?)>/g, (_tag, name: string, attrs: string, selfClosing: string) => {
    const closing = _tag.startsWith('</');
    const lower = name.toLowerCase();
    if (lower === 'emphasis') return selfClosing ? '' : closing ? '</prosody>' : EMPHASIS_PROSODY;
    if (lower === 'break' && !closing) {
      const time = /time\s*=\s*["']([\d.]+m?s)["']/.exec(attrs)?.[1];
      return time ? `<break time='${time}'/>` : '';
    }
    return '';
  });
}

/** 1.25 → `+25%`, 0.8 → `-20%` (Edge's relative rate). */
export function edgeRate(rate: number): string {
  const multiplier = Number.isFinite(rate) && rate > 0 ? rate : 1;
  const percent = Math.round((multiplier - 1) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

/**
 * `en-US-AriaNeural` → `Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)`, the
 * form the Edge browser sends; `zh-CN-liaoning-XiaobeiNeural` keeps its region suffix.
 */
export function edgeLongVoiceName(voice: string): string {
  const match = /^([a-z]{2,3})-([A-Z]{2})-(.+Neural)$/.exec(voice);
  if (!match) return voice;
  let [, lang, region, name] = match;
  const dash = name.indexOf('-');
  if (dash !== -1) {
    region = `${region}-${name.slice(0, dash)}`;
    name = name.slice(dash + 1);
  }
  return `Microsoft Server Speech Text to Speech Voice (${lang}-${region}, ${name})`;
}

function voiceLocale(voice: string): string {
  return /^([a-z]{2,3}-[A-Z]{2})/.exec(voice)?.[1] ?? /\(([a-z]{2,3}-[A-Z]{2})/.exec(voice)?.[1] ?? 'en-US';
}

function removeControlCharacters(text: string): string {
  // The service fails on C0 controls other than tab, newline and carriage return (e.g. the vertical tab in OCR'd PDFs).
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
