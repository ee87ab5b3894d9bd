// The S3-protocol server for tests that need one of their own (the S3 blob store's contract). The
// spawn logic lives in s3-server.js, plain JavaScript that scripts/test.js shares for TEST_BLOB_STORE=s3;
// its header says which server it is and what it does differently from S3.
export { createBucket, startS3Server, type S3TestServer } from './s3-server.js';
