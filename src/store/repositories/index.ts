import type { Kysely } from 'kysely';
import type { JobRepository, StoreTx } from '../../core/ports/store.ts';
import type { Dialect } from '../migrations/dialect.ts';
import type { Database } from '../schema.ts';
import { assignmentRepository, catalogRepository, entitlementRepository } from './access.ts';
import { aggregationRunRepository } from './aggregation-runs.ts';
import { aggregationStageRepository } from './aggregation-stage.ts';
import { driftRepository } from './drift.ts';
import { auditRepository, policyRepository } from './log.ts';
import { accountRepository, identityRepository } from './people.ts';
import { approvalRepository, requestRepository } from './requests.ts';
import { reviewRepository } from './reviews.ts';

/** Binds every repository to one transaction; the job repository comes from the dialect's queue. */
export function bindRepositories(db: Kysely<Database>, jobs: JobRepository, dialect: Dialect): StoreTx {
  return {
    identities: identityRepository(db, dialect),
    accounts: accountRepository(db, dialect),
    entitlements: entitlementRepository(db),
    assignments: assignmentRepository(db, dialect),
    catalog: catalogRepository(db),
    requests: requestRepository(db, dialect),
    approvals: approvalRepository(db, dialect),
    audit: auditRepository(db),
    policies: policyRepository(db),
    jobs,
    aggregationRuns: aggregationRunRepository(db),
    aggregationStage: aggregationStageRepository(db),
    reviews: reviewRepository(db, dialect),
    drift: driftRepository(db, dialect),
  };
}
