/**
 * Embeddings kept as one Float32Array (rows of `dimensions`, unit length) with brute-force
 * cosine search. For one person's documents (thousands to tens of thousands of chunks) a scan
 * takes milliseconds and needs no native module; the file is the raw little-endian floats.
 */
export class VectorIndex {
  private constructor(
    readonly dimensions: number,
    private ids: string[],
    private data: Float32Array,
  ) {}

  static empty(dimensions: number): VectorIndex {
    return new VectorIndex(dimensions, [], new Float32Array(0));
  }

  static fromBytes(dimensions: number, ids: string[], bytes: Uint8Array): VectorIndex {
    if (bytes.byteLength !== ids.length * dimensions * 4) {
      throw new RangeError(`Vector file holds ${bytes.byteLength} bytes, expected ${ids.length} × ${dimensions} floats.`);
    }
    const data = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(data.buffer).set(bytes);
    return new VectorIndex(dimensions, ids, data);
  }

  get size(): number {
    return this.ids.length;
  }

  get rowIds(): readonly string[] {
    return this.ids;
  }

  has(id: string): boolean {
    return this.ids.includes(id);
  }

  /** A copy keeping only the rows whose id passes `keep`, plus `added` rows. */
  with(keep: (id: string) => boolean, added: Array<{ id: string; vector: number[] }>): VectorIndex {
    const rows: Array<{ id: string; vector: Float32Array | number[] }> = [];
    this.ids.forEach((id, row) => {
      if (keep(id)) rows.push({ id, vector: this.data.subarray(row * this.dimensions, (row + 1) * this.dimensions) });
    });
    for (const row of added) {
      if (row.vector.length !== this.dimensions) {
        throw new RangeError(`An embedding has ${row.vector.length} dimensions; this collection's have ${this.dimensions}.`);
      }
      rows.push({ id: row.id, vector: normalise(row.vector) });
    }
    const data = new Float32Array(rows.length * this.dimensions);
    rows.forEach((row, i) => data.set(row.vector, i * this.dimensions));
    return new VectorIndex(this.dimensions, rows.map((r) => r.id), data);
  }

  /** Ids by cosine similarity to `query`, best first. */
  search(query: number[], limit: number): Array<{ id: string; score: number }> {
    const q = normalise(query);
    const scores = this.ids.map((id, row) => {
      let dot = 0;
      const base = row * this.dimensions;
      for (let d = 0; d < this.dimensions; d++) dot += q[d]! * this.data[base + d]!;
      return { id, score: dot };
    });
    return scores.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  toBytes(): Uint8Array {
    return new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }
}

function normalise(vector: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(vector, (x) => x * scale);
}
