import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { LectraError, throwIfAborted } from '../errors.js';
import type { ResourcePool } from '../pipeline/resource-pool.js';
import { chunkDocument, type ChunkOptions } from './chunk-document.js';
import { withCollectionLock } from './collection-lock.js';
import type { Chunk, DocumentKind, ExtractedDocument, ScoredChunk } from './document-types.js';
import type { EmbeddingProvider } from './embedding-provider.js';
import { readDocumentFile } from './extract-document.js';
import { extractInWorker } from './extract-in-worker.js';
import { fuseRankings } from './fuse-rankings.js';
import { KeywordIndex } from './keyword-index.js';
import { VectorIndex } from './vector-index.js';

export interface DocumentRecord {
  /** Stable id: a hash of `file`. */
  id: string;
  /** Absolute path it was read from, or the upload's name. */
  file: string;
  /** File name as cited (`report.pdf`). */
  name: string;
  title: string;
  kind: DocumentKind;
  bytes: number;
  sha256: string;
  chunks: number;
  addedAt: string;
}

/** A file on disk, or an upload already in memory. */
export type DocumentInput = string | { name: string; bytes: Uint8Array };

export interface CollectionOptions {
  /** Enables semantic + hybrid search; chunks are embedded when added. */
  embedder?: EmbeddingProvider;
  chunk?: ChunkOptions;
  /** Largest document accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /**
   * Bounds how many documents are parsed at once (each parse is a worker thread that may use up to
   * DOCUMENT_LIMITS.workerHeapMb): the server shares one across its collections. Default: none
   * (one `add` reads its documents one after another anyway).
   */
  parsePool?: ResourcePool;
}

export interface AddOptions {
  signal?: AbortSignal;
  /** Called as each document has been read (before anything is committed). */
  onDocument?: (record: DocumentRecord) => void;
}

export interface AddResult {
  added: DocumentRecord[];
  /** Already there and re-read because the file changed. */
  updated: DocumentRecord[];
  /** Already there with the same content: left as it was. */
  unchanged: DocumentRecord[];
}

export interface SearchOptions {
  /** How many chunks to return (default 8). */
  k?: number;
  /** Only chunks of these documents (ids, paths or names). */
  documents?: string[];
  signal?: AbortSignal;
}

interface StoredChunk extends Chunk {
  docId: string;
}

interface Manifest {
  version: 1;
  generation: string;
  updatedAt: string;
  documents: DocumentRecord[];
  chunks: StoredChunk[];
  keywordFile?: string;
  embedding?: { provider: string; model: string; dimensions: number; file: string; ids: string[] };
}

interface State {
  manifest: Manifest;
  keyword: KeywordIndex;
  vectors?: VectorIndex;
}

const MANIFEST = 'collection.json';

/**
 * A searchable set of documents. On disk (openCollection) it is a folder whose collection.json
 * names the files of the current generation (BM25 index JSON, raw Float32 vectors); a change
 * writes a new generation next to the old one and then replaces collection.json atomically, so
 * a failed or cancelled add leaves the collection exactly as it was. In memory
 * (memoryCollection) the same searches work without a folder.
 */
export class Collection {
  private state: State;

  constructor(
    readonly dir: string | undefined,
    private readonly options: CollectionOptions,
    state?: State,
  ) {
    this.state = state ?? emptyState();
  }

  /** The documents, in the order they were added. */
  list(): DocumentRecord[] {
    return this.state.manifest.documents.map((d) => ({ ...d }));
  }

  /** Chunks in document order; of one document when `document` (id, path or name) is given. */
  chunks(document?: string): Chunk[] {
    const ids = document === undefined ? undefined : new Set(this.resolveDocuments([document]).map((d) => d.id));
    return this.state.manifest.chunks.filter((c) => !ids || ids.has(c.docId)).map(publicChunk);
  }

  getChunk(id: string): Chunk | undefined {
    const chunk = this.state.manifest.chunks.find((c) => c.id === id);
    return chunk && publicChunk(chunk);
  }

  /** Whether searches also rank by embeddings. */
  get hasEmbeddings(): boolean {
    return Boolean(this.options.embedder && this.state.vectors && this.state.vectors.size > 0);
  }

