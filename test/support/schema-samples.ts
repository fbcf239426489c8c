/**
 * Values made from JSON Schemas for tests that call every tool of a server: arguments its input
 * schema accepts, and response bodies its output schema does not.
 */

type Schema = { readonly [key: string]: unknown };

const isSchema = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

const FORMATS: Record<string, string> = {
  'date-time': '2026-01-02T03:04:05Z',
  date: '2026-01-02',
  email: 'drift@example.com',
  ipv4: '192.0.2.1',
  uri: 'https://example.com/x',
  url: 'https://example.com/x',
  uuid: '00000000-0000-4000-8000-000000000001',
};

/** Follows a local `$ref` (`#/$defs/Name`) within the root schema. */
function resolve(schema: unknown, root: Schema): unknown {
  let current = schema;
  for (let hops = 0; isSchema(current) && typeof current.$ref === 'string' && hops < 10; hops += 1) {
    const tokens = current.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    current = tokens.reduce<unknown>(
      (node, token) => (isSchema(node) ? node[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
      root,
    );
  }
  return current;
}

/** A value the schema accepts: the first enum value or example, else the smallest of its type. */
export function sampleValue(raw: unknown, root: Schema, depth = 0): unknown {
  const schema = resolve(raw, root);
  if (!isSchema(schema) || depth > 8) return 'x';
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const members = schema[keyword];
    if (Array.isArray(members) && members.length > 0) return sampleValue(members[0], root, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((member) => sampleValue(member, root, depth + 1));
    return parts.every(isSchema) ? Object.assign({}, ...parts) : parts[0];
  }
  const declared = Array.isArray(schema.type) ? schema.type.find((each) => each !== 'null') : schema.type;
  const type = declared ?? (isSchema(schema.properties) ? 'object' : undefined);
  switch (type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => sampleValue(schema.items, root, depth + 1));
    }
    case 'object':
      return sampleObject(schema, root, depth);
    default: {
      const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
      if (format) return format;
      const length = typeof schema.minLength === 'number' ? schema.minLength : 1;
      return 'x'.repeat(Math.max(1, length));
    }
  }
}

/** The required properties of an object schema, each with a sample value. */
export function sampleObject(schema: Schema, root: Schema = schema, depth = 0): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const names = Array.isArray(schema.required) ? [...(schema.required as string[])] : [];
  // minProperties: optional properties too, in their order, until there are enough.
  const least = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  for (const name of Object.keys(properties)) if (names.length < least && !names.includes(name)) names.push(name);
  // An open object with too few declared properties takes made-up ones.
  while (names.length < least) names.push(`sample_${names.length}`);
  return Object.fromEntries(names.map((name) => [name, sampleValue(properties[name], root, depth + 1)]));
}

/** Candidates for a value of another type, most telling first. */
const OTHER_TYPES: readonly [string, unknown][] = [
  ['integer', 12345],
  ['string', 'drifted'],
  ['object', { drifted: true }],
  ['array', ['drifted']],
  ['boolean', false],
];

/**
 * An object with every property the output schema declares, each of a type it does not allow
 * (properties of any type are left as a string): the upstream changed every field's type.
 */
export function wrongTypes(outputSchema: unknown): Record<string, unknown> {
  const properties = isSchema(outputSchema) && isSchema(outputSchema.properties) ? outputSchema.properties : {};
  return Object.fromEntries(
    Object.entries(properties).map(([name, property]) => {
      const declared = isSchema(property) ? property.type : undefined;
      const allowed = new Set(Array.isArray(declared) ? declared : declared === undefined ? [] : [declared]);
      if (allowed.has('number')) allowed.add('integer');
      const other = allowed.size === 0 ? undefined : OTHER_TYPES.find(([type]) => !allowed.has(type));
      return [name, other ? other[1] : 'any type'];
    }),
  );
}
