import { createHash } from 'node:crypto';
import { recordEvent } from '../audit/audit.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/**
 * Stores a loaded policy or workflow file and writes `policy.changed` to the audit log, in one
 * transaction, when its content differs from the version stored before. Returns whether it changed.
 */
export async function recordPolicyVersion(
  deps: { store: Store; clock: Clock },
  input: { name: string; kind: 'attribute' | 'workflow'; content: string; actor: string },
): Promise<boolean> {
  const hash = createHash('sha256').update(input.content).digest('hex');
  return deps.store.transaction(async (tx) => {
    const prior = await tx.policies.get(input.name);
    if (prior?.hash === hash) return false;
    await tx.policies.put({
      name: input.name,
      kind: input.kind,
      hash,
      content: input.content,
      loadedAt: deps.clock.now().toISOString(),
    });
    await recordEvent(tx, deps.clock, {
      actor: input.actor,
      type: 'policy.changed',
      subject: `policy:${input.name}`,
      data: { kind: input.kind, hash, previousHash: prior?.hash ?? null, content: input.content },
    });
    return true;
  });
}
