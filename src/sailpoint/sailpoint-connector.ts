import {
  createConnector as createSdkConnector,
  logger,
  type Response,
  type Connector as SdkConnector,
} from '@sailpoint/connector-sdk';
import type { MeteredConnector } from '../atlassian/index.ts';
import { ConnectorError, type ListFrame } from '../connector/index.ts';
import { hostSdk } from './host-sdk.ts';
import { accountOutput, entitlementOutput, simpleKey } from './outputs.ts';
import {
  type CommandInput,
  changesOf,
  createInputOf,
  entitlementTypeOf,
  keyOf,
  stateOf,
} from './sailpoint-input.ts';
import { toSdkError } from './sdk-errors.ts';
import { buildableManifests, sourceConnector } from './source-config.ts';
import {
  parseSpaceOptionKey,
  removedSpaceOptionKeys,
  spaceOptionOutput,
  spaceOptionOutputs,
} from './space-options.ts';
import { connectorSpec } from './spec.ts';

type Handler = (
  connector: () => MeteredConnector,
  input: CommandInput,
  res: Response<unknown>,
) => Promise<void>;

/**
 * Every command the package answers, each a thin translation onto the one connector contract:
 * SailPoint's shapes in, the contract's call, SailPoint's shapes out.
 */
const HANDLERS: Record<string, Handler> = {
  'std:test-connection': async (connector, _input, res) => {
    const report = await connector().testConnection();
    const failed = report.checks.find((check) => !check.ok);
    if (failed !== undefined)
      throw new ConnectorError('unavailable', `test-connection failed at ${failed.name}: ${failed.message}`);
    res.send({});
  },
  'std:account:list': async (connector, input, res) => {
    const frames = connector().listAccounts({ state: stateOf(input) });
    await stream(frames, input, res, { items: (item) => [accountOutput(item)], removed: (key) => [key] });
  },
  'std:account:read': async (connector, input, res) =>
    res.send(accountOutput(await connector().getAccount(keyOf(input)))),
  'std:account:create': async (connector, input, res) =>
    res.send(accountOutput(await connector().createAccount(createInputOf(input)))),
  'std:account:update': async (connector, input, res) => {
    const { account } = await connector().updateAccount(keyOf(input), changesOf(input));
    res.send(accountOutput(account));
  },
  'std:account:enable': async (connector, input, res) =>
    res.send(accountOutput(await connector().enableAccount(keyOf(input)))),
  'std:account:disable': async (connector, input, res) =>
    res.send(accountOutput(await connector().disableAccount(keyOf(input)))),
  'std:account:delete': async (connector, input, res) => {
    await connector().deleteAccount(keyOf(input));
    res.send({});
  },
  'std:entitlement:list': async (connector, input, res) => {
    const type = entitlementTypeOf(input);
    const frames = connector().listEntitlements(type, { state: stateOf(input) });
    await stream(frames, input, res, {
      items: (item) => (item.type === 'space' ? spaceOptionOutputs(item) : [entitlementOutput(item)]),
      removed: (key) => (type === 'space' ? removedSpaceOptionKeys(key) : [key]),
    });
  },
  'std:entitlement:read': async (connector, input, res) => {
    if (entitlementTypeOf(input) === 'group') {
      res.send(entitlementOutput(await connector().getEntitlement('group', keyOf(input))));
      return;
    }
    const { spaceKey, option } = parseSpaceOptionKey(keyOf(input));
    const space = await connector().getEntitlement('space', spaceKey);
    if (space.type === 'space') res.send(spaceOptionOutput(space, option));
  },
  'std:account:discover-schema': async (connector, _input, res) => {
    const { displayAttribute, identityAttribute, groupAttribute, attributes } =
      connector().manifest().accountSchema;
    res.send({ displayAttribute, identityAttribute, groupAttribute, attributes });
  },
  'std:spec:read': async (_connector, _input, res) =>
    res.send({ specification: connectorSpec(buildableManifests()) }),
};

/**
 * Streams a list with `res.send`; a delta's removals go out as `deleted` objects. The state is
 * saved (`res.saveState`) only for a stateful run, and only when no item failed: a run that lost
 * an item fails naming it, so the next run starts again from the last complete state.
 */
async function stream<T>(
  frames: AsyncIterable<ListFrame<T>>,
  input: CommandInput,
  res: Response<unknown>,
  shape: { items: (item: T) => unknown[]; removed: (key: string) => string[] },
): Promise<void> {
  const failed: string[] = [];
  for await (const frame of frames) {
    if (frame.type === 'item') for (const output of shape.items(frame.item)) res.send(output);
    else if (frame.type === 'removed')
      for (const key of shape.removed(frame.key))
        res.send({ key: simpleKey(key), deleted: true, attributes: {} });
    else if (frame.type === 'failure') {
      failed.push(`${frame.key} (${frame.error.code}: ${frame.error.message})`);
      logger.warn({ key: frame.key, error: frame.error }, 'item failed during list');
    } else if (failed.length === 0 && input.stateful === true) res.saveState(frame.state);
  }
  if (failed.length > 0)
    throw new ConnectorError(
      'unavailable',
      `${failed.length} item(s) could not be read: ${failed.slice(0, 5).join('; ')}`,
    );
}

/**
 * The SailPoint connector: SDK `createConnector()` with one handler per command, each building the
 * Confluence connector from the source configuration (`readConfig()`) through `createConnector`,
 * which picks the flavour by `kind`. Every error leaves as the SDK's `ConnectorError`.
 */
export function createSailPointConnector(): SdkConnector {
  const sdk = createSdkConnector();
  for (const [command, handler] of Object.entries(HANDLERS)) {
    sdk.command(command, async (_context, input: CommandInput | undefined, res) => {
      try {
        const config = command === 'std:spec:read' ? {} : await hostSdk().readConfig();
        let built: MeteredConnector | undefined;
        const connector = () => {
          built ??= sourceConnector(config);
          return built;
        };
        await handler(connector, input ?? {}, res);
      } catch (error) {
        throw toSdkError(error);
      }
    });
  }
  return sdk;
}
