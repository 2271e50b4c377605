import { PERMISSION_OPTIONS, type PermissionOptionId, spacePermissionValue } from '../../connector/index.ts';
import type { AccountParts, ScimSummary } from './account-shape.ts';
import { OPTION_INDEX } from './scan-snapshot.ts';

/** Option slots per space in a packed permission (16 options fit; the room left is for new ones). */
const OPTION_SLOTS = 32;

/** Values held per row as chains in two shared typed arrays: 8 bytes a value, no array per row. */
class Chains {
  private values: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private next: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private heads: Int32Array<ArrayBuffer> = new Int32Array(1024).fill(-1);
  private used = 0;

  add(row: number, value: number): void {
    if (row >= this.heads.length) this.heads = grow(this.heads, row + 1, -1);
    if (this.used === this.values.length) {
      this.values = grow(this.values, this.used + 1, 0);
      this.next = grow(this.next, this.used + 1, 0);
    }
    this.values[this.used] = value;
    this.next[this.used] = this.heads[row] ?? -1;
    this.heads[row] = this.used++;
  }

  /** The row's values, most recent first. */
  of(row: number): number[] {
    const out: number[] = [];
    for (let at = this.heads[row] ?? -1; at !== -1; at = this.next[at] ?? -1) out.push(this.values[at] ?? 0);
    return out;
  }
}

/**
 * One text per row, UTF-8 in one shared byte arena (a string per row would cost a header and, as
 * `JSON.stringify` builds them, a tree of pieces). Rows are written once; `clear` drops a row's text.
 */
class TextColumn {
  private bytes = new Uint8Array(64 * 1024);
  private starts: Int32Array<ArrayBuffer> = new Int32Array(1024).fill(-1);
  private lengths: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private used = 0;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  set(row: number, text: string): void {
    if (this.used + text.length * 3 > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.used + text.length * 3));
      next.set(this.bytes.subarray(0, this.used));
      this.bytes = next;
    }
    if (row >= this.starts.length) {
      this.starts = grow(this.starts, row + 1, -1);
      this.lengths = grow(this.lengths, row + 1, 0);
    }
    const { written } = this.encoder.encodeInto(text, this.bytes.subarray(this.used));
    this.starts[row] = this.used;
    this.lengths[row] = written;
    this.used += written;
  }

  get(row: number): string | undefined {
    const start = this.starts[row] ?? -1;
    if (start === -1) return undefined;
    return this.decoder.decode(this.bytes.subarray(start, start + (this.lengths[row] ?? 0)));
  }

  clear(row: number): void {
    if (row < this.starts.length) this.starts[row] = -1;
  }
}

function grow(array: Int32Array, atLeast: number, fill: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(atLeast, array.length * 2)).fill(fill);
  next.set(array);
  return next;
}

const SCIM_FIELDS = [
  'scimId',
  'email',
  'givenName',
  'familyName',
  'displayName',
  'department',
  'title',
] as const;

/**
 * The accounts one account list has found so far, kept compactly until each is complete: a row
 * per account id, its Confluence-carrying groups and direct space permissions as numbers in shared
 * typed arrays, the guest flag as a byte, and its SCIM summary and admin extras as JSON text in a
 * byte arena. An account costs about a third of the objects it replaces; `partsOf` rebuilds one.
 */
export class AccountTable {
  private readonly rows = new Map<string, number>();
  private readonly ids: string[] = [];
  private guests = new Uint8Array(1024);
  private readonly groupIndex = new Map<string, number>();
  private readonly groupIds: string[] = [];
  private readonly spaceKeys: string[] = [];
  private readonly groups = new Chains();
  private readonly permissions = new Chains();
  private readonly scim = new TextColumn();
  private readonly adminExtras = new TextColumn();

  /** The account's row, added when new; `guest` true marks it a guest (it never unmarks one). */
  holder(accountId: string, guest?: boolean): number {
    let row = this.rows.get(accountId);
    if (row === undefined) {
      row = this.ids.push(accountId) - 1;
      this.rows.set(accountId, row);
      if (row >= this.guests.length) {
        const next = new Uint8Array(this.guests.length * 2);
        next.set(this.guests);
        this.guests = next;
      }
    }
    if (guest === true) this.guests[row] = 1;
    return row;
  }

  /** The row of a known account, or undefined. */
  find(accountId: string): number | undefined {
    return this.rows.get(accountId);
  }

  /** The account ids in the order they were found (a live view: forgotten ones are skipped). */
  keys(): IterableIterator<string> {
    return this.rows.keys();
  }

  addGroup(row: number, groupId: string): void {
    let index = this.groupIndex.get(groupId);
    if (index === undefined) {
      index = this.groupIds.push(groupId) - 1;
      this.groupIndex.set(groupId, index);
    }
    this.groups.add(row, index);
  }

  /** A space's position for `addPermission`: call once per space the scan reports. */
  space(key: string): number {
    return this.spaceKeys.push(key) - 1;
  }

  addPermission(row: number, space: number, option: PermissionOptionId): void {
    this.permissions.add(row, space * OPTION_SLOTS + (OPTION_INDEX.get(option) ?? 0));
  }

  setScim(row: number, summary: ScimSummary): void {
    this.scim.set(row, JSON.stringify([...SCIM_FIELDS.map((field) => summary[field]), summary.extras]));
  }

  setAdminExtras(row: number, extras: Record<string, unknown>): void {
    this.adminExtras.set(row, JSON.stringify(extras));
  }

  /** The account's parts as the shaping code takes them (groups and permissions in no set order). */
  partsOf(row: number): AccountParts {
    const parts: AccountParts = {
      accountId: this.ids[row] ?? '',
      groups: this.groups.of(row).map((index) => this.groupIds[index] ?? ''),
      spacePermissions: this.permissions
        .of(row)
        .map((value) =>
          spacePermissionValue(
            this.spaceKeys[Math.floor(value / OPTION_SLOTS)] ?? '',
            PERMISSION_OPTIONS[value % OPTION_SLOTS]?.id ?? 'view',
          ),
        ),
      member: { isExternalCollaborator: this.guests[row] === 1 },
    };
    const scim = this.scim.get(row);
    if (scim !== undefined) parts.scim = unpackScim(scim);
    const admin = this.adminExtras.get(row);
    if (admin !== undefined) parts.adminExtras = JSON.parse(admin) as Record<string, unknown>;
    return parts;
  }

  /** Drops an emitted account: its id leaves `keys()` and its strings are released. */
  forget(accountId: string): void {
    const row = this.rows.get(accountId);
    if (row === undefined) return;
    this.rows.delete(accountId);
    this.scim.clear(row);
    this.adminExtras.clear(row);
  }
}

function unpackScim(packed: string): ScimSummary {
  const values = JSON.parse(packed) as Array<string | null | Record<string, unknown>>;
  const summary = { extras: values[SCIM_FIELDS.length] } as Record<string, unknown>;
  SCIM_FIELDS.forEach((field, at) => {
    summary[field] = values[at];
  });
  return summary as unknown as ScimSummary;
}
