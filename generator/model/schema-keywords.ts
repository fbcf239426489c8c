/** JSON Schema keywords whose values are subschemas, by the shape of the value. */
export const SUBSCHEMA_MAPS: readonly string[] = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];
/** One subschema each (`items` apart: OpenAPI 3.0's tuple form needs its own handling where it matters). */
export const SUBSCHEMA_SINGLE: readonly string[] = [
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];
export const SUBSCHEMA_LISTS: readonly string[] = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
