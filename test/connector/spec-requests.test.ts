import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import { requestProblems as documentedRequestProblems, type SpecName } from '../helpers/spec-conformance.ts';
import { accountWithoutConfluence, collect, confluenceAccountIds, startFixture } from './fixture.ts';

/** Which saved Atlassian document covers a path. */
const DOCUMENTS: Array<{ match: string; spec: SpecName }> = [
  { match: '/wiki/api/v2/', spec: 'confluence-v2' },
  { match: '/wiki/rest/api/', spec: 'confluence-v1' },
  { match: '/scim/', spec: 'scim' },
  { match: '/admin/v1/', spec: 'admin' },
  { match: '/users/', spec: 'user-management' },
];

/**
 * Admin API v2 endpoints the connector uses that the saved 2023 document predates; their shapes come
 * from the reference (§2.3, jira.js generated from Atlassian's current spec).
 */
const NEWER_THAN_SAVED = [
  /^POST \/admin\/v2\/orgs\/[^/]+\/workspaces$/,
  /^GET \/admin\/v2\/orgs\/[^/]+\/directories(\/[^/]+\/groups)?$/,
];

interface Sent {
  method: string;
  url: URL;
  body: string | undefined;
}

async function requestProblems(sent: Sent): Promise<string[]> {
  const line = `${sent.method} ${sent.url.pathname}`;
  if (NEWER_THAN_SAVED.some((pattern) => pattern.test(line))) return [];
  const document = DOCUMENTS.find((candidate) => sent.url.pathname.startsWith(candidate.match));
  if (document === undefined) return [`${line}: no saved document covers it`];
  return documentedRequestProblems(
    document.spec,
    sent.method,
    `${sent.url.pathname}${sent.url.search}`,
    sent.body,
  );
}

describe('every request the connector sends is an operation Atlassian documents, with a valid request', async () => {
  const fixture = await startFixture({ size: 'small', seed: 19, config: { deactivateOnDelete: true } });
  const sent: Sent[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push({
      method: init?.method ?? 'GET',
      url,
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return fetch(input, init);
  };
  const connector = createConnector(parseConnectorConfig(fixture.config), { fetch: recording });

  test('the check itself catches an undocumented path and a malformed body', async () => {
    const base = fixture.config.site.url;
    const bad = await requestProblems({
      method: 'GET',
      url: new URL(`${base}/wiki/rest/api/nothing-here`),
      body: undefined,
    });
    assert.equal(bad.length, 1);
    const malformed = await requestProblems({
      method: 'POST',
      url: new URL(`${base}/wiki/rest/api/space/ENG/permission`),
      body: JSON.stringify({ subject: { type: 'robot', identifier: 'x' } }),
    });
    assert.ok(malformed.length > 0, 'a body without operation and with an unknown subject type is refused');
  });

  test('a full round of reads and writes', async () => {
    const { emulator } = fixture;
    await connector.testConnection();
    const accounts = await collect(connector.listAccounts());
    await collect(connector.listEntitlements('group'));
    const spaces = await collect(connector.listEntitlements('space'));
    const target = accounts.items.find(
      (item) => !item.attributes.guest && item.attributes.status === 'active',
    );
    const space = spaces.items.find(
      (item) => item.type === 'space' && item.attributes.spaceType === 'global',
    );
    const group = [...emulator.state.groups.values()].find(
      (g) =>
        g.productGrants.some((grant) => grant.product === 'confluence') && !g.members.has(target?.key ?? ''),
    );
    assert.ok(target && space && group);
    await connector.getAccount(target.key);
    await connector.updateAccount(target.key, [
      { op: 'Add', attribute: 'groups', value: group.id },
      { op: 'Add', attribute: 'spacePermissions', value: [`${space.key}:add_page`] },
      { op: 'Set', attribute: 'department', value: 'Audit' },
    ]);
    await connector.updateAccount(target.key, [
      { op: 'Remove', attribute: 'spacePermissions', value: `${space.key}:view` },
    ]);
    await connector.disableAccount(target.key);
    await connector.enableAccount(target.key);
    await connector.getEntitlement('space', space.key);
    await connector.createAccount({
      identity: 'spec.check@acme.example.com',
      attributes: { firstName: 'Spec' },
    });
    const outsider = accountWithoutConfluence(emulator);
    await assert.rejects(connector.disableAccount(outsider), { code: 'guardrail' });
    const victim = [...confluenceAccountIds(emulator)].find(
      (id) => id !== target.key && !emulator.state.accounts.get(id)?.guest,
    );
    assert.ok(victim);
    await connector.deleteAccount(victim);

    const seen = new Map<string, Sent>();
    for (const request of sent) {
      const shape = `${request.method} ${request.url.pathname.replace(/[0-9a-f]{24}|[0-9a-f-]{36}|\d{5,}/g, '{id}')}`;
      if (!seen.has(shape)) seen.set(shape, request);
    }
    assert.ok(seen.size >= 15, `exercised ${seen.size} distinct operations`);
    const problems = (await Promise.all([...seen.values()].map(requestProblems))).flat();
    assert.deepEqual(problems, []);
  });
});
