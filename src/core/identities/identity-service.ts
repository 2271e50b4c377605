import { recordEvent, SYSTEM_ACTOR } from '../audit/audit.ts';
import { resolveMatchedOrphans } from '../drift/orphans-matched.ts';
import { raiseDeactivation } from '../lifecycle/leaver-deactivation.ts';
import { handleRehire } from '../lifecycle/rehire.ts';
import { deprovisionIdentity } from '../lifecycle/system-revocation.ts';
import type { Identity } from '../model.ts';
import type { AttributePolicy } from '../policy/attribute-policy.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import type { HrInput } from './hr-rows.ts';
import { type HrRecord, readHrSource } from './hr-source.ts';

/** What one HR import changed. */
export interface HrImportReport {
  source: string;
  created: string[];
  updated: Array<{ id: string; changes: Record<string, { from: unknown; to: unknown }> }>;
  unchanged: number;
  /** Stored identities the source no longer lists; kept as they are (an incremental import deletes nothing). */
  absent: string[];
  leavers: string[];
  /** Revocation requests raised to deprovision leavers. */
  revocations: string[];
  /** Deactivation requests raised for leavers whose account the attribute policy deactivates. */
  deactivations: string[];
  /** Leavers back `active` (rehired). */
  rehires: string[];
  /** Reactivation requests raised for rehires whose account Spacegate deactivated. */
  reactivations: string[];
  /** Deactivations still open or refused when their person was rehired, cancelled. */
  cancelledDeactivations: string[];
  /** Account modify jobs queued by the attribute policy's modify rules. */
  accountUpdates: number;
  /** Accounts newly correlated to an identity by email. */
  correlated: number;
  /** Open orphan drift findings closed as resolved because their account now matches a person. */
  orphansResolved: number;
}

/** Identities written between two yields to the event loop, so other requests are answered meanwhile. */
const WRITE_BATCH = 200;

const FIELDS = [
  'email',
  'firstName',
  'lastName',
  'department',
  'jobTitle',
  'managerId',
  'status',
  'extra',
] as const;

function diff(before: Identity, after: HrRecord): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      changes[field] = { from: before[field], to: after[field] };
  }
  return changes;
}

/** Identities: incremental import from the HR source, leaver deprovisioning, and reads. */
export interface IdentityService {
  /** Reads the whole source first (refusing it with nothing written if any row is bad), then stores it. */
  importHr(source: string, input: HrInput, actor?: string): Promise<HrImportReport>;
  list(): Promise<Identity[]>;
  get(id: string): Promise<Identity | undefined>;
}

/** Dependencies of the identity service; the attribute policy is read on each import. */
export interface IdentityServiceDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  attributePolicy?: () => AttributePolicy | undefined;
}

/**
 * Creates the identity service. One import is one transaction: identity changes, correlation of
 * accounts by email, leaver revocations, modify jobs and their audit events commit together; the
 * transaction yields to the event loop every few hundred identities.
 */
