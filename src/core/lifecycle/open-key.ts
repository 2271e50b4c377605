import type { AccessRequest } from '../model.ts';

/** The key that admits one open request per beneficiary, item and kind. */
export function openKeyOf(request: Pick<AccessRequest, 'beneficiaryId' | 'itemId' | 'kind'>): string {
  return `${request.beneficiaryId}|${request.itemId}|${request.kind}`;
}
