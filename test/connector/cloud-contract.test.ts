import { connectorContract } from './contract/suite.ts';
import { cloudFlavour } from './flavours/cloud.ts';

connectorContract(cloudFlavour);
