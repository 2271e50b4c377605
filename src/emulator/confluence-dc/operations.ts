import type { DcSpacePermissionType } from '../state/datacenter/model.ts';

/** A REST space operation (`OperationDescription`, reference §6.2). */
export interface Operation {
  targetType: string;
  operationKey: string;
}

/** The legacy constant for each REST pair (reference §6.3, an inferred 1:1 mapping). */
const BY_PAIR: Readonly<Record<string, DcSpacePermissionType>> = {
  'space/read': 'VIEWSPACE',
  'space/delete_own': 'REMOVEOWNCONTENT',
  'page/create': 'EDITSPACE',
  'page/delete': 'REMOVEPAGE',
  'blogpost/create': 'EDITBLOG',
  'blogpost/delete': 'REMOVEBLOG',
  'attachment/create': 'CREATEATTACHMENT',
  'attachment/delete': 'REMOVEATTACHMENT',
  'comment/create': 'COMMENT',
  'comment/delete': 'REMOVECOMMENT',
  'space/restrict': 'SETPAGEPERMISSIONS',
  'space/delete_mail': 'REMOVEMAIL',
  'space/export': 'EXPORTSPACE',
  'space/administer': 'SETSPACEPERMISSIONS',
};

const BY_TYPE = new Map(Object.entries(BY_PAIR).map(([pair, type]) => [type, pair]));

/** The legacy type of a REST operation, or undefined when the pair is not one Data Center supports. */
export function typeOfOperation(operation: unknown): DcSpacePermissionType | undefined {
  if (typeof operation !== 'object' || operation === null) return undefined;
  const { targetType, operationKey } = operation as Record<string, unknown>;
  return BY_PAIR[`${String(targetType)}/${String(operationKey)}`];
}

/** The REST operation of a legacy type. */
export function operationOfType(type: DcSpacePermissionType): Operation {
  const [targetType = '', operationKey = ''] = (BY_TYPE.get(type) ?? '').split('/');
  return { targetType, operationKey };
}
