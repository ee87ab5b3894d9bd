export { filesystemBlobStore, type BlobStore, type StoredBlob } from './blobs.ts';
