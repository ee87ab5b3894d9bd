export { exactSize, tap, filesystemBlobStore, MIN_STAGED_PART_BYTES, type BlobStore, type StagedPart, type StoredBlob } from './blobs.ts';
export { s3BlobStore, type S3BlobStoreOptions } from './s3.ts';
