import type { Logger } from 'pino';
import type { Job } from '../../core/index.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import type { Runtime } from './runtime.ts';

/** A running fulfillment worker: the queue's workers plus the periodic timeout and expiry passes. */
export interface RunningWorker {
  stop(): Promise<void>;
}

async function approvedAt(runtime: Runtime, job: Job): Promise<number | undefined> {
  if (job.payload.kind !== 'request') return undefined;
  const { requestId } = job.payload;
  const request = await runtime.store.transaction((tx) => tx.requests.get(requestId));
  return request === undefined ? undefined : Date.parse(request.updatedAt);
}

/**
 * Starts this process's fulfillment worker on the queue (the core's handler, timed for the
 * fulfillment latency metric) and, every `sweepMs`, approval reminders/escalations and expiry.
 */
export async function startWorker(
  runtime: Runtime,
  deps: { metrics: ServerMetrics; logger: Logger; sweepMs?: number },
): Promise<RunningWorker> {
  const { governance } = runtime;
  await runtime.queue.start(async (job) => {
    const since = job.attempt <= 1 ? await approvedAt(runtime, job) : undefined;
    const outcome = await governance.handleJob(job);
    if (outcome.status === 'failed')
      deps.logger.warn(
        { job: job.id, error: outcome.error, retryable: outcome.retryable },
        job.payload.kind === 'notification' ? 'notification mail failed' : 'fulfillment failed',
      );
    if (since !== undefined && !Number.isNaN(since)) {
      deps.metrics.fulfillmentLatency.observe(Math.max(0, Date.now() - since) / 1000, {
        outcome: outcome.status,
      });
    }
    return outcome;
  });
  const sweep = async () => {
    try {
      const timeouts = await governance.approvals.processTimeouts();
      const expired = await governance.fulfillment.expireAccess();
      const reviews = await governance.reviews.sweep();
      const reviewWork =
        reviews.reminded + reviews.escalated + reviews.deadlineNotices + reviews.closed.length;
      if (timeouts.reminded.length + timeouts.escalated.length + expired.length + reviewWork > 0) {
        deps.logger.info(
          {
            reminded: timeouts.reminded.length,
            escalated: timeouts.escalated.length,
            expired: expired.length,
            reviews,
          },
          'sweep',
        );
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'sweep failed');
    }
  };
  const timer = setInterval(sweep, deps.sweepMs ?? 60_000);
  timer.unref();
  deps.logger.info('fulfillment worker started');
  return {
    stop: async () => {
      clearInterval(timer);
      await runtime.queue.stop();
    },
  };
}
