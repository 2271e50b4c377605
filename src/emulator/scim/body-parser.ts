import type { FastifyInstance } from 'fastify';
import { acceptEmptyJson } from '../http/json-body.ts';

/** The media types a SCIM request body may have (Atlassian accepts both). */
const JSON_TYPES = ['application/scim+json', 'application/json'];

/**
 * Replaces, inside the SCIM scope only, the JSON parsers with one that reads an empty body as
 * no body (IdPs send `Content-Type` on GET and DELETE too) and reports bad JSON as a 400 that
 * the scope's error handler turns into `invalidSyntax`.
 */
export function installScimBodyParser(app: FastifyInstance): void {
  acceptEmptyJson(app, JSON_TYPES, () =>
    Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 }),
  );
}
