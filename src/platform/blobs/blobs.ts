import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline as pipelineCallback, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, PlatformProblems } from '../errors/index.ts';

export interface StoredBlob {
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

/** One part of a staged blob as the store wrote it; the caller keeps these (in its database) until it completes. */
export interface StagedPart {
  /** 1-based; parts are joined in number order. */
  partNumber: number;
  size: number;
  /** The store's name for this write of the part: a part written again gets a new one, and completing names which write counts. */
  etag: string;
}

/** Every part of a staged blob but the last has at least this many bytes (S3's rule, kept by every adapter alike). */
export const MIN_STAGED_PART_BYTES = 5 * 1024 * 1024;

/** Port for large binary content (attachments, broker files, archives). */
export interface BlobStore {
  /** Writes a blob from bytes or a stream; the key becomes visible only when the write is complete. */
  put(key: string, content: Uint8Array | Readable): Promise<StoredBlob>;
  /** A stream of the blob, optionally a byte range [start, end] inclusive; throws PLAT-00009 when missing. */
  get(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Deletes a blob; false when there was none. */
  delete(key: string): Promise<boolean>;
  /**
   * Starts a blob written in parts over time (a resumable upload) → an upload id for the caller to keep.
   * Nothing is visible at `key` until `completeStaged`.
   */
  beginStaged(key: string): Promise<string>;
  /**
   * Writes one part from a stream of exactly `size` bytes. A stream that ends short or runs long leaves no
   * part (PLAT-00023, or the stream's own error). Writing a part number again makes a new write; the parts
   * named at completion are the ones that count.
   */
  putPart(key: string, uploadId: string, partNumber: number, content: Readable, size: number): Promise<StagedPart>;
  /** Joins the named parts in order into the blob at `key`, which becomes visible, and drops the staging. */
  completeStaged(key: string, uploadId: string, parts: readonly StagedPart[]): Promise<{ size: number }>;
  /** Drops a staged upload and every part written to it; nothing happens when there is none. */
  abortStaged(key: string, uploadId: string): Promise<void>;
}

/**
 * A stream of the source's bytes that shows each chunk to `see` on the way (a running hash, a byte count);
 * `see` may throw to fail the stream. Joined with `pipeline`, not `pipe`, so a source that fails before the
 * consumer attaches (a client gone while the request is still being checked) does not crash the process:
 * the error waits for whoever reads the returned stream.
 */
export function tap(source: Readable, see: (chunk: Buffer) => void): Readable {
  const through = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        see(chunk);
        cb(null, chunk);
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  pipelineCallback(source, through, () => {});
  return through;
}

/** The content as a stream that counts and hashes (SHA-256) its bytes on the way; `result()` once it has ended. */
export function measured(content: Uint8Array | Readable): { stream: Readable; result(): StoredBlob } {
  const hash = createHash('sha256');
  let size = 0;
  const source = content instanceof Uint8Array ? Readable.from([Buffer.from(content)]) : content;
  const stream = tap(source, (chunk) => {
    hash.update(chunk);
    size += chunk.length;
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}

/** Counts the bytes going through, failing with PLAT-00023 when they run past `size` or end short of it. */
export function exactSize(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > size) return cb(new AppError(PlatformProblems.blobPartSize, { detail: `more than ${size} bytes` }));
      cb(null, chunk);
    },
    flush(cb) {
      cb(seen === size ? null : new AppError(PlatformProblems.blobPartSize, { detail: `${seen} of ${size} bytes` }));
    },
  });
}

// Keys are relative paths of safe segments: no '..', no absolute paths, no hidden files.
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}){0,15}$/;

/** Throws PLAT-00008 unless `key` is a relative path of safe segments (every adapter keeps the same rule). */
export function checkKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((s) => s.includes('..'))) {
    throw new AppError(PlatformProblems.invalidBlobKey, { detail: 'blob keys are relative paths of letters, digits, ".", "_" and "-"' });
  }
}

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/** Blob store on the local filesystem, under one root directory. Staged uploads live in `.staging/<uploadId>/`. */
export function filesystemBlobStore(root: string): BlobStore {
  const tmpDir = join(root, '.tmp');
  const stagingOf = (uploadId: string) => {
    if (!UPLOAD_ID.test(uploadId)) throw new AppError(PlatformProblems.invalidBlobKey, { detail: 'not an upload id of this store' });
    return join(root, '.staging', uploadId);
  };
  const partPath = (uploadId: string, part: { partNumber: number; etag: string }) => {
    if (!Number.isInteger(part.partNumber) || part.partNumber < 1 || !UPLOAD_ID.test(part.etag)) throw new AppError(PlatformProblems.invalidBlobKey, { detail: 'not a part of this store' });
    return join(stagingOf(uploadId), `${part.partNumber}-${part.etag}`);
  };
  const pathOf = (key: string) => {
    checkKey(key);
    return join(root, key);
  };
  return {
    async put(key, content) {
      const target = pathOf(key);
      await mkdir(tmpDir, { recursive: true });
      await mkdir(dirname(target), { recursive: true });
      const tmp = join(tmpDir, randomUUID());
      const source = measured(content);
      try {
        await pipeline(source.stream, createWriteStream(tmp, { flags: 'wx' }));
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return source.result();
    },
    async get(key, range) {
      const path = pathOf(key);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) throw new AppError(PlatformProblems.blobNotFound, { detail: key });
      return createReadStream(path, range ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) } : {});
    },
    async stat(key) {
      const info = await stat(pathOf(key)).catch(() => undefined);
      return info?.isFile() ? { size: info.size } : undefined;
    },
    async delete(key) {
      try {
        await unlink(pathOf(key));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    },
    async beginStaged(key) {
      pathOf(key);
      const uploadId = randomUUID();
      await mkdir(stagingOf(uploadId), { recursive: true });
      return uploadId;
    },
    async putPart(key, uploadId, partNumber, content, size) {
      pathOf(key);
      const part = { partNumber, size, etag: randomUUID() };
      const target = partPath(uploadId, part);
      const staging = await stat(stagingOf(uploadId)).catch(() => undefined);
      if (!staging?.isDirectory()) throw new AppError(PlatformProblems.blobNotFound, { detail: `no staged upload ${uploadId}` });
      // Written beside the other parts under a name of its own, so a failed or concurrent write never
      // touches a part that counts; the caller's list at completion decides.
      try {
        await pipeline(content, exactSize(size), createWriteStream(target, { flags: 'wx' }));
      } catch (err) {
        await rm(target, { force: true });
        throw err;
      }
      return part;
    },
    async completeStaged(key, uploadId, parts) {
      const target = pathOf(key);
      const ordered = [...parts].sort((a, b) => a.partNumber - b.partNumber);
      await mkdir(dirname(target), { recursive: true });
      if (ordered.length === 1) {
        // One part (an upload that was never interrupted): a rename, no copy.
        await rename(partPath(uploadId, ordered[0]!), target);
      } else {
        await mkdir(tmpDir, { recursive: true });
        const tmp = join(tmpDir, randomUUID());
        try {
          const out = createWriteStream(tmp, { flags: 'wx' });
          for (const part of ordered) await pipeline(createReadStream(partPath(uploadId, part)), out, { end: false });
          await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
          await rename(tmp, target);
        } catch (err) {
          await rm(tmp, { force: true });
          throw err;
        }
      }
      await rm(stagingOf(uploadId), { recursive: true, force: true });
      return { size: ordered.reduce((sum, p) => sum + p.size, 0) };
    },
    async abortStaged(key, uploadId) {
      pathOf(key);
      await rm(stagingOf(uploadId), { recursive: true, force: true });
    },
  };
}
