import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, type ScimJson, USER_SCHEMA } from './schemas.ts';
import { NAME_PARTS } from './user-input.ts';

type AttributeType = 'string' | 'boolean' | 'complex' | 'dateTime' | 'reference';
interface AttributeOptions {
  type?: AttributeType;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable';
  uniqueness?: 'none' | 'server';
  subAttributes?: ScimJson[];
  description?: string;
}

/** One attribute definition in RFC 7643 §7 form, with the RFC's defaults filled in. */
function attribute(name: string, options: AttributeOptions = {}): ScimJson {
  const type = options.type ?? 'string';
  return {
    name,
    type,
    multiValued: options.multiValued ?? false,
    description: options.description ?? name,
    required: options.required ?? false,
    ...(type === 'string' || type === 'reference' ? { caseExact: options.caseExact ?? false } : {}),
    mutability: options.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: options.uniqueness ?? 'none',
    ...(options.subAttributes === undefined ? {} : { subAttributes: options.subAttributes }),
  };
}

const multiValuedParts = (): ScimJson[] => [
  attribute('value'),
  attribute('type'),
  attribute('primary', { type: 'boolean' }),
];

const USER_ATTRIBUTES: ScimJson[] = [
  attribute('userName', {
    required: true,
    uniqueness: 'server',
    description: 'Unique identifier for the user.',
  }),
  attribute('name', {
    type: 'complex',
    subAttributes: NAME_PARTS.map((part) => attribute(part)),
  }),
  attribute('displayName'),
  attribute('nickName'),
  attribute('title'),
  attribute('preferredLanguage'),
  attribute('department'),
  attribute('organization'),
  attribute('timezone'),
  attribute('active', { type: 'boolean' }),
  attribute('emails', {
    type: 'complex',
    multiValued: true,
    required: true,
    subAttributes: multiValuedParts(),
  }),
  attribute('phoneNumbers', { type: 'complex', multiValued: true, subAttributes: multiValuedParts() }),
  attribute('groups', {
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [
      attribute('value', { mutability: 'readOnly' }),
      attribute('display', { mutability: 'readOnly' }),
    ],
  }),
];

const GROUP_ATTRIBUTES: ScimJson[] = [
  attribute('displayName', { required: true, uniqueness: 'server', mutability: 'immutable' }),
  attribute('members', {
    type: 'complex',
    multiValued: true,
    subAttributes: [
      attribute('value', { mutability: 'immutable' }),
      attribute('display', { mutability: 'readOnly' }),
    ],
  }),
];

const ENTERPRISE_ATTRIBUTES: ScimJson[] = [
  attribute('organization'),
  attribute('department'),
  attribute('employeeNumber'),
];

/** The schemas this directory serves at `/Schemas/{id}` (RFC 7643 §7), in the order `/Schemas` lists them. */
export function schemaDocuments(base: string): ScimJson[] {
  const document = (id: string, name: string, description: string, attributes: ScimJson[]): ScimJson => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
  });
  return [
    document(USER_SCHEMA, 'User', 'User Account', USER_ATTRIBUTES),
    document(GROUP_SCHEMA, 'Group', 'Group', GROUP_ATTRIBUTES),
    document(ENTERPRISE_SCHEMA, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES),
  ];
}
