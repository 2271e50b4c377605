import { randomBytes } from 'node:crypto';

/** The `scimType` keywords Atlassian's `ScimError` allows (RFC 7644 §3.12). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** The schema URN of every SCIM error body (RFC 7644 §3.12). */
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Atlassian's SCIM error body: `status` is a string, `scimType` only on 400/409. */
export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** A SCIM protocol error; the scope's error handler turns it into Atlassian's `ScimError` body. */
export class ScimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimHttpError';
  }

  /** The response body, as Atlassian's `ScimError` schema shows it. */
  body(): ScimErrorBody {
    return scimErrorBody(this.status, this.detail, this.scimType);
  }
}

/** Builds a `ScimError` body. */
export function scimErrorBody(status: number, detail: string, scimType?: ScimType): ScimErrorBody {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(status),
    ...(scimType === undefined ? {} : { scimType }),
    detail,
  };
}

/** A 400 with a `scimType`, the common case for bad input. */
export function badRequest(scimType: ScimType, detail: string): ScimHttpError {
  return new ScimHttpError(400, detail, scimType);
}

/** A 404 for a missing (or deactivated) resource. */
export function notFound(detail: string): ScimHttpError {
  return new ScimHttpError(404, detail);
}

/** A 409 `uniqueness` conflict. */
export function conflict(detail: string): ScimHttpError {
  return new ScimHttpError(409, detail, 'uniqueness');
}

/** Atlassian's `Failure` body for 401 and 403: `{ error, traceId }`, not a SCIM error. */
export function failureBody(error: string): { error: string; traceId: string } {
  return { error, traceId: randomBytes(8).toString('hex') };
}
