// What /proc says of a server process under measurement: resident memory and CPU time, and a sampler that
// keeps the largest resident size seen while a transfer runs.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS = 100;
/** How often sampleRss reads VmRSS. */
export const RSS_INTERVAL_MS = 100;

/** The process's resident memory in bytes (VmRSS), NaN when it cannot be read (the process is gone). */
export async function rssBytes(pid: number): Promise<number> {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) * 1024;
  } catch {
    return Number.NaN;
  }
}

/** The process's CPU time so far (user + system) in ms, NaN when it cannot be read. */
export async function cpuMs(pid: number): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

export interface RssSampler {
  stop(): { maxBytes: number; samples: number };
}

/** Reads the process's VmRSS at once and then every RSS_INTERVAL_MS until stopped: the largest value and the number of samples. */
export function sampleRss(pid: number): RssSampler {
  let maxBytes = 0;
  let samples = 0;
  let reading = false;
  const take = async () => {
    if (reading) return;
    reading = true;
    const v = await rssBytes(pid);
    reading = false;
    if (!Number.isNaN(v)) {
      samples++;
      maxBytes = Math.max(maxBytes, v);
    }
  };
  void take();
  const timer = setInterval(() => void take(), RSS_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      return { maxBytes, samples };
    },
  };
}

/** The SHA-256 of a file, read in 4 MiB blocks. */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const data of createReadStream(path, { highWaterMark: 4 * 1024 ** 2 })) hash.update(data as Buffer);
  return hash.digest('hex');
}
