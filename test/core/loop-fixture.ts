import { randomUUID } from 'node:crypto';
import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import {
  type AccessRequest,
  createGovernance,
  type Governance,
  type GovernanceDeps,
  loadAttributePolicy,
  loadWorkflowPolicy,
  ManualClock,
  type RequestStatus,
  type StoredAccount,
} from '../../src/core/index.ts';
import {
  type FaultRule,
  type RunningEmulator,
  startEmulator,
  type WriteLogEntry,
} from '../../src/emulator/index.ts';
import type { OpenedStore } from '../../src/store/index.ts';
import { freshStore, type StoreKind, waitFor } from '../store/fresh-store.ts';

/** Workflows for the loop: View approves itself; revocations need the manager; the rest manager then owner. */
export const LOOP_WORKFLOWS = `
version: 1
workflows:
  - name: view-approves-itself
    when: { kind: [grant], types: [space], permissionsOnly: [view] }
    stages: []
  - name: revocation
    when: { kind: [revoke] }
    stages:
      - name: manager
        approvers: [manager]
  - name: standard
    stages:
      - name: manager
        approvers: [manager]
      - name: owner
        approvers: [itemOwner]
`;

/** The attribute policy for the loop: department and title on create and modify, display name on create. */
const LOOP_POLICY = `
version: 1
rules:
  - name: department-and-title
    on: [create, modify]
    when: [{ attribute: department, notIn: [Contractors] }]
    set:
      department: { from: department }
      jobTitle: { from: jobTitle }
  - name: display-name
    on: [create]
    set:
      displayName: { template: "{firstName} {lastName}" }
`;

/** An emulator, a real Cloud connector for it, a fresh store and the governance core on top. */
export interface Loop {
  emulator: RunningEmulator;
  /** The connector configuration (JSON), for a worker in another process. */
  connectorConfig: Record<string, unknown>;
  gov: Governance;
  clock: ManualClock;
  store: Awaited<ReturnType<typeof freshStore>>;
  /** The emulator's write log after `since`. */
  writes(since?: number): Promise<WriteLogEntry[]>;
  /** Waits until the request reaches one of these statuses (30 s at most unless told). */
  settle(requestId: string, statuses?: RequestStatus[], timeoutMs?: number): Promise<AccessRequest>;
  close(): Promise<void>;
}

/** How to start a loop; `retryAttempts` is the connector's own retry count (0 leaves retrying to the job queue). */
export interface LoopOptions {
  seed?: number;
  retryAttempts?: number;
  /** The connector's timeout per attempt (its default is 30 s). */
  timeoutMs?: number;
  latencyMs?: number;
  jobTimeoutSeconds?: number;
  /** What drift on an item without its own policy leads to (the governance default is report). */
  driftPolicy?: 'report' | 'revert';
  /** Notification mail, built over the loop's store (its outbox): without it nobody is mailed. */
  notifications?: (store: OpenedStore) => GovernanceDeps['notifications'];
}

