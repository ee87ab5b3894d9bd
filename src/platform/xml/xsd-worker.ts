// Validates large documents off the main thread: compiles the schema it is given once, then answers
// { id, xml } messages with { id, errors }. Started by `createXsdValidator` (xsd-pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { compileSchema } from './xsd.ts';

const { files, main } = workerData as { files: Record<string, string>; main: string };
const schema = compileSchema(files, main);
parentPort!.on('message', (m: { id: number; xml: Uint8Array }) => {
  let errors;
  try {
    errors = schema.validate(m.xml);
  } catch (err) {
    errors = [{ message: `validation failed: ${(err as Error).message}`, rule: 'xml' }];
  }
  parentPort!.postMessage({ id: m.id, errors });
});
