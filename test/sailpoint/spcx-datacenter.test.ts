import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startEmulator } from '../../src/emulator/index.ts';
import { controlClient } from '../connector/fixture.ts';
import { dcTruth } from '../connector/flavours/datacenter.ts';
import { startSpcx } from './spcx-runtime.ts';

type Output = Record<string, unknown> & {
  key: { simple: { id: string } };
  identity: string;
  attributes: Record<string, unknown>;
};

const key = (id: string) => ({ simple: { id } });

// The same built package, configured for Data Center (`kind: datacenter`), under `spcx` against the
// Data Center emulator at 9.2: one package, both flavours.
describe('SailPoint package under spcx, Data Center emulator', async () => {
  const emulator = await startEmulator({
    flavor: 'datacenter',
    dcVersion: '9.2',
    size: 'small',
    seed: 21,
    port: 0,
  });
  after(() => emulator.close());
  const truth = dcTruth(() => emulator.state);
  const { writes, lastWrite } = controlClient(emulator.url);
  const runtime = await startSpcx();
  // What SailPoint sends: the form's dotted fields plus keys of its own.
  const { auth, ...rest } = emulator.connectorConfig() as unknown as Record<string, unknown> & {
    auth: Record<string, unknown>;
  };
  const config = {
    ...rest,
    ...Object.fromEntries(Object.entries(auth).map(([name, value]) => [`auth.${name}`, value])),
    spConnectorInstanceId: 'd4c3b2',
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
  };
  const run = (type: string, input: unknown = {}) => runtime.run(type, input, config);

  test('std:account:list is every account with "Can use", keyed by userKey with the email as identity', async () => {
    assert.deepEqual((await run('std:test-connection')).outputs, [{}]);
    const list = await run('std:account:list', { stateful: false });
    assert.equal(list.status, 200, list.error);
    const outputs = list.outputs as Output[];
    assert.deepEqual(new Set(outputs.map((output) => output.key.simple.id)), truth.accountKeys());
    for (const output of outputs) assert.equal(output.identity, truth.account(output.key.simple.id)?.email);
  });

  test('std:account:update grants one space option, and an account without "Can use" is refused untouched', async () => {
    const { accountKey, spaceKey } = truth.writableSubject();
    const since = await lastWrite();
    const updated = await run('std:account:update', {
      key: key(accountKey),
      changes: [{ op: 'Add', attribute: 'spacePermissions', value: [`${spaceKey}:view`] }],
    });
    assert.equal(updated.status, 200, updated.error);
    assert.deepEqual(truth.heldDirectly(spaceKey, accountKey), ['view']);
    assert.ok((await writes(since)).length > 0);

    const outsider = truth.accountWithoutConfluence();
    const before = await lastWrite();
    const refused = await run('std:account:update', {
      key: key(outsider),
      changes: [{ op: 'Add', attribute: 'spacePermissions', value: [`${spaceKey}:view`] }],
    });
    assert.match(refused.error ?? '', /guardrail: /);
    assert.deepEqual(await writes(before), []);
  });
});
