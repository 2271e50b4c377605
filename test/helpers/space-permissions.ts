import assert from 'node:assert/strict';
import type { RunningEmulator, Space } from '../../src/emulator/index.ts';

/** The body of `POST /wiki/rest/api/space/{key}/permission`: who gets which operation on what. */
export const grant = (type: 'user' | 'group', identifier: string, key: string, target: string) => ({
  subject: { type, identifier },
  operation: { key, target },
});

/** A current global space and an active, licensed, non-guest account holding no permission in it. */
export function spaceAndOutsider(emulator: RunningEmulator): { space: Space; accountId: string } {
  const { state } = emulator;
  const space = [...state.spaces.values()].find((s) => s.type === 'global' && s.status === 'current');
  assert.ok(space !== undefined);
  const holders = new Set(
    space.permissions.flatMap((p) => (p.principal.type === 'user' ? [p.principal.id] : [])),
  );
  const accountId = state.accountOrder.find(
    (id) => !holders.has(id) && state.hasProduct(id, 'confluence') && state.accounts.get(id)?.guest === false,
  );
  assert.ok(accountId !== undefined);
  return { space, accountId };
}

/** The permission rows a space holds for one account directly. */
export const rowsOf = (space: Space, accountId: string) =>
  space.permissions.filter((p) => p.principal.type === 'user' && p.principal.id === accountId);
