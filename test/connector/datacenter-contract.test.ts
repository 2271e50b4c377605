import { DC_VERSIONS } from '../../src/emulator/index.ts';
import { connectorContract } from './contract/suite.ts';
import { dataCenterFlavour } from './flavours/datacenter.ts';

for (const version of DC_VERSIONS) connectorContract(dataCenterFlavour(version));
