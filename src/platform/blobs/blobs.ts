import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, PlatformProblems } from '../errors/index.ts';

export interface StoredBlob {
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

/** Port for large binary content (attachments, broker files, archives). */
export interface BlobStore {
  /** Writes a blob from bytes or a stream; the key becomes visible only when the write is complete. */
  put(key: string, content: Uint8Array | Readable): Promise<StoredBlob>;
  /** A stream of the blob, optionally a byte range [start, end] inclusive; throws PLAT-00009 when missing. */
  get(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Deletes a blob; false when there was none. */
  delete(key: string): Promise<boolean>;
}

// Keys are relative paths of safe segments: no '..', no absolute paths, no hidden files.
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}){0,15}$/;

function checkKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((s) => s.includes('..'))) {
    throw new AppError(PlatformProblems.invalidBlobKey, { detail: 'blob keys are relative paths of letters, digits, ".", "_" and "-"' });
  }
}

/** Blob store on the local filesystem, under one root directory. */
export function filesystemBlobStore(root: string): BlobStore {
  const tmpDir = join(root, '.tmp');
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
      const hash = createHash('sha256');
      let size = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          size += chunk.length;
          cb(null, chunk);
        },
      });
      const source = content instanceof Uint8Array ? Readable.from([Buffer.from(content)]) : content;
      try {
        await pipeline(source, count, createWriteStream(tmp, { flags: 'wx' }));
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { size, sha256: hash.digest('hex') };
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
  };
}
