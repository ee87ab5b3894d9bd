// Types of s3-server.js (plain JavaScript, so that scripts/test.js can use it too).

export interface S3TestServer {
  /** `http://127.0.0.1:<port>`; path-style addressing. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** Starts an S3-protocol server in a child process on loopback and waits until it answers. */
export function startS3Server(): Promise<S3TestServer>;

/** Creates a bucket (3–63 lowercase letters, digits and '-') on the server at `endpoint`. */
export function createBucket(endpoint: string, name: string): Promise<void>;
