import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import { startEmulator } from '../../src/emulator/index.ts';

// Until the Data Center connector exists, the kit must at least take the configuration the Data
// Center emulator writes, and refuse to connect with it plainly rather than pretend.
describe('Data Center configuration from the emulator', () => {
  for (const dcVersion of ['7.19', '8.5', '9.2'] as const) {
    test(`${dcVersion}: Basic and PAT configurations parse; createConnector answers unsupported`, async () => {
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
        assert.throws(() => createConnector(config), { name: 'ConnectorError', code: 'unsupported' });
      }
    });
  }
});
