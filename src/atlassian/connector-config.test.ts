import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectorError } from '../connector/index.ts';
import { parseConnectorConfig } from './connector-config.ts';
import { createConnector } from './create-connector.ts';

const valid = {
  kind: 'cloud',
  site: { url: 'https://example.atlassian.net/', email: 'admin@example.com', apiToken: 'tok-SECRET-1' },
  admin: { url: 'https://api.atlassian.com', orgId: 'org-1', apiKey: 'key-SECRET-2' },
  scim: { url: 'https://api.atlassian.com', directoryId: 'dir-1', apiKey: 'key-SECRET-3' },
  productGroup: 'confluence-users-example',
};

const dataCenter = {
  kind: 'datacenter',
  baseUrl: 'https://wiki.example.com/confluence/',
  auth: { type: 'pat', token: 'pat-SECRET-4' },
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
  test('accepts the Cloud emulator shape and fills defaults', () => {
    const config = parseConnectorConfig(valid);
    assert.equal(config.kind, 'cloud');
    if (config.kind !== 'cloud') return;
    assert.equal(config.site.url, 'https://example.atlassian.net');
    assert.equal(config.concurrency, 8);
    assert.equal(config.pageSize.members, 200);
    assert.equal(config.retry.attempts, 6);
    assert.equal(config.skipPersonalSpaces, false);
    assert.equal(config.allowInsecureHttp, false);
    assert.ok(Object.isFrozen(config));
  });

  test('accepts a Data Center configuration with Basic auth or a personal access token', () => {
    const config = parseConnectorConfig(dataCenter);
    assert.equal(config.kind, 'datacenter');
    if (config.kind !== 'datacenter') return;
    assert.equal(config.baseUrl, 'https://wiki.example.com/confluence');
    assert.deepEqual(config.auth, { type: 'pat', token: 'pat-SECRET-4' });
    assert.equal(config.productGroup, 'confluence-users');
    assert.equal(config.retry.attempts, 6);
    const basic = parseConnectorConfig({
      ...dataCenter,
      auth: { type: 'basic', username: 'admin', password: 'pw-SECRET-5' },
      version: '8.5',
    });
    assert.equal(basic.kind === 'datacenter' && basic.version, '8.5');
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

  test('reports missing sections, unknown keys, a bad Data Center auth and version', () => {
    const { scim: _scim, ...withoutScim } = valid;
    const message = problemsOf({ ...withoutScim, colour: 'blue' });
    assert.match(message, /scim:/);
    assert.match(message, /unknown key\(s\) colour/);
    const dc = problemsOf({ ...dataCenter, auth: { type: 'oauth' }, version: 'latest' });
    assert.match(
      dc,
      /auth\.type: expected \{ type: "basic", username, password \} or \{ type: "pat", token \}/,
    );
    assert.match(dc, /version: expected a version such as 8\.5/);
  });

  test('an unknown or missing kind is named', () => {
    assert.match(problemsOf({ ...valid, kind: 'dc' }), /kind: expected "cloud" or "datacenter"/);
    const { kind: _kind, ...noKind } = valid;
    assert.match(problemsOf(noKind), /kind: expected "cloud" or "datacenter"/);
  });

  test('never echoes a secret', () => {
    const message = problemsOf({ ...valid, site: { ...valid.site, apiToken: 7 }, concurrency: -1 });
    assert.doesNotMatch(message, /SECRET/);
    assert.match(message, /site\.apiToken/);
    const dc = problemsOf({ ...dataCenter, auth: { type: 'pat', token: '' }, baseUrl: 'nope' });
    assert.doesNotMatch(dc, /SECRET/);
    assert.match(dc, /auth\.token: expected a non-empty secret/);
  });

  const insecure: Array<[string, unknown, RegExp]> = [
    [
      'a Cloud site',
      { ...valid, site: { ...valid.site, url: 'http://example.atlassian.net' } },
      /^site\.url/,
    ],
    ['a Data Center base URL', { ...dataCenter, baseUrl: 'http://wiki.example.com' }, /^baseUrl/],
  ];
  for (const [name, json, path] of insecure) {
    test(`plain http:// to ${name} off loopback is refused unless allowInsecureHttp`, () => {
      const error = (() => {
        try {
          parseConnectorConfig(json);
        } catch (caught) {
          return caught as ConnectorError;
        }
        assert.fail('expected invalid_config');
      })();
      const problems = error.details?.problems as string[];
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', path);
      assert.match(problems[0] ?? '', /is not loopback.*allowInsecureHttp: true/);
      assert.equal(
        parseConnectorConfig({ ...(json as object), allowInsecureHttp: true }).allowInsecureHttp,
        true,
      );
    });
  }

  test('plain http:// to loopback is accepted (the emulator), alongside other problems', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:1990', '[::1]:8090']) {
      assert.equal(
        parseConnectorConfig({ ...dataCenter, baseUrl: `http://${host}/confluence` }).kind,
        'datacenter',
      );
    }
    const message = problemsOf({ ...dataCenter, baseUrl: 'http://10.0.0.5', concurrency: 0 });
    assert.match(message, /baseUrl: plain http:\/\/ to 10\.0\.0\.5/);
    assert.match(message, /concurrency: expected at least 1/);
  });
});

describe('createConnector', () => {
  test('builds the flavour the configuration names', () => {
    const connector = createConnector(parseConnectorConfig(valid));
    assert.equal(connector.manifest().name, 'spacegate-confluence-cloud');
  });

  test('a Data Center configuration builds the Data Center connector (no call before first use)', () => {
    const connector = createConnector(parseConnectorConfig(dataCenter));
    assert.equal(connector.manifest().name, 'spacegate-confluence-datacenter');
  });
});
