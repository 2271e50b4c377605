import { createSailPointConnector } from './sailpoint-connector.ts';

/**
 * The package's entry, bundled to `index.js`: SailPoint's runtime (and `spcx`) loads the module
 * and calls `connector()` for the SDK connector that answers its commands.
 */
export const connector = async () => createSailPointConnector();
