import { z } from 'zod';
import type { DocumentRecord } from '../../documents/collection.js';
import { SUPPORTED_EXTENSIONS } from '../../documents/document-errors.js';
import { CollectionListSchema, CollectionNameSchema, ErrorSchema, TokenQuerySchema, UploadDocumentResultSchema, UploadQuerySchema } from '../api-schemas.js';
import { defineRoute, type RouteSpec } from '../define-route.js';
import { receiveUpload } from '../receive-upload.js';
import type { ServerCollections } from '../server-collections.js';

const DEFAULT_COLLECTION = 'default';

/** What a client sees of a document (no server paths). */
function summary(record: DocumentRecord) {
  return { id: record.id, name: record.name, title: record.title, kind: record.kind, chunks: record.chunks };
}

/** The original's document endpoints: upload into a collection, list the collections. */
export function documentRoutes(collections: ServerCollections): RouteSpec[] {
  const limitMb = Math.round(collections.maxBytes / (1024 * 1024));
  return [
    defineRoute({
      method: 'POST',
      url: '/upload_document',
      tag: 'documents',
      summary: 'Upload a document into a collection',
      description: `multipart/form-data with one \`file\` part (${SUPPORTED_EXTENSIONS.join(' ')}, at most ${limitMb} MB) and an optional \`collection\` field (or \`?collection=\`; default "${DEFAULT_COLLECTION}"). The text is extracted with its pages and headings, chunked and indexed; then \`POST /jobs {collection}\` writes a lecture from it. Nothing is indexed when the document cannot be read.`,
      query: UploadQuerySchema,
      multipart: z.object({
        file: z.file().describe('The document.'),
        collection: CollectionNameSchema.optional(),
      }),
      responses: {
        200: { description: 'Indexed.', schema: UploadDocumentResultSchema },
        400: { description: 'Unknown file type (the message lists the supported ones), an unreadable, password-protected or image-only document, or a bad collection name.', schema: ErrorSchema },
        409: { description: 'The collection is being changed by another process.', schema: ErrorSchema },
        413: { description: `Over the ${limitMb} MB limit.`, schema: ErrorSchema },
        502: { description: 'The embedding server failed.', schema: ErrorSchema },
      },
      handler: async ({ query }, request) => {
        const upload = await receiveUpload(request, { maxBytes: collections.maxBytes, spool: () => collections.spoolFile() });
        const name = upload.fields.collection?.trim() || query.collection || DEFAULT_COLLECTION;
        const { record, change } = await collections.addUpload(name, upload.fileName, upload.spooled);
        return { status: 'ok', collection: name, document: summary(record), change };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/list_collections',
      tag: 'documents',
      summary: 'Collections and their documents',
      query: TokenQuerySchema,
      responses: { 200: { description: 'Collections.', schema: CollectionListSchema } },
      handler: async () => {
        const names = await collections.names();
        const listed = await Promise.all(
          names.map(async (name) => ({
            name,
            documents: (await collections.open(name)).list().map((r) => ({ ...summary(r), bytes: r.bytes, added_at: r.addedAt })),
          })),
        );
        return { collections: listed };
      },
    }),
  ];
}
