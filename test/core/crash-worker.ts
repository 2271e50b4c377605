// A fulfillment worker in its own process, for the crash test: it opens the store, starts the
// workers and runs until it is killed. Argument: JSON { location, connector, jobTimeoutSeconds }.
import { createConnector, parseConnectorConfig } from '../../src/atlassian/index.ts';
import { createGovernance, loadWorkflowPolicy } from '../../src/core/index.ts';
import { openAt, type StoreLocation } from '../store/fresh-store.ts';
import { LOOP_WORKFLOWS } from './loop-fixture.ts';

const input = JSON.parse(process.argv[2] ?? '{}') as {
  location: StoreLocation;
  connector: Record<string, unknown>;
  jobTimeoutSeconds: number;
};
const opened = await openAt(input.location, { jobTimeoutSeconds: input.jobTimeoutSeconds, concurrency: 2 });
const gov = createGovernance({
  store: opened.store,
  queue: opened.queue,
  connector: createConnector(parseConnectorConfig(input.connector)),
  workflows: loadWorkflowPolicy('workflows.yaml', LOOP_WORKFLOWS),
});
await gov.startWorker();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void opened.close().then(() => process.exit(0));
});