  /**
   * Reads, chunks (and embeds) the documents, then commits them all at once. Any failure
   * (a bad file, the embedding server) throws before anything is written: nothing half-indexed.
   */
  async add(inputs: DocumentInput[], options: AddOptions = {}): Promise<AddResult> {
    const read: Array<{ doc: ExtractedDocument; record: DocumentRecord }> = [];
    for (const input of inputs) {
      throwIfAborted(options.signal);
      const item = await this.readInput(input, options.signal);
      read.push(item);
      options.onDocument?.(item.record);
    }
    return this.mutate(async (state) => {
      const result: AddResult = { added: [], updated: [], unchanged: [] };
      let manifest = state.manifest;
      const fresh: StoredChunk[] = [];
      for (const { doc, record } of read) {
        const existing = manifest.documents.find((d) => d.id === record.id);
        if (existing && existing.sha256 === record.sha256) {
          result.unchanged.push(existing);
          continue;
        }
        (existing ? result.updated : result.added).push(record);
        const chunks = chunkDocument(doc, this.options.chunk).map((c) => ({ ...c, docId: record.id }));
        record.chunks = chunks.length;
        fresh.push(...chunks);
        manifest = {
          ...manifest,
          documents: [...manifest.documents.filter((d) => d.id !== record.id), record],
          chunks: [...manifest.chunks.filter((c) => c.docId !== record.id), ...chunks],
        };
      }
      if (fresh.length === 0 && !this.needsEmbedding(state)) return { state, result };
      return { state: await this.rebuild(manifest, state, options.signal), result };
    }, options.signal);
  }

  /** Removes documents by id, path or name; returns what was removed. */
  async remove(target: string, options: { signal?: AbortSignal } = {}): Promise<DocumentRecord[]> {
    return this.mutate(async (state) => {
      const removed = resolveIn(state.manifest, [target]);
      const ids = new Set(removed.map((d) => d.id));
      const manifest = {
        ...state.manifest,
        documents: state.manifest.documents.filter((d) => !ids.has(d.id)),
        chunks: state.manifest.chunks.filter((c) => !ids.has(c.docId)),
      };
      return { state: await this.rebuild(manifest, state, options.signal), result: removed };
    }, options.signal);
  }

  /**
   * Chunks ranked for a query: BM25 alone, or fused with cosine similarity of embeddings
   * (reciprocal rank fusion) when the collection has them and an embedder was given.
   */
  async search(query: string, options: SearchOptions = {}): Promise<ScoredChunk[]> {
    const k = options.k ?? 8;
    const { manifest, keyword, vectors } = this.state;
    const allowed = options.documents ? new Set(this.resolveDocuments(options.documents).map((d) => d.id)) : undefined;
    const byId = new Map(manifest.chunks.map((c) => [c.id, c]));
    const keep = (id: string) => {
      const chunk = byId.get(id);
      return chunk !== undefined && (!allowed || allowed.has(chunk.docId));
    };
    const pool = Math.max(k * 4, 24);
    const keywordHits = keyword.search(query, manifest.chunks.length).filter((hit) => keep(hit.id)).slice(0, pool);
    let vectorHits: Array<{ id: string; score: number }> = [];
    if (this.options.embedder && vectors && vectors.size > 0 && query.trim()) {
      this.checkModel(manifest);
      const [vector] = await this.options.embedder.embed([query], options.signal);
      vectorHits = vectors.search(vector!, vectors.size).filter((hit) => keep(hit.id)).slice(0, pool);
    }
    if (vectorHits.length === 0) {
      return keywordHits.slice(0, k).map((hit, i) => ({ chunk: publicChunk(byId.get(hit.id)!), score: hit.score, keywordRank: i + 1 }));
    }
    return fuseRankings([keywordHits, vectorHits])
      .slice(0, k)
      .map((hit) => ({
        chunk: publicChunk(byId.get(hit.id)!),
        score: hit.score,
        ...(hit.ranks[0] ? { keywordRank: hit.ranks[0] } : {}),
        ...(hit.ranks[1] ? { vectorRank: hit.ranks[1] } : {}),
      }));
  }

  /** Re-reads collection.json (changes made by another process). */
  async reload(): Promise<void> {
    if (this.dir) this.state = await loadState(this.dir);
  }

