export {
  type CommandInput,
  changesOf,
  createInputOf,
  entitlementTypeOf,
  keyOf,
  stateOf,
} from './sailpoint-input.ts';
export { buildableManifests } from './source-config.ts';
export { connectorSpec } from './spec.ts';
