import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Operations in a single-file spec, and how many of them have a JSON schema on a 2xx response
 * (response `$ref`s into components/responses followed): the tools that can carry an outputSchema.
 */
export function countOperations(file: string): { readonly operations: number; readonly withResponseSchema: number } {
  const text = readFileSync(file, 'utf8');
  const document = (file.endsWith('.json') ? JSON.parse(text) : yaml.load(text, { schema: yaml.JSON_SCHEMA })) as Record<string, unknown>;
  const resolve = (value: unknown): Record<string, unknown> | undefined => {
    let current = value as Record<string, unknown> | undefined;
    for (let depth = 0; current && typeof current.$ref === 'string' && depth < 10; depth++) {
      const pointer = current.$ref.replace(/^#\//, '').split('/');
      current = pointer.reduce<unknown>(
        (node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        document,
      ) as Record<string, unknown> | undefined;
    }
    return current;
  };
  let operations = 0;
  let withResponseSchema = 0;
  for (const item of Object.values((document.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const method of METHODS) {
      const operation = item?.[method] as { responses?: Record<string, unknown> } | undefined;
      if (!operation) continue;
      operations++;
      const has = Object.entries(operation.responses ?? {}).some(([status, response]) => {
        if (!/^2(\d\d|XX)$/i.test(status)) return false;
        const content = (resolve(response)?.content ?? {}) as Record<string, { schema?: unknown }>;
        return Object.entries(content).some(([type, media]) => /json/i.test(type) && media?.schema !== undefined);
      });
      if (has) withResponseSchema++;
    }
  }
  return { operations, withResponseSchema };
}
