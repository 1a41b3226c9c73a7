/**
 * A tiny Piper-shaped VITS voice for tests (no voice weights can be downloaded here): an ONNX
 * model with Piper's inputs — x (phoneme ids, int64 [1, N]), x_length (int64 [1]) and scales
 * (float [3]: noise, length, noise_w) — whose output y (float [1, 1, T]) repeats each id's level
 * round(800 × length_scale) times. So the audio is non-silent, grows with the text and shrinks as
 * the rate goes up, which is everything the speech contract checks — through the real
 * sherpa-onnx runtime, tokenizer and eSpeak phonemizer. Written as raw protobuf (ONNX IR 8, opset 13).
 */
import { writeFile } from 'node:fs/promises';

const FLOAT = 1;
const INT64 = 7;

function varint(value: number | bigint): Buffer {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number | bigint) => Buffer.concat([key(field, 0), varint(value)]);
const bytes = (field: number, data: Buffer | string) => {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([key(field, 2), varint(b.length), b]);
};
const message = (field: number, ...parts: Buffer[]) => bytes(field, Buffer.concat(parts));

/** ValueInfoProto: a tensor of `elemType` with the given dims (numbers or symbolic names). */
function valueInfo(field: number, name: string, elemType: number, dims: Array<number | string>): Buffer {
  const shape = dims.map((d) => message(1, typeof d === 'number' ? int(1, d) : bytes(2, d)));
  return message(field, bytes(1, name), message(2, message(1, int(1, elemType), message(2, ...shape))));
}

/** TensorProto initializer from raw little-endian data. */
function tensor(name: string, elemType: number, dims: number[], raw: Buffer): Buffer {
  return message(5, ...dims.map((d) => int(1, d)), int(2, elemType), bytes(8, name), bytes(9, raw));
}

const f32 = (...values: number[]) => Buffer.from(new Float32Array(values).buffer);
const i64 = (...values: number[]) => Buffer.from(new BigInt64Array(values.map(BigInt)).buffer);

function node(op: string, inputs: string[], outputs: string[], ...attributes: Buffer[]): Buffer {
  return message(1, ...inputs.map((i) => bytes(1, i)), ...outputs.map((o) => bytes(2, o)), bytes(3, `${op}_${outputs[0]}`), bytes(4, op), ...attributes);
}

/** AttributeProto INT (type 2). */
const intAttribute = (name: string, value: number) => message(5, bytes(1, name), int(3, value), int(20, 2));

export function tinyPiperModel(): Buffer {
  const graph = Buffer.concat([
    node('Cast', ['x'], ['xf'], intAttribute('to', FLOAT)),
    node('Mul', ['xf', 'level'], ['xs']),
    node('Gather', ['scales', 'one'], ['length_scale'], intAttribute('axis', 0)),
    node('Mul', ['length_scale', 'per_id'], ['repeat_f']),
    node('Cast', ['repeat_f'], ['repeat_i'], intAttribute('to', INT64)),
    node('Reshape', ['repeat_i', 'shape1'], ['repeat_1']),
    node('Concat', ['ones1', 'repeat_1'], ['repeats'], intAttribute('axis', 0)),
    node('Tile', ['xs', 'repeats'], ['tiled']),
    node('Unsqueeze', ['tiled', 'axis1'], ['y']),
    bytes(2, 'tiny_piper'),
    tensor('level', FLOAT, [1], f32(0.004)),
    tensor('one', INT64, [], i64(1)),
    tensor('per_id', FLOAT, [], f32(800)),
    tensor('shape1', INT64, [1], i64(1)),
    tensor('ones1', INT64, [1], i64(1)),
    tensor('axis1', INT64, [1], i64(1)),
    valueInfo(11, 'x', INT64, [1, 'N']),
    valueInfo(11, 'x_length', INT64, [1]),
    valueInfo(11, 'scales', FLOAT, [3]),
    valueInfo(12, 'y', FLOAT, [1, 1, 'T']),
  ]);
  return Buffer.concat([int(1, 8), bytes(2, 'lectra-test'), bytes(7, graph), message(8, bytes(1, ''), int(2, 13))]);
}

/** The voice's .onnx.json, as Piper ships it (a handful of phonemes is enough for the tokenizer). */
export function tinyPiperConfig(): Record<string, unknown> {
  const phonemes = ['_', '^', '$', ' ', '!', "'", '(', ')', ',', '-', '.', ':', ';', '?', 'a', 'b', 'c', 'd', 'e', 'f', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'æ', 'ç', 'ð', 'ø', 'ħ', 'ŋ', 'œ', 'ɐ', 'ɑ', 'ɒ', 'ɔ', 'ə', 'ɚ', 'ɛ', 'ɜ', 'ɡ', 'ɪ', 'ɹ', 'ɾ', 'ʃ', 'ʊ', 'ʌ', 'ʒ', 'ʔ', 'ˈ', 'ˌ', 'ː', 'θ', 'ᵻ', 'ɬ', 'ɫ', 'ɐ'];
  const map: Record<string, number[]> = {};
  phonemes.forEach((p, i) => (map[p] ??= [i]));
  return {
    audio: { sample_rate: 22050, quality: 'low' },
    espeak: { voice: 'en-us' },
    language: { code: 'en_US', family: 'en', region: 'US', name_native: 'English', name_english: 'English' },
    num_speakers: 1,
    speaker_id_map: {},
    inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 },
    phoneme_type: 'espeak',
    phoneme_id_map: map,
    dataset: 'lectra-tiny',
  };
}

/** Writes `<file>` and `<file>.json`. */
export async function writeTinyPiperVoice(file: string): Promise<void> {
  await writeFile(file, tinyPiperModel());
  await writeFile(`${file}.json`, JSON.stringify(tinyPiperConfig(), null, 2));
}
