import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import { startEmulator } from '../../src/emulator/index.ts';

describe('Data Center configuration from the emulator connects', () => {
  for (const dcVersion of ['7.19', '8.5', '9.2'] as const) {
    test(`${dcVersion}: Basic and PAT configurations parse and pass the connection test; the version is detected when absent`, async () => {
      const emulator = await startEmulator({
        flavor: 'datacenter',
        dcVersion,
        size: 'small',
        seed: 1,
        port: 0,
      });
      after(() => emulator.close());
      for (const auth of ['basic', 'pat'] as const) {
        const config = parseConnectorConfig(emulator.connectorConfig(auth));
        assert.equal(config.kind, 'datacenter');
        if (config.kind !== 'datacenter') continue;
        assert.equal(config.auth.type, auth);
        assert.ok(config.version?.startsWith(dcVersion), config.version);
        const { version: _, ...unversioned } = emulator.connectorConfig(auth);
        const report = await createConnector(parseConnectorConfig(unversioned)).testConnection();
        assert.equal(report.ok, true, JSON.stringify(report.checks));
        const rest = report.checks.find((check) => check.name === 'rest');
        assert.match(rest?.message ?? '', new RegExp(`Confluence ${dcVersion.replace('.', '\\.')}\\.`));
      }
    });
  }

  test('an unknown personal access token, which Data Center lets through as anonymous, is auth_failed', async () => {
    const emulator = await startEmulator({ flavor: 'datacenter', size: 'small', seed: 1, port: 0 });
    after(() => emulator.close());
    assert.equal(emulator.state.anonymousAccess, true, 'anonymous access is on in the seed');
    const config = parseConnectorConfig({
      ...emulator.connectorConfig('pat'),
      auth: { type: 'pat', token: 'nope' },
    });
    const connector = createConnector(config);
    await assert.rejects(connector.getAccount('anyone'), { code: 'auth_failed' });
    const report = await connector.testConnection();
    assert.equal(report.ok, false);
    assert.match(report.checks.find((check) => check.name === 'rest')?.message ?? '', /anonymous/);
  });
});
