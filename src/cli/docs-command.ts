import { Command, Option } from 'commander';
import type { Collection, DocumentRecord } from '../documents/collection.js';
import { collectionsRoot, defaultCollectionDir, listCollectionNames } from '../documents/default-collection-dir.js';
import type { EmbeddingProvider } from '../documents/embedding-provider.js';
import { passageLocation } from '../llm/prompts/grounded-passages.js';
import { LectraError } from '../errors.js';
import type { CliContext } from './cli-context.js';

interface CollectionFlags {
  collection?: string;
  collectionDir?: string;
  embed?: string;
  embedUrl?: string;
  embedModel?: string;
  json?: boolean;
}

/** `lectra docs add|list|remove|search|collections`: the document collections grounded lectures draw on. */
export function docsCommand(ctx: CliContext): Command {
  const docs = new Command('docs').description('Manage the documents (PDF, DOCX, Markdown, HTML, text) lectures can be grounded in.');
  docs.addCommand(
    withCollectionOptions(new Command('add').description('Read, chunk and index documents (all or nothing).').argument('<files...>', 'documents to add'))
      .action(async (files: string[], flags: CollectionFlags) => {
        const collection = await open(flags);
        const result = await collection.add(files, { signal: ctx.signal, onDocument: (d) => ctx.stderr.write(`  read ${d.name} (${d.kind})\n`) });
        if (flags.json) return writeJson(ctx, result);
        for (const d of result.added) ctx.stdout.write(`added     ${describe(d)}\n`);
        for (const d of result.updated) ctx.stdout.write(`updated   ${describe(d)}\n`);
        for (const d of result.unchanged) ctx.stdout.write(`unchanged ${describe(d)}\n`);
        ctx.stdout.write(`${collection.list().length} document(s) in ${collection.dir}${collection.hasEmbeddings ? ' (keyword + embeddings)' : ' (keyword search)'}\n`);
      }),
  );
  docs.addCommand(
    withCollectionOptions(new Command('list').description('List the documents of a collection.')).action(async (flags: CollectionFlags) => {
      const collection = await open(flags);
      const list = collection.list();
      if (flags.json) return writeJson(ctx, list);
      if (list.length === 0) ctx.stdout.write(`No documents in ${collection.dir} — add some with \`lectra docs add <file…>\`.\n`);
      for (const d of list) ctx.stdout.write(`${d.id}  ${describe(d)}  ${d.file}\n`);
    }),
  );
  docs.addCommand(
    withCollectionOptions(new Command('remove').description('Remove documents (by id, path or file name).').argument('<documents...>', 'ids, paths or names'))
      .action(async (targets: string[], flags: CollectionFlags) => {
        const collection = await open(flags);
        for (const target of targets) {
          for (const d of await collection.remove(target, { signal: ctx.signal })) ctx.stdout.write(`removed   ${describe(d)}\n`);
        }
      }),
  );
  docs.addCommand(
    withCollectionOptions(new Command('search').description('Show the passages that best match a question.').argument('<query...>', 'words or a question'))
      .addOption(new Option('-k, --top <n>', 'how many passages').default('5'))
      .action(async (query: string[], flags: CollectionFlags & { top: string }) => {
        const collection = await open(flags);
        const k = Number(flags.top);
        if (!Number.isInteger(k) || k < 1) throw new LectraError('bad-option', `--top must be a whole number ≥ 1 (got ${flags.top}).`, { field: '--top' });
        const hits = await collection.search(query.join(' '), { k, signal: ctx.signal });
        if (flags.json) return writeJson(ctx, hits);
        if (hits.length === 0) ctx.stdout.write('No passage matches.\n');
        hits.forEach((hit, i) => {
          const text = hit.chunk.text.replace(/\s+/g, ' ');
          ctx.stdout.write(`${i + 1}. ${passageLocation(hit.chunk)}  [${hit.chunk.id}] score ${hit.score.toFixed(3)}\n   ${text.length > 240 ? `${text.slice(0, 240)}…` : text}\n`);
        });
      }),
  );
  docs.addCommand(
    new Command('collections').description('List the named collections.').option('--json', 'print JSON').action(async (flags: { json?: boolean }) => {
      const names = await listCollectionNames();
      if (flags.json) return writeJson(ctx, names);
      ctx.stdout.write(names.length > 0 ? `${names.join('\n')}\n` : `No collections yet under ${collectionsRoot()}.\n`);
    }),
  );
  return docs;
}

function withCollectionOptions(command: Command): Command {
  return command
    .option('-c, --collection <name>', 'named collection under the LECTRA data folder', 'default')
    .option('--collection-dir <dir>', 'collection folder (instead of a name)')
    .addOption(new Option('--embed <provider>', 'embedding provider for semantic search').choices(['ollama', 'openai']).env('LECTRA_EMBED'))
    .addOption(new Option('--embed-url <url>', 'embedding server (Ollama root or OpenAI-compatible /v1 base)').env('LECTRA_EMBED_URL'))
    .addOption(new Option('--embed-model <model>', 'embedding model (default nomic-embed-text / text-embedding-3-small)').env('LECTRA_EMBED_MODEL'))
    .option('--json', 'print JSON');
}

async function open(flags: CollectionFlags): Promise<Collection> {
  let dir = flags.collectionDir;
  if (!dir) {
    try {
      dir = defaultCollectionDir(flags.collection ?? 'default');
    } catch (error) {
      throw new LectraError('bad-option', (error as Error).message, { field: '--collection' });
    }
  }
  // The document readers (PDF, DOCX) load only when a docs command runs.
  const { openCollection } = await import('../documents/collection.js');
  return openCollection(dir, { embedder: await embedder(flags) });
}

async function embedder(flags: CollectionFlags): Promise<EmbeddingProvider | undefined> {
  if (!flags.embed) return undefined;
  const { createEmbeddingProvider } = await import('../documents/embedding-provider.js');
  return createEmbeddingProvider({
    provider: flags.embed as 'ollama' | 'openai',
    url: flags.embedUrl,
    model: flags.embedModel,
    apiKey: process.env.LECTRA_EMBED_API_KEY ?? process.env.OPENAI_API_KEY,
  });
}

function describe(d: DocumentRecord): string {
  return `${d.name} — ${d.title} (${d.kind}, ${d.chunks} chunks)`;
}

function writeJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
