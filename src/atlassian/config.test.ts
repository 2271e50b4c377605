import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectorError } from '../connector/index.ts';
import { parseConnectorConfig } from './config.ts';

const valid = {
  kind: 'cloud',
  site: { url: 'https://example.atlassian.net/', email: 'admin@example.com', apiToken: 'tok-SECRET-1' },
  admin: { url: 'https://api.atlassian.com', orgId: 'org-1', apiKey: 'key-SECRET-2' },
  scim: { url: 'https://api.atlassian.com', directoryId: 'dir-1', apiKey: 'key-SECRET-3' },
  productGroup: 'confluence-users-example',
};

function problemsOf(json: unknown): string {
  try {
    parseConnectorConfig(json);
  } catch (error) {
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'invalid_config');
    return error.message;
  }
  assert.fail('expected invalid_config');
}

describe('parseConnectorConfig', () => {
  test('accepts the emulator shape and fills defaults', () => {
    const config = parseConnectorConfig(valid);
    assert.equal(config.site.url, 'https://example.atlassian.net');
    assert.equal(config.concurrency, 8);
    assert.equal(config.pageSize.members, 200);
    assert.equal(config.retry.attempts, 6);
    assert.equal(config.skipPersonalSpaces, false);
    assert.ok(Object.isFrozen(config));
  });

  test('names every bad key at once', () => {
    const message = problemsOf({
      ...valid,
      site: { ...valid.site, url: 'not a url', email: 'nobody' },
      concurrency: 0,
      pageSize: { members: 500 },
    });
    assert.match(message, /site\.url: expected a URL/);
    assert.match(message, /site\.email: expected an email address/);
    assert.match(message, /concurrency: expected at least 1/);
    assert.match(message, /pageSize\.members: expected at most 200/);
  });

  test('reports missing sections and unknown keys', () => {
    const { scim: _scim, ...withoutScim } = valid;
    const message = problemsOf({ ...withoutScim, colour: 'blue' });
    assert.match(message, /scim:/);
    assert.match(message, /unknown key\(s\) colour/);
  });

  test('never echoes a secret', () => {
    const message = problemsOf({ ...valid, site: { ...valid.site, apiToken: 7 }, kind: 'dc' });
    assert.doesNotMatch(message, /SECRET/);
    assert.match(message, /site\.apiToken/);
  });
});
