/**
 * Files of a tenant: a `blob` row (RLS-scoped, audited) pointing at content in the shared,
 * content-addressed BlobStore. The same bytes uploaded by two tenants are stored once on disk
 * but have two rows; content is only ever reached through a row the caller's tenant can see.
 */

import type { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../audit/chain.js';
import type { AppContext } from '../context.js';
import type { TenantTx } from '../db/tenant.js';
import { AppError, invalid, notFound } from '../errors.js';
import { isUuid, newId } from '../ids.js';
import { type BlobSource, type StoredBlob, tooLarge } from './store.js';

export { BlobIntegrityError, BlobStore, isSha256, type StoredBlob } from './store.js';

export interface BlobRecord {
  id: string;
  tenantId: string;
  sha256: string;
  size: number;
  mime: string;
  filename: string;
  createdAt: Date;
  createdBy: string | null;
}

export interface FileHandle {
  record: BlobRecord;
  /** The content as a stream that errors at the end if it does not match its hash. */
  stream(): Readable;
  /** The whole content, verified. */
  read(): Promise<Buffer>;
}

export const MAX_FILENAME = 255;
const FALLBACK_NAME = 'file';

// Characters that reorder or hide text: "faktura\u202Efdp.exe" displays as "fakturaexe.pdf".
const INVISIBLE = /[\p{Cc}\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2069\uFEFF]/gu;
// Reserved on Windows, where most downloads end up; harmless to replace everywhere.
const RESERVED = /[<>:"|?*]/g;

/**
 * A display name safe to store and to hand back in Content-Disposition: no directories, no
 * control or bidi characters, at most 255 characters (the extension kept). Diacritics stay.
 */
export function sanitizeFilename(name: string): string {
  let s = name.normalize('NFC');
  // Some browsers send the client's full path (C:\Users\…\file.pdf).
  s = s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
  s = s.replace(INVISIBLE, '').replace(RESERVED, '_');
  s = s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  if (s === '' || /^\.+$/.test(s)) return FALLBACK_NAME;
  const chars = Array.from(s);
  if (chars.length <= MAX_FILENAME) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(s.slice(dot)) : [];
  if (ext.length > 1 && ext.length <= 20) {
    const stem = Array.from(s.slice(0, dot));
    return stem.slice(0, MAX_FILENAME - ext.length).join('') + ext.join('');
  }
  return chars.slice(0, MAX_FILENAME).join('');
}

/** `Content-Disposition` for a download: an ASCII fallback plus the exact UTF-8 name (RFC 6266). */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const name = sanitizeFilename(filename);
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

type BlobRow = {
  id: string;
  tenant_id: string;
  sha256: string;
  size: number | string;
  mime: string;
  filename: string;
  created_at: Date;
  created_by: string | null;
};

function toRecord(r: BlobRow): BlobRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    sha256: r.sha256,
    size: Number(r.size),
    mime: r.mime,
    filename: r.filename,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/**
 * Records content already in the store as a file of the transaction's tenant, with its audit
 * entry. Used after `receiveUpload`, which stores the bytes before any transaction is open.
 */
export async function recordFile(
  ctx: AppContext,
  tx: TenantTx,
  input: { filename: string; blob: StoredBlob },
): Promise<BlobRecord> {
  const { blob } = input;
  // A row must never point at content that is not there.
  if (!(await ctx.blobs.has(blob.sha256))) throw new Error(`Blob ${blob.sha256} is not in the store.`);
  const filename = sanitizeFilename(input.filename);
  const row = await tx.trx
    .insertInto('blob')
    .values({
      id: newId(),
      tenant_id: tx.tenantId,
      sha256: blob.sha256,
      size: blob.size,
      mime: blob.mime,
      filename,
      created_at: tx.now,
      created_by: tx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(tx, {
    eventType: 'Zalozeni',
    objectType: 'Komponenta',
    objectId: row.id,
    params: { filename, size: blob.size, mime: blob.mime, sha256: blob.sha256 },
  });
  return toRecord(row);
}

/**
 * Stores content and records it as a file of the transaction's tenant. The bytes are written
 * before the row; if the transaction rolls back they stay on disk unreferenced (harmless, and
 * the same content uploaded again reuses them).
 */
export async function storeFile(
  ctx: AppContext,
  tx: TenantTx,
  input: { filename: string; source: BlobSource; maxBytes?: number },
): Promise<BlobRecord> {
  const blob = await ctx.blobs.put(
    input.source,
    input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes },
  );
  return recordFile(ctx, tx, { filename: input.filename, blob });
}

/** A file of the transaction's tenant; another tenant's id is simply not found. */
export async function getFile(ctx: AppContext, tx: TenantTx, id: string): Promise<FileHandle> {
  if (!isUuid(id)) throw notFound('The file');
  const row = await tx.trx.selectFrom('blob').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The file');
  const record = toRecord(row);
  return {
    record,
    stream: () => ctx.blobs.stream(record.sha256),
    read: () => ctx.blobs.read(record.sha256),
  };
}

export interface ReceivedUpload extends StoredBlob {
  /** Sanitised name the client gave. */
  filename: string;
  /** The form's text fields (first value of each), e.g. `_csrf` and a description. */
  fields: Record<string, string>;
}

/**
 * Reads a multipart/form-data request: streams its one file into the store (no transaction is
 * open meanwhile, so a slow upload holds no database connection) and collects the text fields.
 * A file cut off at the upload limit is refused as `too-large`; nothing partial is stored.
 * Record the result with `recordFile` in the use case's tenant transaction.
 */
export async function receiveUpload(
  request: FastifyRequest,
  ctx: AppContext,
  opts: { field?: string; maxBytes?: number } = {},
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw new AppError('unsupported-media-type', 'Expected multipart/form-data.');
  const limit = Math.min(opts.maxBytes ?? ctx.config.uploadLimitBytes, ctx.config.uploadLimitBytes);
  const fieldName = opts.field ?? 'file';
  const fields: Record<string, string> = {};
  let upload: Omit<ReceivedUpload, 'fields'> | null = null;
  for await (const part of request.parts({ limits: { fileSize: limit } })) {
    if (part.type === 'field') {
      if (!(part.fieldname in fields) && typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    // A file input left empty still sends a part: no name, no bytes.
    if (part.fieldname !== fieldName || part.filename === '') {
      part.file.resume();
      if (part.fieldname === fieldName || part.filename === '') continue;
      throw invalid([{ field: part.fieldname, message: 'unexpected file' }]);
    }
    if (upload) {
      part.file.resume();
      throw invalid([{ field: fieldName, message: 'only one file may be uploaded' }]);
    }
    const blob = await ctx.blobs.put(untilTruncated(part, limit), { maxBytes: limit });
    upload = { ...blob, filename: sanitizeFilename(part.filename) };
  }
  if (!upload) throw invalid([{ field: fieldName, message: 'no file was uploaded' }]);
  return { ...upload, fields };
}

/** Passes the part's bytes on and fails at the end if busboy cut the file off at the limit. */
async function* untilTruncated(part: MultipartFile, limit: number): AsyncIterable<Uint8Array> {
  for await (const chunk of part.file) yield chunk as Buffer;
  if (part.file.truncated) throw tooLarge(limit);
}
