import type { Generated } from 'kysely';

/** Tables as both dialects store them: text ids, ISO-8601 text times, 0/1 booleans, JSON as text. */
export interface Database {
  identities: {
    id: string;
    email: string;
    email_lower: string;
    first_name: string;
    last_name: string;
    department: string | null;
    job_title: string | null;
    manager_id: string | null;
    status: string;
    extra: string;
    updated_at: string;
  };
  accounts: {
    key: string;
    email_lower: string;
    identity_id: string | null;
    display_name: string;
    disabled: number;
    /** 1 for a guest (external collaborator), from the attributes; a column so lists filter on it. */
    guest: number;
    attributes: string;
    aggregated_at: string;
  };
  entitlements: { type: string; key: string; name: string; attributes: string };
  /** `origin`: found (first aggregation), granted (a fulfilled request), drift (out of band), accepted (drift an administrator accepted); null on old rows. */
  assignments: { account_key: string; kind: string; value: string; origin: string | null };
  catalog_items: {
    id: string;
    type: string;
    entitlement_key: string;
    name: string;
    requestable: number;
    owner: string | null;
    risk: string;
    option_risks: string;
    updated_at: string;
    drift_policy: string | null;
  };
  access_requests: {
    id: string;
    kind: string;
    requester_id: string;
    beneficiary_id: string;
    item_id: string;
    permissions: string;
    justification: string;
    end_date: string | null;
    status: string;
    workflow: string;
    stages: string;
    current_stage: number;
    failure_reason: string | null;
    outcome: string | null;
    attempts: number | null;
    open_key: string | null;
    created_at: string;
    updated_at: string;
  };
  approvals: {
    id: string;
    request_id: string;
    stage: number;
    approver_id: string;
    decision: string | null;
    reason: string | null;
    decided_at: string | null;
    assigned_at: string;
    reminded_at: string | null;
    escalated: number;
  };
  audit_events: {
    seq: Generated<number>;
    at: string;
    actor: string;
    type: string;
    subject: string;
    data: string;
  };
  policies: { name: string; kind: string; hash: string; content: string; loaded_at: string };
  jobs: {
    id: string;
    key: string;
    payload: string;
    status: string;
    attempts: number;
    max_attempts: number;
    run_after: string;
    lease_until: string | null;
    lease_owner: string | null;
    last_error: string | null;
    created_at: string;
    updated_at: string;
  };
  revoked_sessions: { sid: string; expires_at: string };
  drift_events: {
    id: string;
    kind: string;
    account_key: string;
    identity_id: string | null;
    entitlement_kind: string;
    value: string;
    detected_at: string;
    run_id: string;
    resolution: string;
    request_id: string | null;
    /** open, accepted, reverted or resolved (migration 0011). */
    state: string;
    closed_by: string | null;
    closed_at: string | null;
    note: string | null;
  };
  mail_outbox: {
    key: string;
    recipient: string;
    subject: string;
    body: string;
    status: string;
    created_at: string;
  };
  sign_in_backoff: { key: string; failures: number; not_before: string; updated_at: string };
  sign_in_attempts: { key: string; count: number; window_ends: string };
  aggregation_runs: {
    id: string;
    actor: string;
    trigger: string;
    mode: string;
    status: string;
    owner: string;
    started_at: string;
    heartbeat_at: string;
    lease_until: string;
    finished_at: string | null;
    progress: string;
    summary: string | null;
    error: string | null;
    delta_state: string | null;
  };
  aggregation_staged_accounts: {
    run_id: string;
    key: string;
    email_lower: string;
    display_name: string;
    disabled: number;
    attributes: string;
    aggregated_at: string;
  };
  aggregation_staged_assignments: { run_id: string; account_key: string; kind: string; value: string };
  aggregation_staged_entitlements: {
    run_id: string;
    type: string;
    key: string;
    name: string;
    attributes: string;
  };
  aggregation_staged_removals: { run_id: string; kind: string; key: string };
  review_campaigns: {
    id: string;
    name: string;
    status: string;
    definition: string;
    deadline: string;
    created_by: string;
    created_at: string;
    launched_at: string | null;
    closed_at: string | null;
    deadline_notice_at: string | null;
  };
  review_items: {
    id: string;
    campaign_id: string;
    identity_id: string;
    person_name: string;
    account_key: string;
    item_id: string;
    item_name: string;
    permissions: string;
    via: string | null;
    granted_at: string | null;
    grant_request_id: string | null;
    risk: string;
    last_activity: string | null;
    reviewer_id: string;
    decision: string | null;
    comment: string;
    decided_by: string | null;
    decided_at: string | null;
    revocation_request_id: string | null;
    reminded_at: string | null;
    escalated: number;
  };
}
