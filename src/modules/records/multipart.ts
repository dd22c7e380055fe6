/** Reads an intake form: text fields plus any number of files, each streamed into the blob store. */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type StoredBlob, sanitizeFilename } from '../../platform/blobs/index.js';
import { tooLarge } from '../../platform/blobs/store.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, invalid } from '../../platform/errors.js';

export interface MultipartForm {
  fields: Record<string, string>;
  files: { filename: string; blob: StoredBlob }[];
}

async function* untilTruncated(part: MultipartFile, limit: number): AsyncIterable<Uint8Array> {
  for await (const chunk of part.file) yield chunk as Buffer;
  if (part.file.truncated) throw tooLarge(limit);
}

export async function readMultipart(
  request: FastifyRequest,
  ctx: AppContext,
  opts: { maxFiles?: number } = {},
): Promise<MultipartForm> {
  if (!request.isMultipart()) throw new AppError('unsupported-media-type', 'Expected multipart/form-data.');
  const limit = ctx.config.uploadLimitBytes;
  const max = opts.maxFiles ?? 20;
  const fields: Record<string, string> = {};
  const files: MultipartForm['files'] = [];
  for await (const part of request.parts({ limits: { fileSize: limit } })) {
    if (part.type === 'field') {
      if (!(part.fieldname in fields) && typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    // An empty file input still sends a part without a name.
    if (part.filename === '') {
      part.file.resume();
      continue;
    }
    if (files.length >= max) {
      part.file.resume();
      throw invalid([{ field: 'files', message: `At most ${max} files.` }]);
    }
    const blob = await ctx.blobs.put(untilTruncated(part, limit), { maxBytes: limit });
    files.push({ filename: sanitizeFilename(part.filename), blob });
  }
  return { fields, files };
}
