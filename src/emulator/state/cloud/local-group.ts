import { randomUUID } from 'node:crypto';
import type { Group, WriteOrigin } from './model.ts';
import type { SiteState } from './site-state.ts';

/**
 * Creates a group in the organization itself (through the admin API or Confluence, not synced from an
 * identity provider): no product access and no members yet. The caller has checked the name is free.
 */
export function createLocalGroup(
  state: SiteState,
  input: { name: string; description?: string | undefined },
  origin: WriteOrigin,
): Group {
  const now = state.now().toISOString();
  return state.insertGroup(
    {
      id: randomUUID(),
      name: input.name,
      description: input.description ?? '',
      productGrants: [],
      scimId: null,
      externalId: null,
      members: new Set(),
      createdAt: now,
      updatedAt: now,
    },
    origin,
  );
}
