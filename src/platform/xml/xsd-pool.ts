import { Worker } from 'node:worker_threads';
import type { ProblemItem } from '../errors/errors.ts';
import { compileSchema } from './xsd.ts';

/** A form version's validator: small documents inline, large ones on a worker thread. */
export interface XsdValidator {
  /** Every violation with its line number; an empty list when the document is valid. */
  validate(xml: string | Uint8Array): Promise<ProblemItem[]>;
  /** Frees the compiled schema and stops the worker. */
  close(): Promise<void>;
}

/** Documents from this size (bytes) are validated off the event loop (a 1 MB document takes ~30 ms). */
export const OFF_THREAD_BYTES = 1024 * 1024;

// From the sources (tsx) the worker is the .ts file beside this one and needs tsx too; from the bundle
// (bin/tinn.js) it is xsd-worker.mjs beside tinn.mjs.
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './xsd-worker.ts' : './xsd-worker.mjs', import.meta.url);

/**
 * Compiles the schema once for the main thread and, on the first large document, once more in a worker
 * thread that then validates every large document, so the event loop stays responsive. Throws PLAT-00020
 * when the schema does not compile.
 */
export function createXsdValidator(files: Readonly<Record<string, string>>, main: string, options: { offThreadBytes?: number } = {}): XsdValidator {
  const schema = compileSchema(files, main);
  const threshold = options.offThreadBytes ?? OFF_THREAD_BYTES;
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (errors: ProblemItem[]) => void; reject: (err: Error) => void }>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  };
  const start = () => {
    // From the sources, the worker first registers tsx in its own thread (loader hooks given on the command
    // line do not reach worker threads on Node 20), then loads the TypeScript worker.
    const w = fromSources
      ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`, { eval: true, workerData: { files, main } })
      : new Worker(workerUrl, { workerData: { files, main } });
    w.on('message', (m: { id: number; errors: ProblemItem[] }) => {
      pending.get(m.id)?.resolve(m.errors);
      pending.delete(m.id);
    });
    w.on('error', failAll);
    w.on('exit', (code) => failAll(new Error(`XSD worker stopped (exit ${code})`)));
    // An idle worker must not keep the process alive.
    w.unref();
    return w;
  };

  return {
    async validate(xml) {
      const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
      if (bytes.length < threshold) return schema.validate(bytes);
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<ProblemItem[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref(); // keep the process alive while a document is being validated
        w.postMessage({ id, xml: bytes });
      }).finally(() => {
        if (pending.size === 0) worker?.unref();
      });
    },
    async close() {
      schema.dispose();
      const w = worker;
      worker = undefined;
      if (w) {
        w.removeAllListeners('exit');
        await w.terminate();
      }
    },
  };
}
