import type { AccountBase, GroupBase, PermissionRowBase, Principal, SpaceOf, WriteOrigin } from './model.ts';
import { PeopleState } from './people-state.ts';

/**
 * What both flavours' states hold: accounts, groups and their memberships, spaces with permission
 * rows, the indexes the APIs look up by, the change counter and the write log. Each flavour extends
 * it with its own (Cloud: organization, directory, product roles; Data Center: usernames, global
 * permissions, user directories) and names its accounts' key.
 */
export abstract class SharedState<
  A extends AccountBase,
  G extends GroupBase,
  R extends PermissionRowBase,
> extends PeopleState<A, G> {
  readonly spaces = new Map<number, SpaceOf<R>>();
  /** Space ids in ascending order (spaces are created with growing ids). */
  readonly spaceOrder: number[] = [];

  private readonly spaceByKey = new Map<string, number>();
  private readonly permissionById = new Map<number, R>();
  private nextPermissionId = 1_000_001;
  private nextSpaceId = 98_305;

  /** A short name of a permission row's operation for the write log, e.g. `read/space` or `VIEWSPACE`. */
  protected abstract operationOf(row: R): string;

  spaceByKeyName(key: string): SpaceOf<R> | undefined {
    const id = this.spaceByKey.get(key);
    return id === undefined ? undefined : this.spaces.get(id);
  }

  permission(id: number): R | undefined {
    return this.permissionById.get(id);
  }

  /** Adds a space with a fresh id and no permissions. */
  insertSpace(space: Omit<SpaceOf<R>, 'id' | 'permissions' | 'homepageId'>, origin: WriteOrigin | null) {
    const id = this.nextSpaceId++;
    const created: SpaceOf<R> = { ...space, id, homepageId: id * 10 + 1, permissions: [] };
    this.spaces.set(id, created);
    this.spaceOrder.push(id);
    this.spaceByKey.set(created.key, id);
    this.log(origin, 'space.create', [], { spaceId: id, key: created.key });
    return created;
  }

  /** Changes a space's name, status or description. */
  updateSpace(
    spaceId: number,
    change: Partial<Pick<SpaceOf<R>, 'name' | 'status' | 'description'>>,
    origin: WriteOrigin | null,
  ): SpaceOf<R> {
    const space = this.requireSpace(spaceId);
    Object.assign(space, change);
    this.log(origin, 'space.update', [], { spaceId, fields: Object.keys(change) });
    return space;
  }

  /** Appends one permission row to a space; rules on what may be added belong to the API that asks. */
  addPermissionRow(spaceId: number, fields: Omit<R, 'id' | 'spaceId'>, origin: WriteOrigin | null): R {
    const space = this.requireSpace(spaceId);
    const row = { ...fields, id: this.nextPermissionId++, spaceId } as R;
    space.permissions.push(row);
    this.permissionById.set(row.id, row);
    this.log(origin, 'space.permission.add', principalAccounts(row.principal), {
      spaceId,
      spaceKey: space.key,
      permissionId: row.id,
      principal: row.principal,
      operation: this.operationOf(row),
    });
    return row;
  }

  /** Removes permission rows by id from their space. */
  removeSpacePermissions(ids: number[], origin: WriteOrigin | null): void {
    for (const id of ids) {
      const row = this.permissionById.get(id);
      if (row === undefined) continue;
      const space = this.requireSpace(row.spaceId);
      space.permissions = space.permissions.filter((p) => p.id !== id);
      this.permissionById.delete(id);
      this.log(origin, 'space.permission.remove', principalAccounts(row.principal), {
        spaceId: space.id,
        spaceKey: space.key,
        permissionId: id,
        principal: row.principal,
        operation: this.operationOf(row),
      });
    }
  }

  requireSpace(spaceId: number): SpaceOf<R> {
    const space = this.spaces.get(spaceId);
    if (space === undefined) throw new Error(`no space ${spaceId}`);
    return space;
  }
}

function principalAccounts(principal: Principal): string[] {
  return principal.type === 'user' ? [principal.id] : [];
}
