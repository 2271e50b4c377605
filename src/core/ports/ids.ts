import { randomUUID } from 'node:crypto';

/** The source of new record ids. */
export interface Ids {
  next(prefix: string): string;
}

/** Random ids such as `req_6f1c…`, unique across processes. */
export const randomIds: Ids = { next: (prefix) => `${prefix}_${randomUUID().replaceAll('-', '')}` };
