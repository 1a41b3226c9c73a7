import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { documentErrors, SUPPORTED_EXTENSIONS } from '../documents/document-errors.js';
import { cleanUploadName } from './clean-upload-name.js';
import { HttpError } from './http-error.js';

export interface ReceivedUpload {
  /** The cleaned file name (what the document is stored and cited as). */
  fileName: string;
  /** The spooled copy; the caller moves or deletes it. */
  spooled: string;
  size: number;
  /** The form's text fields. */
  fields: Record<string, string>;
}

/** Room for the multipart envelope (boundaries, part headers, small fields) around the file itself. */
const ENVELOPE_BYTES = 64 * 1024;

function tooLarge(name: string, limit: number): HttpError {
  const mb = (limit / (1024 * 1024)).toFixed(0);
  return new HttpError(413, 'too-large', `${name} is over the ${mb} MB upload limit — split it into smaller files (e.g. by chapter), or start the server with a higher limit.`, { field: 'file' });
}

/**
 * Reads a multipart/form-data upload: exactly one file part (streamed to `spool()` with the size
 * cap enforced as bytes arrive, so a huge upload never sits in memory) plus text fields. An
 * announced Content-Length over the cap is refused before anything is read. Unknown file types
 * are refused from the name alone, before the body is stored. On any failure the spooled file
 * is removed.
 */
export async function receiveUpload(request: FastifyRequest, options: { maxBytes: number; spool: () => Promise<string> }): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new HttpError(400, 'bad-request', 'Send the document as multipart/form-data with a "file" part (e.g. `curl -F file=@notes.pdf …/upload_document`).', { field: 'file' });
  }
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > options.maxBytes + ENVELOPE_BYTES) throw tooLarge('The upload', options.maxBytes);

  const fields: Record<string, string> = {};
  let upload: ReceivedUpload | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: options.maxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12 } })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const fileName = cleanUploadName(part.filename ?? '');
      if (!part.filename || !SUPPORTED_EXTENSIONS.includes(path.extname(fileName).toLowerCase())) {
        part.file.resume();
        throw documentErrors.unsupported(part.filename || 'the upload (no file name)');
      }
      const spooled = await options.spool();
      upload = { fileName, spooled, size: 0, fields };
      let size = 0;
      part.file.on('data', (chunk: Buffer) => (size += chunk.length));
      try {
        await pipeline(part.file, createWriteStream(spooled, { flags: 'wx' }));
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(fileName, options.maxBytes);
        throw error;
      }
      if (part.file.truncated) throw tooLarge(fileName, options.maxBytes);
      upload.size = size;
    }
  } catch (error) {
    if (upload) await rm(upload.spooled, { force: true });
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw new HttpError(400, 'bad-request', 'Send one document per request.', { field: 'file' });
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new HttpError(400, 'bad-request', 'Too many form fields: send "file" and, optionally, "collection".');
    throw error;
  }
  if (!upload) throw new HttpError(400, 'bad-request', 'The form has no file: send the document as the "file" part.', { field: 'file' });
  if (upload.size === 0) {
    await rm(upload.spooled, { force: true });
    throw new HttpError(400, 'empty-input', `${upload.fileName} is empty — check that it is the right file.`, { field: 'file' });
  }
  return upload;
}
