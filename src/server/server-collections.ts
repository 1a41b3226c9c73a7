import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { openCollection, type Collection, type DocumentRecord } from '../documents/collection.js';
import { listCollectionNames } from '../documents/default-collection-dir.js';
import type { EmbeddingProvider } from '../documents/embedding-provider.js';
import { ResourcePool } from '../pipeline/resource-pool.js';
import { HttpError } from './http-error.js';

export interface ServerCollectionsOptions {
  /** Largest document accepted, in bytes. */
  maxBytes: number;
  /** Embeds chunks as they are added (hybrid search); keyword search only without it. */
  embedder?: EmbeddingProvider;
}

const NAME = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The server's document collections: `<root>/<name>/` is a collection (collection.json and its
 * indexes, the same layout `lectra docs` uses) and `<root>/<name>/files/` keeps each uploaded
 * document under its (cleaned) file name, so lectures can be generated from it later.
 * Uploads are spooled to `<root>/.uploads/` first and only moved into place once indexed.
 */
export class ServerCollections {
  /**
   * One document parsed at a time, across all collections: each parse is a worker thread that may
   * use up to DOCUMENT_LIMITS.workerHeapMb, so concurrent uploads queue here instead of adding up.
   */
  private readonly parsePool = new ResourcePool('documents', 1);

  constructor(
    readonly root: string,
    private readonly options: ServerCollectionsOptions,
  ) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /** Where uploads are written while they arrive (same file system as the collections). */
  get spoolDir(): string {
    return path.join(this.root, '.uploads');
  }

  dir(name: string): string {
    if (!NAME.test(name)) throw new HttpError(400, 'bad-request', `"${name}" is not a collection name: use letters, digits, ".", "_" or "-" (at most 64).`, { field: 'collection' });
    return path.join(this.root, name);
  }

  async names(): Promise<string[]> {
    return listCollectionNames(this.root);
  }

  async open(name: string): Promise<Collection> {
    return openCollection(this.dir(name), { embedder: this.options.embedder, maxBytes: this.options.maxBytes, parsePool: this.parsePool });
  }

  /**
   * Indexes a spooled upload under `fileName` in the collection, then moves the file into the
   * collection's files/ folder. A failure (unreadable document, embedding server) leaves both the
   * index and the stored files as they were, and the spooled file is removed either way.
   */
  async addUpload(name: string, fileName: string, spooled: string): Promise<{ record: DocumentRecord; change: 'added' | 'updated' | 'unchanged' }> {
    try {
      const filesDir = path.join(this.dir(name), 'files');
      const target = path.join(filesDir, fileName);
      const bytes = await readFile(spooled);
      const collection = await this.open(name);
      const result = await collection.add([{ name: target, bytes }]);
      await mkdir(filesDir, { recursive: true });
      await rename(spooled, target);
      const change = result.added.length > 0 ? 'added' : result.updated.length > 0 ? 'updated' : 'unchanged';
      const record = [...result.added, ...result.updated, ...result.unchanged][0]!;
      return { record, change };
    } finally {
      await rm(spooled, { force: true });
    }
  }

  /**
   * The files a lecture is written from: every document of the collection, or the named ones
   * (by name or id). 404 for an unknown or empty collection, 400 for an unknown document.
   */
  async files(name: string, documents?: string[]): Promise<string[]> {
    const records = (await this.names()).includes(name) ? (await this.open(name)).list() : [];
    if (records.length === 0) {
      throw new HttpError(404, 'collection-not-found', `No documents in collection "${name}": upload some with POST /upload_document (GET /list_collections lists what there is).`, { field: 'collection' });
    }
    const picked = documents
      ? documents.map((wanted) => {
          const found = records.filter((r) => r.id === wanted || r.name === wanted);
          if (found.length !== 1) {
            throw new HttpError(400, 'bad-input', `${found.length === 0 ? 'No' : 'More than one'} document "${wanted}" in collection "${name}" — it holds: ${records.map((r) => `${r.name} (${r.id})`).join(', ')}.`, { field: 'documents' });
          }
          return found[0]!;
        })
      : records;
    for (const record of picked) {
      const info = await stat(record.file).catch(() => undefined);
      if (!info?.isFile()) {
        throw new HttpError(409, 'document-missing', `${record.name} is indexed in collection "${name}" but its file ${record.file} is gone — upload it again.`, { field: 'documents' });
      }
    }
    return picked.map((r) => r.file);
  }

  /** A fresh spool file name. */
  async spoolFile(): Promise<string> {
    await mkdir(this.spoolDir, { recursive: true });
    return path.join(this.spoolDir, `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}.part`);
  }
}