export function createIdentityService(deps: IdentityServiceDeps): IdentityService {
  const { store, clock, ids } = deps;

  const queueModify = async (tx: StoreTx, identity: Identity): Promise<boolean> => {
    const policy = deps.attributePolicy?.();
    const account = await tx.accounts.getByIdentity(identity.id);
    if (policy === undefined || account === undefined || identity.status !== 'active') return false;
    const wanted = policy.attributesFor(identity, 'modify');
    const changes = Object.entries(wanted)
      .filter(([name, value]) => (account.attributes[name] ?? null) !== value)
      .map(([attribute, value]) => ({ attribute, value }));
    if (changes.length === 0) return false;
    await tx.jobs.enqueue({
      key: ids.next('modify'),
      payload: { kind: 'modify', identityId: identity.id, accountKey: account.key, changes },
    });
    return true;
  };

  const importIn = async (
    tx: StoreTx,
    source: string,
    records: HrRecord[],
    actor: string,
  ): Promise<HrImportReport> => {
    const report: HrImportReport = {
      source,
      created: [],
      updated: [],
      unchanged: 0,
      absent: [],
      leavers: [],
      revocations: [],
      deactivations: [],
      rehires: [],
      reactivations: [],
      cancelledDeactivations: [],
      accountUpdates: 0,
      correlated: 0,
      orphansResolved: 0,
    };
    const now = clock.now().toISOString();
    for (const [index, record] of records.entries()) {
      if (index % WRITE_BATCH === WRITE_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
      const before = await tx.identities.get(record.id);
      const identity: Identity = { ...record, updatedAt: now };
      const changes = before === undefined ? undefined : diff(before, record);
      if (changes !== undefined && Object.keys(changes).length === 0) {
        report.unchanged++;
        continue;
      }
      await tx.identities.upsert(identity);
      const subject = `identity:${record.id}`;
      if (changes === undefined) {
        report.created.push(record.id);
        await recordEvent(tx, clock, {
          actor,
          type: 'identity.created',
          subject,
          data: { source, ...record },
        });
      } else {
        report.updated.push({ id: record.id, changes });
        await recordEvent(tx, clock, { actor, type: 'identity.updated', subject, data: { source, changes } });
      }
      const becameLeaver = record.status === 'leaver' && before?.status !== 'leaver';
      if (becameLeaver) {
        report.leavers.push(record.id);
        const policy = deps.attributePolicy?.();
        const onLeave = policy?.onLeave(identity);
        // The leave rules' decision is recorded either way, so the trail says why an account stayed enabled.
        const decision = { deactivate: onLeave?.deactivate === true, rule: onLeave?.rule ?? null };
        await recordEvent(tx, clock, {
          actor,
          type: 'identity.leaver',
          subject,
          data: { source, ...decision },
        });
        const reason = `leaver per ${source}`;
        const revocations = await deprovisionIdentity(tx, { clock, ids }, record.id, reason);
        report.revocations.push(...revocations.map((r) => r.id));
        if (policy !== undefined && onLeave?.deactivate === true) {
          const raised = await raiseDeactivation(tx, { clock, ids }, record.id, reason, {
            file: policy.file,
            rule: onLeave.rule,
          });
          if (raised !== undefined) report.deactivations.push(raised.id);
        }
      } else {
        if (record.status === 'active' && before?.status === 'leaver') {
          report.rehires.push(record.id);
          const rehire = await handleRehire(tx, { clock, ids }, record.id, source);
          await recordEvent(tx, clock, {
            actor,
            type: 'identity.rehired',
            subject,
            data: {
              source,
              reactivation: rehire.reactivation?.id ?? null,
              cancelled: rehire.cancelled,
            },
          });
          if (rehire.reactivation !== undefined) report.reactivations.push(rehire.reactivation.id);
          report.cancelledDeactivations.push(...rehire.cancelled);
        }
        if (changes !== undefined && (await queueModify(tx, identity))) report.accountUpdates++;
      }
    }
    const all = await tx.identities.list();
    const listed = new Set(records.map((r) => r.id));
    report.absent = all.filter((i) => !listed.has(i.id)).map((i) => i.id);
    const byEmail = new Map(all.map((i) => [i.email.toLowerCase(), i.id]));
    for (const account of await tx.accounts.list()) {
      const identityId = byEmail.get(account.email.toLowerCase());
      if (account.identityId !== null || identityId === undefined) continue;
      await tx.accounts.upsert({ ...account, identityId });
      report.correlated++;
    }
    report.orphansResolved = await resolveMatchedOrphans(tx, clock, `HR import ${source}`);
    const {
      created,
      updated,
      leavers,
      revocations,
      deactivations,
      rehires,
      reactivations,
      cancelledDeactivations,
      absent,
      ...counts
    } = report;
    await recordEvent(tx, clock, {
      actor,
      type: 'hr.imported',
      subject: `hr:${source}`,
      data: {
        ...counts,
        created: created.length,
        updated: updated.length,
        leavers,
        revocations: revocations.length,
        deactivations: deactivations.length,
        rehires,
        reactivations: reactivations.length,
        cancelledDeactivations: cancelledDeactivations.length,
      },
    });
    return report;
  };

  return {
    async importHr(source, input, actor = SYSTEM_ACTOR) {
      const records = await readHrSource(source, input);
      return store.transaction((tx) => importIn(tx, source, records, actor));
    },
    list: () => store.transaction((tx) => tx.identities.list()),
    get: (id) => store.transaction((tx) => tx.identities.get(id)),
  };
}
