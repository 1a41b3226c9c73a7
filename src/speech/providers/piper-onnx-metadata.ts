/**
 * ONNX model metadata (ModelProto field 14, `metadata_props`: repeated {key = 1, value = 2}),
 * read and added without an ONNX library. sherpa-onnx runs a Piper voice only when the model
 * carries sample_rate, n_speakers, language and comment=piper, and it *exits the process* when
 * they are missing; voices downloaded from Piper do not carry them. Protobuf merges repeated
 * fields appended at the end of a message, so adding entries is a byte append.
 */
const METADATA_FIELD = 14;

/** The model's metadata_props (top-level fields only; the graph is skipped, not parsed). */
export function readOnnxMetadata(model: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < model.length) {
    const [tag, afterTag] = readVarint(model, at);
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) at = readVarint(model, afterTag)[1];
    else if (wire === 1) at = afterTag + 8;
    else if (wire === 5) at = afterTag + 4;
    else if (wire === 2) {
      const [length, start] = readVarint(model, afterTag);
      const end = start + Number(length);
      if (end > model.length) throw new Error('truncated ONNX model');
      if (field === METADATA_FIELD) Object.assign(out, readEntry(model.subarray(start, end)));
      at = end;
    } else throw new Error(`not an ONNX model (wire type ${wire})`);
  }
  return out;
}

/** The bytes to append to a model to add these metadata entries. */
export function encodeOnnxMetadata(entries: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(entries)) {
    const entry = Buffer.concat([stringField(1, key), stringField(2, value)]);
    parts.push(Buffer.from([(METADATA_FIELD << 3) | 2]), writeVarint(entry.length), entry);
  }
  return Buffer.concat(parts);
}

function readEntry(bytes: Buffer): Record<string, string> {
  let key = '';
  let value = '';
  let at = 0;
  while (at < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, at);
    const [length, start] = readVarint(bytes, afterTag);
    const text = bytes.toString('utf8', start, start + Number(length));
    if (tag >> 3n === 1n) key = text;
    else if (tag >> 3n === 2n) value = text;
    at = start + Number(length);
  }
  return key ? { [key]: value } : {};
}

function stringField(field: number, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([(field << 3) | 2]), writeVarint(bytes.length), bytes]);
}

function readVarint(bytes: Buffer, start: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let at = start; at < bytes.length && shift < 70n; at++) {
    const byte = bytes[at];
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, at + 1];
    shift += 7n;
  }
  throw new Error('truncated ONNX model');
}

function writeVarint(value: number): Buffer {
  const out: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Buffer.from(out);
}
