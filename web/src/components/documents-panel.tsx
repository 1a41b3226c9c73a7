import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, type CollectionInfo } from '../api.js';

export interface DocumentsChoice {
  collection: string;
  /** Names of the documents to use; all of the collection's when every one is ticked. */
  documents: string[];
  /** How many documents the collection holds. */
  available: number;
}

const ACCEPT = '.pdf,.docx,.md,.markdown,.html,.htm,.txt,.text';

/** Upload documents into a collection, see what it holds, and pick the ones to write the lecture from. */
export function DocumentsPanel({ onChange }: { onChange: (choice: DocumentsChoice) => void }) {
  const [collection, setCollection] = useState('default');
  const [collections, setCollections] = useState<CollectionInfo[]>([]);
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const [uploading, setUploading] = useState<string>();
  const [error, setError] = useState<string>();

  const refresh = useCallback(() => api.listCollections().then(setCollections, (e: Error) => setError(e.message)), []);
  useEffect(() => void refresh(), [refresh]);

  const current = collections.find((c) => c.name === collection);
  const documents = current?.documents ?? [];
  useEffect(() => {
    const picked = documents.filter((d) => !unticked.has(d.name)).map((d) => d.name);
    onChange({ collection, documents: picked, available: documents.length });
  }, [collection, collections, unticked]);

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(undefined);
    try {
      for (const file of Array.from(files)) {
        setUploading(file.name);
        await api.uploadDocument(file, collection);
      }
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setUploading(undefined);
    }
  };

  const toggle = (name: string) => {
    const next = new Set(unticked);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setUnticked(next);
  };

  return (
    <div class="documents-panel" data-testid="documents-panel">
      <label class="field">
        <span class="label">Collection</span>
        <input data-testid="collection" list="lectra-collections" value={collection} onInput={(e) => setCollection(e.currentTarget.value.trim() || 'default')} />
        <datalist id="lectra-collections">
          {collections.map((c) => (
            <option key={c.name} value={c.name} />
          ))}
        </datalist>
      </label>
      <label class={uploading ? 'dropzone busy' : 'dropzone'}>
        <input type="file" multiple accept={ACCEPT} data-testid="upload-file" disabled={Boolean(uploading)} onChange={(e) => {
            const input = e.currentTarget;
            void upload(input.files).then(() => (input.value = ''));
          }} />
        <strong>{uploading ? `Uploading ${uploading}…` : 'Add documents'}</strong>
        <span class="hint">PDF, DOCX, Markdown, HTML or text · up to 50 MB each</span>
      </label>
      {error && (
        <p class="job-error" role="alert" data-testid="upload-error">
          {error}
        </p>
      )}
      {documents.length > 0 ? (
        <ul class="doc-list" data-testid="doc-list">
          {documents.map((d) => (
            <li key={d.id}>
              <label class="check">
                <input type="checkbox" checked={!unticked.has(d.name)} onChange={() => toggle(d.name)} />
                <span class={`kind kind-${d.kind}`}>{d.kind}</span>
                <span class="doc-name" title={d.title}>
                  {d.name}
                </span>
                <span class="doc-chunks">{d.chunks} passages</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">No documents in “{collection}” yet.</p>
      )}
    </div>
  );
}
