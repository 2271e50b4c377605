import type { FaultPlan } from '../faults/fault-plan.ts';
import type { WriteApi, WriteOrigin } from '../state/cloud/model.ts';
import type { SiteState } from '../state/cloud/site-state.ts';
import type { RequestCounters } from './request-counters.ts';

/** What every emulated API reads: the current state (replaced on reset), faults and counters. */
export interface EmulatorContext<S = SiteState> {
  state: S;
  faults: FaultPlan;
  counters: RequestCounters;
}

/** The write origin for a request, for the write log: `POST /wiki/rest/api/space/ENG/permission`. */
export function originOf(api: WriteApi, request: { method: string; url: string }): WriteOrigin {
  return { api, request: `${request.method} ${request.url.split('?')[0] ?? request.url}` };
}
