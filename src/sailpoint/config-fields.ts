/** One field of SailPoint's source configuration form (`sourceConfig[].items[].items[]`). */
export interface FormField {
  key: string;
  label: string;
  type: 'text' | 'secret' | 'number' | 'checkbox' | 'select' | 'list';
  required?: boolean;
  helpKey?: string;
  options?: Array<{ label: string; value: string }>;
}

type JsonSchema = Record<string, unknown>;

/** A configuration leaf found in a JSON Schema: its dotted path, whether it is required all the way down, the form field. */
export interface ConfigLeaf {
  path: string;
  required: boolean;
  field: FormField;
}

/**
 * The form fields of a configuration's JSON Schema: objects become dotted keys (`site.url`),
 * `writeOnly` strings become `secret` fields, one-of choices (Data Center's `auth`) contribute the
 * fields of every branch. Lists of objects (extra attributes) have no form shape and are left to
 * the JSON configuration.
 */
export function configLeaves(schema: JsonSchema, prefix = '', required = true): ConfigLeaf[] {
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (branches !== undefined)
    return mergeBranches(branches.flatMap((branch) => configLeaves(branch, prefix, false)));
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (schema.type === 'object' && properties !== undefined) {
    const needed = new Set((schema.required as string[] | undefined) ?? []);
    return Object.entries(properties).flatMap(([name, child]) =>
      configLeaves(child, prefix === '' ? name : `${prefix}.${name}`, required && needed.has(name)),
    );
  }
  const field = formField(prefix, schema);
  return field === undefined ? [] : [{ path: prefix, required, field: { ...field, required } }];
}

function formField(key: string, schema: JsonSchema): FormField | undefined {
  const label = key;
  const choices =
    (schema.enum as string[] | undefined) ??
    (schema.const === undefined ? undefined : [schema.const as string]);
  if (choices !== undefined)
    return { key, label, type: 'select', options: choices.map((value) => ({ label: value, value })) };
  switch (schema.type) {
    case 'string':
      return { key, label, type: schema.writeOnly === true ? 'secret' : 'text' };
    case 'integer':
    case 'number':
      return { key, label, type: 'number' };
    case 'boolean':
      return { key, label, type: 'checkbox' };
    case 'array':
      return (schema.items as JsonSchema | undefined)?.type === 'string'
        ? { key, label, type: 'list' }
        : undefined;
    default:
      return undefined;
  }
}

/** Leaves of the same path from several branches become one; a select gathers every branch's choices. */
function mergeBranches(leaves: ConfigLeaf[]): ConfigLeaf[] {
  const byPath = new Map<string, ConfigLeaf>();
  for (const leaf of leaves) {
    const seen = byPath.get(leaf.path);
    if (seen === undefined) byPath.set(leaf.path, leaf);
    else if (seen.field.options !== undefined && leaf.field.options !== undefined)
      seen.field.options = [...seen.field.options, ...leaf.field.options];
  }
  return [...byPath.values()];
}
