import * as bundled from '@sailpoint/connector-sdk';

/** The parts of the SDK that must be the host's own: its configuration and its error class. */
type HostSdk = Pick<typeof bundled, 'readConfig' | 'ConnectorError' | 'ConnectorErrorType'>;

let cached: HostSdk | undefined;

/**
 * The SDK of the runtime hosting the package. The bundle carries its own copy, which reads the
 * configuration SailPoint's platform passes in `CONNECTOR_CONFIG`. A host that runs the SDK
 * itself (the SDK's `spcx`) holds each POSTed `config` in its copy's async context and tells its
 * errors apart by its copy's `ConnectorError` class, so that copy, found from the host's main
 * module, is used when there is one.
 */
export function hostSdk(): HostSdk {
  cached ??= fromMainModule() ?? bundled;
  return cached;
}

function fromMainModule(): HostSdk | undefined {
  // `require` exists once bundled to CommonJS (the package); under the ESM sources it does not.
  const main = typeof require === 'function' ? require.main : undefined;
  if (main === undefined) return undefined;
  try {
    const sdk = main.require('@sailpoint/connector-sdk') as Partial<HostSdk>;
    return typeof sdk.readConfig === 'function' && typeof sdk.ConnectorError === 'function'
      ? (sdk as HostSdk)
      : undefined;
  } catch {
    return undefined;
  }
}
