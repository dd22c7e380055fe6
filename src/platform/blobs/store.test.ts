import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CZECH_TEXT,
  exeHeader,
  jpegMinimal,
  pdfMinimal,
  png1x1,
  sha256,
} from '../../test-support/blob-fixtures.js';
import { AppError } from '../errors.js';
import { BINARY_MIME, BlobIntegrityError, BlobStore, TEXT_MIME } from './store.js';

let dir: string;
let store: BlobStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samosprava-blobs-'));
  store = new BlobStore({ dir, maxBytes: 1000 });
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file under the store, relative to it (tmp/ included). */
function filesOnDisk(): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

function streamOf(...chunks: Buffer[]): Readable {
  return Readable.from(chunks);
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('put', () => {
  it('stores content under its SHA-256, two directory levels deep', async () => {
    const data = Buffer.from(CZECH_TEXT);
    const stored = await store.put(data);
    const hash = sha256(data);
    expect(stored).toEqual({ sha256: hash, size: data.length, mime: TEXT_MIME });
    expect(filesOnDisk()).toEqual([path.join(hash.slice(0, 2), hash.slice(2, 4), hash)]);
    expect(fs.readFileSync(store.pathOf(hash))).toEqual(data);
    expect(await store.has(hash)).toBe(true);
  });

  it('stores the same content once, however often and however concurrently it is put', async () => {
    const data = png1x1();
    const results = await Promise.all([
      store.put(data),
      store.put(Buffer.from(data)),
      store.put(streamOf(data.subarray(0, 10), data.subarray(10))),
      store.put(new Uint8Array(data)),
      store.put(data),
    ]);
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha256(data)]));
    expect(filesOnDisk()).toHaveLength(1);
  });

  it.each([
    ['a real PDF', 'application/pdf', pdfMinimal()],
    ['a 1×1 PNG', 'image/png', png1x1()],
    ['a JPEG', 'image/jpeg', jpegMinimal()],
    ['a Windows executable', 'application/x-msdownload', exeHeader()],
    ['Czech UTF-8 text', TEXT_MIME, Buffer.from(CZECH_TEXT)],
    ['text with a byte-order mark', TEXT_MIME, Buffer.from(`\uFEFF${CZECH_TEXT}`)],
    ['an empty file', TEXT_MIME, Buffer.alloc(0)],
    ['XML', 'application/xml', Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<a>ř</a>\n')],
    ['Latin-2 text (not UTF-8)', BINARY_MIME, Buffer.from([0x50, 0xf8, 0xed, 0x6c, 0x69, 0xb9])],
    ['text with a NUL byte', BINARY_MIME, Buffer.from('abc\0def')],
    ['random bytes', BINARY_MIME, Buffer.from([0x00, 0x9f, 0x92, 0x96, 0x13, 0x37])],
  ])('sniffs %s as %s from the content', async (_what, mime, data) => {
    expect((await store.put(data)).mime).toBe(mime);
  });

  it('recognises UTF-8 text whose characters are split across chunks', async () => {
    const data = Buffer.from('žluťoučký');
    // "ž" is two bytes: the first chunk ends in the middle of it.
    const stored = await store.put(streamOf(data.subarray(0, 1), data.subarray(1, 4), data.subarray(4)));
    expect(stored.mime).toBe(TEXT_MIME);
    expect(stored.sha256).toBe(sha256(data));
  });

  it('takes content exactly at the limit', async () => {
    const stored = await store.put(Buffer.alloc(1000, 'a'));
    expect(stored.size).toBe(1000);
    expect(await store.has(stored.sha256)).toBe(true);
  });

  it.each([
    ['a buffer', () => Buffer.alloc(1001, 'a')],
    ['a stream', () => streamOf(Buffer.alloc(600, 'a'), Buffer.alloc(401, 'a'))],
  ])('refuses %s one byte over the limit and leaves nothing behind', async (_what, source) => {
    const err = await store.put(source()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('too-large');
    expect(filesOnDisk()).toEqual([]);
  });

  it('applies a per-call limit', async () => {
    await expect(store.put(Buffer.alloc(11), { maxBytes: 10 })).rejects.toMatchObject({ code: 'too-large' });
    expect((await store.put(Buffer.alloc(5000), { maxBytes: 5000 })).size).toBe(5000);
  });

  it('removes the temporary file when the source fails midway', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('half of it'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(failing)).rejects.toThrow('client went away');
    expect(filesOnDisk()).toEqual([]);
  });

  it('repairs a damaged copy when the same content is put again', async () => {
    const data = Buffer.from(CZECH_TEXT);
    const { sha256: hash } = await store.put(data);
    fs.writeFileSync(store.pathOf(hash), 'truncated');
    await store.put(data);
    expect(await store.read(hash)).toEqual(data);
  });
});

describe('read and stream', () => {
  it('give back exactly what was stored', async () => {
    const data = pdfMinimal();
    const { sha256: hash } = await store.put(data);
    expect(await store.read(hash)).toEqual(data);
    expect(await drain(store.stream(hash))).toEqual(data);
  });

  it('notice content changed on disk: read throws, stream errors at the end', async () => {
    const { sha256: hash } = await store.put(Buffer.from(CZECH_TEXT));
    const file = store.pathOf(hash);
    const bytes = fs.readFileSync(file);
    bytes[0] = bytes[0]! ^ 0xff;
    fs.writeFileSync(file, bytes);

    const readErr = await store.read(hash).catch((e: unknown) => e);
    expect(readErr).toBeInstanceOf(BlobIntegrityError);
    expect((readErr as BlobIntegrityError).sha256).toBe(hash);
    expect((readErr as Error).message).toContain(hash);

    const streamErr = await drain(store.stream(hash)).catch((e: unknown) => e);
    expect(streamErr).toBeInstanceOf(BlobIntegrityError);
    expect((streamErr as BlobIntegrityError).reason).toBe('mismatch');
  });

  it('report a vanished file as an integrity error too', async () => {
    const { sha256: hash } = await store.put(Buffer.from('gone soon'));
    fs.rmSync(store.pathOf(hash));
    await expect(store.read(hash)).rejects.toMatchObject({ name: 'BlobIntegrityError', reason: 'missing' });
    await expect(drain(store.stream(hash))).rejects.toMatchObject({
      name: 'BlobIntegrityError',
      reason: 'missing',
    });
    expect(await store.has(hash)).toBe(false);
  });
});

describe('names', () => {
  it.each(['../../etc/passwd', `${'ABCDEF'.repeat(10)}abcd`, '', `${'a'.repeat(63)}/`])(
    'refuse %j as a hash, so no path can leave the store',
    async (bad) => {
      expect(() => store.pathOf(bad)).toThrow(RangeError);
      await expect(store.read(bad)).rejects.toThrow(RangeError);
    },
  );
});

describe('remove and sweepTemp', () => {
  it('remove deletes the content and tolerates a second call', async () => {
    const { sha256: hash } = await store.put(Buffer.from('x'));
    await store.remove(hash);
    await store.remove(hash);
    expect(await store.has(hash)).toBe(false);
  });

  it('sweepTemp removes only old leftovers of interrupted puts', async () => {
    fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    const old = path.join(dir, 'tmp', 'old');
    const fresh = path.join(dir, 'tmp', 'fresh');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'y');
    const dayAgo = (Date.now() - 25 * 3600_000) / 1000;
    fs.utimesSync(old, dayAgo, dayAgo);
    expect(await store.sweepTemp()).toBe(1);
    expect(filesOnDisk()).toEqual([path.join('tmp', 'fresh')]);
  });
});
