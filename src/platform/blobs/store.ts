import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../errors.js';

/** What `put` accepts: a buffer, a Node stream or any async iterable of bytes. */
export type BlobSource = Readable | Buffer | Uint8Array | AsyncIterable<Uint8Array>;

export interface StoredBlob {
  sha256: string;
  size: number;
  /** Sniffed from the content; what a client claims is never used. */
  mime: string;
}

export const TEXT_MIME = 'text/plain; charset=utf-8';
export const BINARY_MIME = 'application/octet-stream';

const SHA256_RE = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_RE.test(value);
}

/**
 * Stored content does not match its name (bit rot, tampering) or has vanished. It is the
 * platform's fault, not the user's, so it is no AppError and surfaces as an internal error.
 */
export class BlobIntegrityError extends Error {
  override name = 'BlobIntegrityError';
  constructor(
    readonly sha256: string,
    readonly reason: 'mismatch' | 'missing',
    actual?: string,
  ) {
    super(
      reason === 'missing'
        ? `Blob ${sha256} is missing from the store.`
        : `Blob ${sha256} is corrupt: its content hashes to ${actual}.`,
    );
  }
}

export function tooLarge(limit: number): AppError {
  return new AppError('too-large', `The file is larger than the limit of ${limit} bytes.`, [], { limit });
}

/**
 * Content-addressed file store: a file lives at `<dir>/<aa>/<bb>/<sha256>` and is written once.
 * Writes go to `<dir>/tmp` first and are renamed into place, so a reader never sees half a file
 * and two writers of the same content cannot collide (rename is atomic, both files are equal).
 * Which tenant may read what is the `blob` table's business (./index.ts), not the store's.
 */
export class BlobStore {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly tmpDir: string;

  constructor(opts: { dir: string; maxBytes: number }) {
    this.dir = path.resolve(opts.dir);
    this.maxBytes = opts.maxBytes;
    this.tmpDir = path.join(this.dir, 'tmp');
  }

  /** Path of a blob's file; the hash is checked first, so no name can leave the store. */
  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new RangeError(`Not a SHA-256 hex digest: ${JSON.stringify(sha256)}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams the content to a temporary file while hashing, counting and checking it is text;
   * refuses it (leaving nothing behind) once it passes the limit, then moves it into place
   * unless the same content is stored already.
   */
  async put(source: BlobSource, opts: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const limit = opts.maxBytes ?? this.maxBytes;
    await fs.mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    const text = new TextSniffer();
    let size = 0;
    const handle = await fs.open(tmp, 'wx');
    try {
      try {
        for await (const chunk of chunksOf(source)) {
          size += chunk.byteLength;
          if (size > limit) throw tooLarge(limit);
          hash.update(chunk);
          text.push(chunk);
          await handle.write(chunk);
        }
        // The rename below must not publish a file whose bytes are still only in the page cache.
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      const mime = (await fileTypeFromFile(tmp))?.mime ?? (text.end() ? TEXT_MIME : BINARY_MIME);
      const target = this.pathOf(sha256);
      if (await sizeIs(target, size)) {
        await fs.rm(tmp, { force: true });
      } else {
        // Absent, or a damaged copy of different length: the fresh bytes replace it.
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.rename(tmp, target);
      }
      return { sha256, size, mime };
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(sha256))).isFile();
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** The whole content, verified against its hash. */
  async read(sha256: string): Promise<Buffer> {
    let data: Buffer;
    try {
      data = await fs.readFile(this.pathOf(sha256));
    } catch (err) {
      if (isNotFound(err)) throw new BlobIntegrityError(sha256, 'missing');
      throw err;
    }
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) throw new BlobIntegrityError(sha256, 'mismatch', actual);
    return data;
  }

  /**
   * The content as a stream, hashed on the way; a mismatch becomes an error at the end (the bytes
   * were already sent by then, so an HTTP response is cut off rather than completed).
   */
  stream(sha256: string): Readable {
    const file = this.pathOf(sha256);
    const hash = createHash('sha256');
    const out = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        const actual = hash.digest('hex');
        done(actual === sha256 ? null : new BlobIntegrityError(sha256, 'mismatch', actual));
      },
    });
    const input = createReadStream(file);
    input.on('error', (err) =>
      out.destroy(isNotFound(err) ? new BlobIntegrityError(sha256, 'missing') : err),
    );
    out.on('close', () => input.destroy());
    input.pipe(out);
    return out;
  }

  /** Deletes the content. The caller has made sure no `blob` row of any tenant refers to it. */
  async remove(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }

  /** Removes temporary files left by a crash in the middle of `put`. */
  async sweepTemp(olderThanMs = 24 * 3600_000, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.tmpDir);
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tmpDir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && now - stat.mtimeMs > olderThanMs) {
        await fs.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

async function* chunksOf(source: BlobSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

async function sizeIs(file: string, size: number): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() && stat.size === size;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'ENOENT';
}

/** Decides along the way whether the whole content is UTF-8 text without NUL bytes. */
class TextSniffer {
  private decoder: TextDecoder | null = new TextDecoder('utf-8', { fatal: true });

  push(chunk: Uint8Array): void {
    if (!this.decoder) return;
    if (chunk.includes(0)) {
      this.decoder = null;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.decoder = null;
    }
  }

  end(): boolean {
    if (!this.decoder) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}
