export { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from './errors.ts';
export type * from './model.ts';
export { type Clock, ManualClock, systemClock } from './ports/clock.ts';
export { type Ids, randomIds } from './ports/ids.ts';
export type { JobHandler, JobQueue, QueueCounts } from './ports/queue.ts';
export type * from './ports/store.ts';
