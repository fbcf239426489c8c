/**
 * Synthetic specs of a chosen number of operations, for the scale run (`npm run bench:scale`):
 * generation time and memory must grow roughly linearly with the operations. Each operation
 * looks like a real one: a tag, a path parameter, a query parameter, a body on writes, and a
 * response schema by `$ref` into components (one schema per four operations).
 */
export function syntheticSpec(operations: number): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const methods = ['get', 'post', 'put', 'delete'] as const;
  for (let index = 0; index < operations; index += 1) {
    const resource = Math.floor(index / methods.length);
    const method = methods[index % methods.length] ?? 'get';
    const schema = `Resource${resource}`;
    schemas[schema] ??= {
      type: 'object',
      description: `Resource ${resource}.`,
      required: ['id'],
      properties: {
        id: { type: 'string', description: 'Identifier.' },
        name: { type: 'string', description: 'Display name.', maxLength: 200 },
        size: { type: 'integer', minimum: 0, description: 'Size in bytes.' },
        state: { type: 'string', enum: ['active', 'stopped', 'deleted'], description: 'Lifecycle state.' },
      },
    };
    const route = `/group${resource % 50}/resources${resource}/{id}`;
    paths[route] ??= {};
    paths[route][method] = {
      operationId: `${method}Resource${resource}`,
      summary: `${method} resource ${resource}`,
      description: `Does ${method} on resource ${resource}; returns the resource.`,
      tags: [`group${resource % 50}`],
      parameters: [
        { name: 'id', in: 'path', required: true, description: 'Resource id.', schema: { type: 'string' } },
        { name: 'verbose', in: 'query', description: 'Include details.', schema: { type: 'boolean' } },
      ],
      ...(method === 'post' || method === 'put'
        ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } }
        : {}),
      responses: {
        '200': { description: 'The resource.', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } },
        '404': { description: 'Not found.' },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: `Synthetic ${operations}`, version: '1.0.0', description: 'A synthetic spec for the scale run.' },
    servers: [{ url: 'https://api.example.com/v1' }],
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } }, schemas },
    security: [{ token: [] }],
    'x-mcp': { name: `synthetic-${operations}` },
    paths,
  };
}

export const SCALE_HEADING = '## Scale: synthetic specs (issue 12)';

/** The scale section of an existing RESULTS.md (to keep it when the main bench rewrites the file), or ''. */
export function scaleSection(markdown: string): string {
  const start = markdown.indexOf(SCALE_HEADING);
  if (start < 0) return '';
  const next = markdown.indexOf('\n## ', start + SCALE_HEADING.length);
  return markdown.slice(start, next < 0 ? undefined : next + 1).trimEnd();
}

/** `markdown` with its scale section replaced by `section` (appended when it has none). */
export function withScaleSection(markdown: string, section: string): string {
  const old = scaleSection(markdown);
  if (section === '') return markdown;
  return old ? markdown.replace(old, section.trimEnd()) : `${markdown.trimEnd()}\n\n${section.trimEnd()}\n`;
}
