/**
 * Writes a tiny llama-architecture GGUF with random weights (~140 KB): one layer, 32-wide, a
 * byte-level vocabulary. It produces noise, but llama.cpp loads it and grammar-constrained
 * sampling still yields valid JSON, which is all the llamacpp provider's plumbing test needs
 * (no model weights can be downloaded here). Format: GGUF v3 (magic, version, tensor and
 * metadata counts, key/value metadata, tensor infos, 32-byte aligned F32 tensor data).
 */
const T = { U32: 4, I32: 5, F32: 6, STRING: 8, ARRAY: 9 } as const;
type Scalar = typeof T.U32 | typeof T.I32 | typeof T.F32 | typeof T.STRING;
type Meta = [string, Scalar, number | string] | [string, typeof T.ARRAY, [Scalar, Array<number | string>]];

export function tinyLlamaGguf(): Buffer {
  const nEmbd = 32;
  const nHead = 4;
  const nFf = 64;
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [2, 3, 3]; // unknown, control, control
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6); // byte
  }
  for (let c = 0x21; c <= 0x7e; c++) {
    tokens.push(String.fromCharCode(c));
    types.push(1); // normal
  }
  tokens.push('\u2581');
  types.push(1);
  const meta: Meta[] = [
    ['general.architecture', T.STRING, 'llama'],
    ['general.name', T.STRING, 'lectra-test-tiny'],
    ['llama.context_length', T.U32, 512],
    ['llama.embedding_length', T.U32, nEmbd],
    ['llama.block_count', T.U32, 1],
    ['llama.feed_forward_length', T.U32, nFf],
    ['llama.attention.head_count', T.U32, nHead],
    ['llama.attention.head_count_kv', T.U32, nHead],
    ['llama.attention.layer_norm_rms_epsilon', T.F32, 1e-5],
    ['llama.rope.dimension_count', T.U32, nEmbd / nHead],
    ['llama.vocab_size', T.U32, tokens.length],
    ['tokenizer.ggml.model', T.STRING, 'llama'],
    ['tokenizer.ggml.tokens', T.ARRAY, [T.STRING, tokens]],
    ['tokenizer.ggml.scores', T.ARRAY, [T.F32, tokens.map((_, i) => -i)]],
    ['tokenizer.ggml.token_type', T.ARRAY, [T.I32, types]],
    ['tokenizer.ggml.bos_token_id', T.U32, 1],
    ['tokenizer.ggml.eos_token_id', T.U32, 2],
    ['tokenizer.ggml.unknown_token_id', T.U32, 0],
  ];
  const blk = (name: string, dims: number[]): [string, number[]] => [`blk.0.${name}.weight`, dims];
  const tensors: Array<[string, number[]]> = [
    ['token_embd.weight', [nEmbd, tokens.length]],
    ['output_norm.weight', [nEmbd]],
    ['output.weight', [nEmbd, tokens.length]],
    blk('attn_norm', [nEmbd]),
    blk('attn_q', [nEmbd, nEmbd]),
    blk('attn_k', [nEmbd, nEmbd]),
    blk('attn_v', [nEmbd, nEmbd]),
    blk('attn_output', [nEmbd, nEmbd]),
    blk('ffn_norm', [nEmbd]),
    blk('ffn_gate', [nEmbd, nFf]),
    blk('ffn_up', [nEmbd, nFf]),
    blk('ffn_down', [nFf, nEmbd]),
  ];
  const parts: Buffer[] = [];
  const num = (size: number, write: (b: Buffer) => void) => {
    const b = Buffer.alloc(size);
    write(b);
    parts.push(b);
  };
  const u32 = (v: number) => num(4, (b) => b.writeUInt32LE(v));
  const u64 = (v: number) => num(8, (b) => b.writeBigUInt64LE(BigInt(v)));
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    u64(b.length);
    parts.push(b);
  };
  const scalar = (type: Scalar, v: number | string) => {
    if (type === T.STRING) str(String(v));
    else if (type === T.F32) num(4, (b) => b.writeFloatLE(Number(v)));
    else if (type === T.I32) num(4, (b) => b.writeInt32LE(Number(v)));
    else u32(Number(v));
  };
  parts.push(Buffer.from('GGUF'));
  u32(3);
  u64(tensors.length);
  u64(meta.length);
  for (const [key, type, value] of meta) {
    str(key);
    u32(type);
    if (type === T.ARRAY) {
      const [itemType, items] = value as [Scalar, Array<number | string>];
      u32(itemType);
      u64(items.length);
      for (const item of items) scalar(itemType, item);
    } else scalar(type, value as number | string);
  }
  const aligned = (n: number) => Math.ceil(n / 32) * 32;
  let offset = 0;
  for (const [name, dims] of tensors) {
    str(name);
    u32(dims.length);
    for (const d of dims) u64(d);
    u32(0); // F32
    u64(offset);
    offset += aligned(dims.reduce((a, b) => a * b, 1) * 4);
  }
  const head = Buffer.concat(parts);
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.1;
  const data = tensors.map(([name, dims]) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const b = Buffer.alloc(aligned(count * 4));
    for (let i = 0; i < count; i++) b.writeFloatLE(name.endsWith('norm.weight') ? 1 : random(), i * 4);
    return b;
  });
  return Buffer.concat([head, Buffer.alloc(aligned(head.length) - head.length), ...data]);
}
