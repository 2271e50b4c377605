import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import { measure, readConfig } from './measure.ts';

const [file, concurrency] = process.argv.slice(2);
const config = parseConnectorConfig({ ...(await readConfig(file)), concurrency: Number(concurrency ?? 8) });

await measure('spacegate connector', async () => {
  const connector = createConnector(config);
  let accounts = 0;
  let accountsWithDirectPermissions = 0;
  for await (const frame of connector.listAccounts()) {
    if (frame.type === 'failure') throw new Error(`failure ${frame.key}: ${frame.error.message}`);
    if (frame.type !== 'item') continue;
    accounts++;
    if (frame.item.attributes.spacePermissions.length > 0) accountsWithDirectPermissions++;
  }
  return { accounts, accountsWithDirectPermissions, clientCalls: connector.callStats().apiCalls };
});
