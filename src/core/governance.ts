import type { Connector } from '../connector/index.ts';
import {
  type AggregationOptions,
  type AggregationService,
  createAggregationService,
} from './aggregation/aggregation-service.ts';
import { type AuditService, createAuditService } from './audit/audit-service.ts';
import { type CatalogService, createCatalogService } from './catalog/catalog-service.ts';
import { createDriftService, type DriftService } from './drift/drift-service.ts';
import { createFulfillmentService, type FulfillmentService } from './fulfillment/fulfillment-service.ts';
import { createIdentityService, type IdentityService } from './identities/identity-service.ts';
import type { DriftPolicy, Job, JobOutcome } from './model.ts';
import { createNotificationService } from './notifications/notification-service.ts';
import { notifyingStore } from './notifications/notifying-store.ts';
import type { AttributePolicy } from './policy/attribute-policy.ts';
import { recordPolicyVersion } from './policy/policy-versions.ts';
import { type Clock, systemClock } from './ports/clock.ts';
import { type Ids, randomIds } from './ports/ids.ts';
import type { Mailer } from './ports/mailer.ts';
import type { JobQueue } from './ports/queue.ts';
import type { Store } from './ports/store.ts';
import { createRequestService, type RequestService } from './requests/request-service.ts';
import { createReviewService, type ReviewService } from './reviews/review-service.ts';
import type { ReviewSweepReport } from './reviews/review-sweep.ts';
import {
  type ApprovalService,
  createApprovalService,
  type TimeoutReport,
} from './workflows/approval-service.ts';
import type { WorkflowPolicy } from './workflows/workflow-policy.ts';

/** What the governance core is built from: the ports, the connector and the loaded policies. */
export interface GovernanceDeps {
  store: Store;
  queue: JobQueue;
  connector: Connector;
  workflows: WorkflowPolicy;
  attributePolicy?: AttributePolicy;
  clock?: Clock;
  ids?: Ids;
  /** How this process runs aggregations (lease, batch size, its name on the runs it owns). */
  aggregation?: AggregationOptions;
  /** Notification mail: with a mailer, approvers, requesters and reviewers are told (jobs on the same queue). */
  notifications?: { mailer: Mailer; retryMs: number };
  /** What drift on a catalog item without its own policy leads to (default `report`). */
  driftPolicy?: DriftPolicy;
  /** How long before a campaign's deadline its reviewers with items left are told (default a day; null: never). */
  reviewDeadlineNoticeMs?: number | null;
}

/** Every governance service, wired to the same store and clock. */
export interface Governance {
  identities: IdentityService;
  aggregation: AggregationService;
  catalog: CatalogService;
  requests: RequestService;
  approvals: ApprovalService;
  fulfillment: FulfillmentService;
  audit: AuditService;
  reviews: ReviewService;
  drift: DriftService;
  /** Records the loaded policy and workflow files, auditing any change since the last start. */
  recordPolicies(sources: { attributePolicy?: string; workflows?: string }, actor: string): Promise<void>;
  /** Replaces the policies in force (after a reload); takes effect for the next request or import. */
  setPolicies(policies: { workflows?: WorkflowPolicy; attributePolicy?: AttributePolicy }): void;
  /** One pass of the timed work: approval reminders and escalations, expiry of time-bound access, review campaigns' reminders and deadlines. */
  sweep(): Promise<{ timeouts: TimeoutReport; expired: number; reviews: ReviewSweepReport }>;
  /** Runs `sweep` every `intervalMs` until the returned function is called. */
  startSweeps(intervalMs: number, onError?: (error: unknown) => void): () => void;
  /** Runs one job from the queue: fulfillment, an account modify or a notification mail. */
  handleJob(job: Job): Promise<JobOutcome>;
  /** Starts this process's fulfillment workers on the queue. */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
}

/** Wires the governance services; the composition root (server, CLI, tests) calls this once. */
export function createGovernance(deps: GovernanceDeps): Governance {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const { queue, connector } = deps;
  const store = deps.notifications === undefined ? deps.store : notifyingStore(deps.store);
  const notifications =
    deps.notifications === undefined
      ? undefined
      : createNotificationService({ store: deps.store, ...deps.notifications });
  let workflows = deps.workflows;
  let attributePolicy = deps.attributePolicy;
  const approvals = createApprovalService({ store, clock, ids });
  const fulfillment = createFulfillmentService({
    store,
    clock,
    ids,
    connector,
    attributePolicy: () => attributePolicy,
  });
  const reviews = createReviewService({
    store,
    clock,
    ids,
    ...(deps.reviewDeadlineNoticeMs === undefined ? {} : { deadlineNoticeMs: deps.reviewDeadlineNoticeMs }),
  });
  const handleJob = (job: Job): Promise<JobOutcome> => {
    if (job.payload.kind !== 'notification') return fulfillment.handle(job);
    return notifications?.handle(job) ?? Promise.resolve({ status: 'done' });
  };
  const sweep = async () => ({
    timeouts: await approvals.processTimeouts(),
    expired: (await fulfillment.expireAccess()).length,
    reviews: await reviews.sweep(),
  });
  return {
    identities: createIdentityService({ store, clock, ids, attributePolicy: () => attributePolicy }),
    aggregation: createAggregationService({
      store,
      clock,
      ids,
      connector,
      ...(deps.aggregation === undefined ? {} : { options: deps.aggregation }),
      ...(deps.driftPolicy === undefined ? {} : { driftPolicy: deps.driftPolicy }),
    }),
    catalog: createCatalogService({ store, clock }),
    requests: createRequestService({ store, clock, ids, workflows: () => workflows }),
    approvals,
    fulfillment,
    audit: createAuditService({ store }),
    reviews,
    drift: createDriftService({ store, clock, ids }),
    async recordPolicies(sources, actor) {
      if (sources.attributePolicy !== undefined && attributePolicy !== undefined) {
        await recordPolicyVersion(
          { store, clock },
          { name: attributePolicy.file, kind: 'attribute', content: sources.attributePolicy, actor },
        );
      }
      if (sources.workflows !== undefined) {
        await recordPolicyVersion(
          { store, clock },
          { name: workflows.file, kind: 'workflow', content: sources.workflows, actor },
        );
      }
    },
    setPolicies(policies) {
      workflows = policies.workflows ?? workflows;
      attributePolicy = policies.attributePolicy ?? attributePolicy;
    },
    sweep,
    startSweeps(intervalMs, onError = () => undefined) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        sweep()
          .catch(onError)
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      return () => clearInterval(timer);
    },
    handleJob,
    startWorker: () => queue.start(handleJob),
    stopWorker: () => queue.stop(),
  };
}
