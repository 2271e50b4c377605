import type { Job, JobOutcome } from '../model.ts';

/** What a worker runs for each job; a retryable failure is retried with backoff until attempts run out. */
export type JobHandler = (job: Job) => Promise<JobOutcome>;

/** Counts of jobs by state, for tests and the status page. */
export interface QueueCounts {
  queued: number;
  active: number;
  done: number;
  failed: number;
}

/** The queue port: runs durable jobs that the store enqueued; `stop` waits for running jobs. */
export interface JobQueue {
  start(handler: JobHandler): Promise<void>;
  stop(): Promise<void>;
  counts(): Promise<QueueCounts>;
}
