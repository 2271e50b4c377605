import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import Confluence from 'confluence-api';
import { DC_VERSIONS } from '../../src/emulator/index.ts';
import { useDcEmulator } from '../helpers/dc-emulator.ts';

type SpacePage = {
  results: Array<{ key: string; name: string; type: string; status: string }>;
  size: number;
};

for (const version of DC_VERSIONS) {
  describe(`confluence-api (a community Server client) reads the emulated Data Center ${version}`, () => {
    const dc = useDcEmulator({ dcVersion: version, size: 'small', seed: 11 });

    test('getSpace finds every space by key with its name, type and status, under the context path', async () => {
      const config = dc.emulator.connectorConfig('basic');
      assert.equal(config.auth.type, 'basic');
      if (config.auth.type !== 'basic') return;
      const client = new Confluence({
        baseUrl: config.baseUrl,
        username: config.auth.username,
        password: config.auth.password,
      });
      const getSpace = promisify(client.getSpace.bind(client)) as (key: string) => Promise<SpacePage>;
      for (const space of dc.state.spaces.values()) {
        const page = await getSpace(space.key);
        assert.equal(page.size, 1, space.key);
        assert.deepEqual(page.results[0], {
          ...page.results[0],
          key: space.key,
          name: space.name,
          type: space.type,
          status: space.status,
        });
      }
    });

    test('a wrong password reaches the client as an error with the 401', async () => {
      const client = new Confluence({ baseUrl: dc.emulator.baseUrl, username: 'admin', password: 'wrong' });
      const getSpace = promisify(client.getSpace.bind(client)) as (key: string) => Promise<SpacePage>;
      await assert.rejects(getSpace('ANY'), (error: { status?: number }) => error.status === 401);
    });
  });
}
