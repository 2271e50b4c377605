import type { FastifyInstance } from 'fastify';
import type { DcContext } from './context.ts';
import { linksOf } from './paging.ts';

/** `GET /rest/applinks/1.0/manifest`: the XML the connector reads `<version>` from (reference §10). */
const MANIFEST = '/rest/applinks/1.0/manifest';

/** Registers the application-links manifest; it needs no sign-in, as on a real instance. */
export function registerManifest(app: FastifyInstance, ctx: DcContext): void {
  app.get(MANIFEST, async (request, reply) => {
    const { instance } = ctx.state;
    const { base } = linksOf(request, instance.contextPath);
    const xml = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      '<manifest>',
      `<id>${instance.buildNumber}-emulated</id>`,
      '<name>Confluence</name>',
      '<i18nKey>applinks.confluence</i18nKey>',
      '<type>confluence</type>',
      `<version>${instance.fullVersion}</version>`,
      `<buildNumber>${instance.buildNumber}</buildNumber>`,
      '<applinksVersion>9.0.0</applinksVersion>',
      `<url>${base}</url>`,
      '<public>true</public>',
      '</manifest>',
    ].join('');
    return reply.type('application/xml').send(xml);
  });
}
