export { enqueueJob, enqueueJobs, claimJobs, completeJob, failJob, type JobDefinition, type JobContext, type EnqueueOptions, type JobSettings, type ClaimedJob } from './jobs.ts';
export { JobWorker, type WorkerOptions } from './worker.ts';
export { jobMigrations } from './migrations.ts';
export type { JobDatabase, JobTable } from './tables.ts';