/** Starts the loop. */
export async function startLoop(kind: StoreKind, options: LoopOptions = {}): Promise<Loop> {
  const emulator = await startEmulator({
    size: 'small',
    seed: options.seed ?? 5,
    port: 0,
    latencyMs: options.latencyMs ?? 0,
  });
  const connectorConfig = {
    ...emulator.connectorConfig(),
    retry: {
      attempts: options.retryAttempts ?? 2,
      baseDelayMs: 5,
      maxDelayMs: 20,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  };
  const config = parseConnectorConfig(connectorConfig);
  const store = await freshStore(kind, {
    jobTimeoutSeconds: options.jobTimeoutSeconds ?? 10,
    concurrency: 2,
  });
  const clock = new ManualClock(new Date());
  const gov = createGovernance({
    store: store.store,
    queue: store.queue,
    connector: createConnector(config),
    workflows: loadWorkflowPolicy('workflows.yaml', LOOP_WORKFLOWS),
    attributePolicy: loadAttributePolicy('attribute-policy.yaml', LOOP_POLICY),
    clock,
    ...(options.driftPolicy === undefined ? {} : { driftPolicy: options.driftPolicy }),
    ...(options.notifications === undefined ? {} : { notifications: options.notifications(store) }),
  });
  const writes = async (since = 0): Promise<WriteLogEntry[]> => {
    const response = await fetch(`${emulator.url}/_emulator/writes?since=${since}`);
    return ((await response.json()) as { entries: WriteLogEntry[] }).entries;
  };
  const settle = async (
    requestId: string,
    statuses: RequestStatus[] = ['fulfilled', 'failed'],
    timeoutMs = 30_000,
  ) => {
    const request = await waitFor(
      () => gov.requests.get(requestId),
      (r) => statuses.includes(r.status),
      timeoutMs,
    );
    if (!statuses.includes(request.status))
      throw new Error(`request ${requestId} stuck in ${request.status}`);
    return request;
  };
  return {
    emulator,
    connectorConfig,
    gov,
    clock,
    store,
    writes,
    settle,
    close: async () => {
      await store.dispose();
      await emulator.close();
    },
  };
}

/** Test setup in the emulator: a Confluence-carrying group `loop-writers` and a space `LOOP` nobody holds yet. */
export function addLoopEntitlements(
  emulator: RunningEmulator,
  adminAccountId: string,
): { groupId: string; spaceKey: string } {
  const now = new Date().toISOString();
  // A logged origin: the emulator's list cache is keyed on the write log, so a silent write would stay unseen.
  const origin = { api: 'control' as const, request: 'test setup' };
  const group = emulator.state.insertGroup(
    {
      id: randomUUID(),
      name: 'loop-writers',
      description: 'writers for the loop test',
      productGrants: [{ product: 'confluence', role: 'user' }],
      scimId: null,
      externalId: null,
      members: new Set(),
      createdAt: now,
      updatedAt: now,
    },
    origin,
  );
  const space = emulator.state.insertSpace(
    {
      key: 'LOOP',
      name: 'Loop',
      type: 'global',
      status: 'current',
      authorId: adminAccountId,
      createdAt: now,
      description: '',
    },
    origin,
  );
  emulator.state.addSpacePermission(space.id, { type: 'user', id: adminAccountId }, 'read', 'space', origin);
  emulator.state.addSpacePermission(
    space.id,
    { type: 'user', id: adminAccountId },
    'administer',
    'space',
    origin,
  );
  return { groupId: group.id, spaceKey: space.key };
}

/** Aggregated people the loop may use: active, not guests, and not the only admin of any space. */
export function usableAccounts(emulator: RunningEmulator, accounts: StoredAccount[]): StoredAccount[] {
  const soleAdmins = new Set<string>();
  for (const space of emulator.state.spaces.values()) {
    const admins = space.permissions.filter((p) => p.key === 'administer');
    const only = admins[0];
    if (admins.length === 1 && only?.principal.type === 'user') soleAdmins.add(only.principal.id);
  }
  return accounts.filter(
    (a) =>
      a.attributes.guest === false &&
      a.attributes.status === 'active' &&
      !a.disabled &&
      !soleAdmins.has(a.key),
  );
}

/** An HR export naming these accounts' owners: first is everyone's manager; one email in other case. */
export function hrFor(accounts: StoredAccount[], extra: string[] = []): string {
  const [manager] = accounts;
  const rows = accounts.map((a, i) => {
    const email = i === 1 ? a.email.toUpperCase() : a.email;
    const managerId = i === 0 ? '' : 'E0';
    return `E${i},${email},First${i},Last${i},Engineering,Engineer,${managerId},active,CC${i}`;
  });
  if (manager === undefined) throw new Error('no accounts');
  return [
    'employeeId,email,firstName,lastName,department,jobTitle,manager,status,costCenter',
    ...rows,
    ...extra,
  ].join('\n');
}

/** Adds a fault rule through the emulator's control API. */
export async function addFault(loop: Loop, rule: FaultRule): Promise<void> {
  const response = await fetch(`${loop.emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  if (!response.ok) throw new Error(`fault refused: ${await response.text()}`);
}

/** Removes every fault rule. */
export async function clearFaults(loop: Loop): Promise<void> {
  await fetch(`${loop.emulator.url}/_emulator/faults`, { method: 'DELETE' });
}

/** Confluence access the emulator holds for an account: direct space permissions and carrying groups. */
export function siteAccessOf(loop: Loop, accountId: string): string[] {
  const { state } = loop.emulator;
  const spaces = [...state.spaces.values()].flatMap((space) =>
    space.permissions
      .filter((p) => p.principal.type === 'user' && p.principal.id === accountId)
      .map((p) => `${space.key}:${p.key}/${p.target}`),
  );
  const groups = [...state.groups.values()]
    .filter((g) => g.members.has(accountId) && g.productGrants.some((p) => p.product === 'confluence'))
    .map((g) => `group:${g.name}`);
  return [...spaces, ...groups];
}

/** The account's status on the emulated site (`active`, `inactive`, …). */
export function siteStatusOf(loop: Loop, accountId: string): string | undefined {
  return loop.emulator.state.accounts.get(accountId)?.accountStatus;
}