  private resolveDocuments(targets: string[]): DocumentRecord[] {
    return resolveIn(this.state.manifest, targets);
  }

  private async readInput(input: DocumentInput, signal?: AbortSignal): Promise<{ doc: ExtractedDocument; record: DocumentRecord }> {
    const extractOptions = { signal, maxBytes: this.options.maxBytes };
    const { absolute, bytes: content } = typeof input === 'string' ? await readDocumentFile(input, extractOptions) : { absolute: input.name, bytes: input.bytes };
    // Parsed off this thread, with a memory limit: a hostile file costs a worker, not the process.
    const parse = () => extractInWorker(absolute, content, extractOptions);
    const doc = await (this.options.parsePool ? this.options.parsePool.run(parse, signal) : parse());
    const record: DocumentRecord = {
      id: hash(doc.file).slice(0, 12),
      file: doc.file,
      name: doc.name,
      title: doc.title,
      kind: doc.kind,
      bytes: content.byteLength,
      sha256: hash(content),
      chunks: 0,
      addedAt: new Date().toISOString(),
    };
    return { doc, record };
  }

  private needsEmbedding(state: State): boolean {
    const embedder = this.options.embedder;
    if (!embedder || state.manifest.chunks.length === 0) return false;
    const current = state.manifest.embedding;
    return !current || current.model !== embedder.model || current.provider !== embedder.id || state.vectors?.size !== state.manifest.chunks.length;
  }

  private checkModel(manifest: Manifest): void {
    const embedder = this.options.embedder!;
    const stored = manifest.embedding;
    if (stored && (stored.model !== embedder.model || stored.provider !== embedder.id)) {
      throw new LectraError(
        'bad-option',
        `This collection was embedded with ${stored.provider}/${stored.model}, not ${embedder.id}/${embedder.model} — search with the same model, or add a document with the new one to re-embed everything.`,
        { field: '--embed-model' },
      );
    }
  }

  /** New indexes for a manifest: BM25 rebuilt, vectors kept for surviving chunks plus new ones. */
  private async rebuild(manifest: Manifest, previous: State, signal?: AbortSignal): Promise<State> {
    const titles = new Map(manifest.documents.map((d) => [d.id, d.title]));
    const keyword = KeywordIndex.empty();
    keyword.add(manifest.chunks, (chunk) => titles.get((chunk as StoredChunk).docId) ?? '');
    const embedder = this.options.embedder;
    if (!embedder || manifest.chunks.length === 0) {
      const ids = new Set(manifest.chunks.map((c) => c.id));
      const vectors = previous.vectors?.with((id) => ids.has(id), []);
      return { manifest: { ...manifest, embedding: vectors && previous.manifest.embedding ? { ...previous.manifest.embedding, ids: [...vectors.rowIds] } : undefined }, keyword, vectors };
    }
    const sameModel = previous.manifest.embedding?.model === embedder.model && previous.manifest.embedding.provider === embedder.id;
    const reusable = sameModel ? previous.vectors : undefined;
    const missing = manifest.chunks.filter((c) => !reusable?.has(c.id));
    const embedded = missing.length > 0 ? await embedder.embed(missing.map(embeddingText), signal) : [];
    const dimensions = embedded[0]?.length ?? reusable?.dimensions ?? 0;
    const ids = new Set(manifest.chunks.map((c) => c.id));
    const base = reusable && reusable.dimensions === dimensions ? reusable : VectorIndex.empty(dimensions);
    const vectors = base.with((id) => ids.has(id), missing.map((c, i) => ({ id: c.id, vector: embedded[i]! })));
    const embedding = { provider: embedder.id, model: embedder.model, dimensions, file: '', ids: [...vectors.rowIds] };
    return { manifest: { ...manifest, embedding }, keyword, vectors };
  }

  /** Runs a change on the latest committed state, under the write lock, and commits it. */
  private async mutate<T>(change: (state: State) => Promise<{ state: State; result: T }>, signal?: AbortSignal): Promise<T> {
    if (!this.dir) {
      const { state, result } = await change(this.state);
      this.state = state;
      return result;
    }
    const dir = this.dir;
    return withCollectionLock(
      dir,
      async () => {
        const latest = await loadState(dir);
        const { state, result } = await change(latest);
        throwIfAborted(signal);
        if (state !== latest) await commit(dir, state);
        this.state = state;
        return result;
      },
      { signal },
    );
  }
}

