import { hostname } from 'node:os';
import { JobWorker } from '../../platform/index.ts';
import type { Tinn } from '../compose.ts';

/** The worker role: claims and runs jobs until stopped. Composition only. */
export function createWorker(tinn: Tinn): JobWorker {
  return new JobWorker({
    db: tinn.db.kysely,
    clock: tinn.clock,
    log: tinn.log.child({ role: 'worker' }),
    settings: tinn.config.jobs,
    definitions: tinn.jobs,
    workerId: `${hostname()}:${process.pid}:${tinn.random.uuid().slice(0, 8)}`,
  });
}
