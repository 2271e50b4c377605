export type {
  AggregationOptions,
  AggregationReport,
  AggregationService,
  StartedRun,
} from './aggregation/aggregation-service.ts';
export { createAggregationService } from './aggregation/aggregation-service.ts';
export { type AuditEventType, auditSubjectParts, SYSTEM_ACTOR } from './audit/audit.ts';
export { type AuditService, createAuditService } from './audit/audit-service.ts';
export { type CatalogItemRef, parseCatalogItemId } from './catalog/catalog-item-id.ts';
export {
  type CatalogItemPatch,
  type CatalogOption,
  type CatalogService,
  catalogItemId,
  createCatalogService,
} from './catalog/catalog-service.ts';
export { defaultOptionRisk, requestRisk } from './catalog/risk.ts';
export { offeredOptions } from './catalog/space-options.ts';
export { DRIFT_NOTE_MAX, type DriftActor } from './drift/drift-rules.ts';
export type { DriftReader, DriftService } from './drift/drift-service.ts';
export { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from './errors.ts';
export {
  createFulfillmentService,
  type FulfillmentDeps,
  type FulfillmentService,
} from './fulfillment/fulfillment-service.ts';
export { createGovernance, type Governance, type GovernanceDeps } from './governance.ts';
export type { HrInput } from './identities/hr-rows.ts';
export { HR_PROBLEM_LIMIT, type HrRecord, readHrSource } from './identities/hr-source.ts';
export {
  createIdentityService,
  type HrImportReport,
  type IdentityService,
} from './identities/identity-service.ts';
export { FAILED_STATUSES, type FailureActor } from './lifecycle/failed-requests.ts';
export type * from './model.ts';
export { REQUEST_STATUSES } from './model.ts';
export {
  type AttributePolicy,
  type AttributeRule,
  DEFAULT_ACCOUNT_ATTRIBUTES,
  loadAttributePolicy,
} from './policy/attribute-policy.ts';
export { recordPolicyVersion } from './policy/policy-versions.ts';
export type {
  AggregationPhase,
  AggregationProgress,
  AggregationRunRecord,
  AggregationSummary,
} from './ports/aggregation-store.ts';
export { type Clock, ManualClock, systemClock } from './ports/clock.ts';
export { DRIFT_KINDS, DRIFT_STATES } from './ports/drift-store.ts';
export { type Ids, randomIds } from './ports/ids.ts';
export type { DeliveryResult, Mailer, Notice } from './ports/mailer.ts';
export type { JobHandler, JobQueue, QueueCounts } from './ports/queue.ts';
export type * from './ports/store.ts';
export { type Asker, mayRequestFor } from './requests/beneficiary-rule.ts';
export {
  createRequestService,
  type RequestService,
  type SubmitRequestInput,
} from './requests/request-service.ts';
export type * from './reviews/review-model.ts';
export type { DecideInput, ReportRow, ReviewService } from './reviews/review-service.ts';
export type { ReviewSweepReport } from './reviews/review-sweep.ts';
export {
  type ApprovalService,
  createApprovalService,
  type DecisionInput,
  type TimeoutReport,
} from './workflows/approval-service.ts';
export { loadWorkflowPolicy, type Workflow, type WorkflowPolicy } from './workflows/workflow-policy.ts';