/** Opens (or starts) the collection in a folder; the folder is created on the first add. */
export async function openCollection(dir: string, options: CollectionOptions = {}): Promise<Collection> {
  const absolute = path.resolve(dir);
  return new Collection(absolute, options, await loadState(absolute));
}

/** A collection that lives only in memory (one run over `--from` files, tests). */
export function memoryCollection(options: CollectionOptions = {}): Collection {
  return new Collection(undefined, options);
}

function emptyState(): State {
  return { manifest: { version: 1, generation: '', updatedAt: '', documents: [], chunks: [] }, keyword: KeywordIndex.empty() };
}

async function loadState(dir: string): Promise<State> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw damaged(dir, error);
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (manifest.version !== 1 || !Array.isArray(manifest.documents) || !Array.isArray(manifest.chunks)) throw new Error('unknown layout');
    const keyword = manifest.keywordFile
      ? KeywordIndex.fromJson(await readFile(path.join(dir, manifest.keywordFile), 'utf8'))
      : KeywordIndex.empty();
    const embedding = manifest.embedding;
    const vectors = embedding?.file
      ? VectorIndex.fromBytes(embedding.dimensions, embedding.ids, await readFile(path.join(dir, embedding.file)))
      : undefined;
    return { manifest, keyword, vectors };
  } catch (error) {
    throw damaged(dir, error);
  }
}

function damaged(dir: string, cause: unknown): LectraError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new LectraError('internal', `The collection at ${dir} is damaged (${why}) — delete the folder and add the documents again.`, { file: dir, cause });
}

/** Writes the generation's files, then the manifest naming them (the atomic step), then tidies up. */
async function commit(dir: string, state: State): Promise<void> {
  const generation = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const keywordFile = `bm25-${generation}.json`;
  await writeFileAtomic(path.join(dir, keywordFile), state.keyword.toJson());
  let embedding = state.manifest.embedding;
  if (embedding && state.vectors) {
    const file = `vectors-${generation}.f32`;
    await writeFileAtomic(path.join(dir, file), state.vectors.toBytes());
    embedding = { ...embedding, file, ids: [...state.vectors.rowIds] };
  }
  const manifest: Manifest = { ...state.manifest, generation, updatedAt: new Date().toISOString(), keywordFile, embedding };
  await writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest));
  state.manifest = manifest;
  await removeOldGenerations(dir, new Set([keywordFile, embedding?.file].filter((f): f is string => Boolean(f))));
}

async function removeOldGenerations(dir: string, keep: Set<string>): Promise<void> {
  const files = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    files
      .filter((f) => /^(bm25-.*\.json|vectors-.*\.f32)$/.test(f) && !keep.has(f))
      .map((f) => rm(path.join(dir, f), { force: true }).catch(() => undefined)),
  );
}

function resolveIn(manifest: Manifest, targets: string[]): DocumentRecord[] {
  const found: DocumentRecord[] = [];
  for (const target of targets) {
    const absolute = path.resolve(target);
    const exact = manifest.documents.filter((d) => d.id === target || d.file === target || d.file === absolute);
    const matches = exact.length > 0 ? exact : manifest.documents.filter((d) => d.name === target);
    if (matches.length === 0) {
      throw new LectraError('bad-input', `No document "${target}" in the collection — \`lectra docs list\` shows what it holds.`, { field: 'document' });
    }
    if (matches.length > 1) {
      throw new LectraError('bad-input', `"${target}" names ${matches.length} documents — use the id or full path instead.`, {
        field: 'document',
        details: matches.map((d) => `${d.id}  ${d.file}`),
      });
    }
    found.push(matches[0]!);
  }
  return found;
}

function embeddingText(chunk: Chunk): string {
  return chunk.heading ? `${chunk.heading}\n${chunk.text}` : chunk.text;
}

function publicChunk(chunk: StoredChunk): Chunk {
  const { docId: _docId, ...rest } = chunk;
  return rest;
}

function hash(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}
