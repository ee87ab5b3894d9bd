import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, PlatformProblems } from '../errors/index.ts';
import { checkKey, exactSize, measured, type BlobStore } from './blobs.ts';

export interface S3BlobStoreOptions {
  /** An S3-compatible service's address; unset means AWS itself (the region picks the endpoint). */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Static credentials; unset means the SDK's default chain (environment, instance role, …). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key`: what most self-hosted services need. */
  forcePathStyle: boolean;
  /** Put before every key in the bucket (`tinn/`), so one bucket can hold several installations. */
  prefix?: string;
}

// A `put` of unknown length goes up in parts of this size, at most this many at once: memory stays
// near PUT_PART_BYTES × (PUT_QUEUE + 1) per upload whatever the blob's size.
const PUT_PART_BYTES = 8 * 1024 * 1024;
const PUT_QUEUE = 2;

/**
 * Blob store in an S3 bucket (AWS or any S3-compatible service). Content streams both ways; staged
 * writes are S3 multipart uploads, so the service keeps the parts and joins them on completion.
 */
export function s3BlobStore(options: S3BlobStoreOptions): BlobStore {
  // The SDK is loaded on first use: every process imports the platform, and loading it costs about
  // 0.4 s and 30 MB, which an installation on the filesystem store should not pay.
  let loading: ReturnType<typeof loadSdk> | undefined;
  const load = () => (loading ??= loadSdk(options));
  const Bucket = options.bucket;
  const prefix = options.prefix ?? '';
  const keyOf = (key: string) => {
    checkKey(key);
    return `${prefix}${key}`;
  };
  const head = async (key: string) => {
    const Key = keyOf(key);
    const { sdk, client } = await load();
    try {
      return await client.send(new sdk.HeadObjectCommand({ Bucket, Key }));
    } catch (err) {
      if (isMissingObject(err)) return undefined;
      throw err;
    }
  };
  return {
    async put(key, content) {
      const Key = keyOf(key);
      // A failing source fails the measured stream and so the upload; Upload then aborts the multipart
      // upload it may have started, so nothing becomes visible at the key.
      const source = measured(content);
      try {
        const { Upload, client } = await load();
        await new Upload({ client, params: { Bucket, Key, Body: source.stream }, partSize: PUT_PART_BYTES, queueSize: PUT_QUEUE }).done();
      } catch (err) {
        source.stream.destroy();
        throw err;
      }
      return source.result();
    },
    async get(key, range) {
      const Key = keyOf(key);
      const Range = range ? `bytes=${range.start}-${range.end ?? ''}` : undefined;
      const { sdk, client } = await load();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket, Key, ...(Range ? { Range } : {}) }));
        return out.Body as Readable;
      } catch (err) {
        if (isMissingObject(err)) throw new AppError(PlatformProblems.blobNotFound, { detail: key, cause: err });
        // A range starting past the end: S3 answers 416, the filesystem store an empty stream. Kept alike.
        if (range && errorName(err) === 'InvalidRange') return Readable.from([]);
        throw err;
      }
    },
    async stat(key) {
      const info = await head(key);
      return info ? { size: info.ContentLength ?? 0 } : undefined;
    },
    async delete(key) {
      // S3 deletes answer the same whether or not the object was there: ask first.
      if (!(await head(key))) return false;
      const { sdk, client } = await load();
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
      return true;
    },
    async beginStaged(key) {
      const Key = keyOf(key);
      const { sdk, client } = await load();
      const out = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket, Key }));
      if (!out.UploadId) throw new Error('the S3 service started a multipart upload without an upload id');
      return out.UploadId;
    },
    async putPart(key, uploadId, partNumber, content, size) {
      const Key = keyOf(key);
      if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) throw new AppError(PlatformProblems.invalidBlobKey, { detail: 'not a part of this store' });
      // The SDK pipes a stream body into the request without passing on its errors, so a source that
      // fails, or is not `size` bytes, is noticed here and the request aborted: the service then drops the
      // incomplete part. The last chunk is held back until the source has ended at exactly `size` bytes,
      // so the service can never receive a complete part from a stream that was about to run long.
      const abort = new AbortController();
      let failure: unknown;
      const body = holdLastChunk();
      pipeline(content, exactSize(size), body).catch((err: unknown) => {
        failure ??= err;
        abort.abort();
      });
      try {
        const { sdk, client } = await load();
        const out = await client.send(new sdk.UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber: partNumber, ContentLength: size, Body: body }), { abortSignal: abort.signal });
        if (!out.ETag) throw new Error('the S3 service stored a part without an ETag');
        return { partNumber, size, etag: out.ETag };
      } catch (err) {
        body.destroy();
        if (failure !== undefined) throw failure;
        if (errorName(err) === 'NoSuchUpload') throw new AppError(PlatformProblems.blobNotFound, { detail: `no staged upload ${uploadId}`, cause: err });
        throw err;
      }
    },
    async completeStaged(key, uploadId, parts) {
      const Key = keyOf(key);
      const ordered = [...parts].sort((a, b) => a.partNumber - b.partNumber);
      const { sdk, client } = await load();
      try {
        await client.send(
          new sdk.CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId: uploadId,
            MultipartUpload: { Parts: ordered.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
          }),
        );
      } catch (err) {
        if (errorName(err) === 'NoSuchUpload') throw new AppError(PlatformProblems.blobNotFound, { detail: `no staged upload ${uploadId}`, cause: err });
        throw err;
      }
      return { size: ordered.reduce((sum, p) => sum + p.size, 0) };
    },
    async abortStaged(key, uploadId) {
      const Key = keyOf(key);
      const { sdk, client } = await load();
      try {
        await client.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId: uploadId }));
      } catch (err) {
        if (errorName(err) !== 'NoSuchUpload') throw err;
      }
    },
  };
}

async function loadSdk(options: S3BlobStoreOptions) {
  const [sdk, { Upload }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]);
  const client = new sdk.S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } } : {}),
    // Since SDK 3.729 every upload carries a CRC32 trailer (aws-chunked encoding) unless told otherwise;
    // many S3-compatible services and emulators refuse it. Checksums only where an operation needs one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Without a logger the SDK writes some warnings to the console, past the JSON log (one for every
    // part stream this store aborts on purpose). Every failure reaches the caller as an error anyway.
    logger: quiet,
  });
  return { sdk, Upload, client };
}

const ignore = () => {};
const quiet = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Passes chunks on one behind, releasing the last only when the source has ended without error. */
function holdLastChunk(): Transform {
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const previous = held;
      held = chunk;
      cb(null, previous);
    },
    flush(cb) {
      cb(null, held);
    },
  });
}

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

// GetObject answers NoSuchKey; HeadObject has no body, so only its 404 (named NotFound) tells. A missing
// bucket is a misconfiguration, not a missing blob.
function isMissingObject(err: unknown): boolean {
  const name = errorName(err);
  if (name === 'NoSuchKey' || name === 'NotFound') return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status === 404 && name !== 'NoSuchBucket' && name !== 'NoSuchUpload';
}
