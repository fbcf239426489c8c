import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../load/index.js';
import { typeDocument } from './openapi-types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WHOLE = Number.POSITIVE_INFINITY;

/** A document whose operations land in `operations` from paths, webhooks and components, around a WithRequired helper. */
function mixedDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let index = 0; index < 9; index += 1) {
    paths[`/things${index}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        ...(index === 4 ? {} : { operationId: `getThing${index}` }),
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
      ...(index === 2
        ? {
            post: {
              operationId: 'makeThing',
              requestBody: {
                content: {
                  'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Thing' }], required: ['name'] } },
                },
              },
              responses: { '204': { description: 'made' } },
            },
          }
        : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Mixed', version: '1' },
    paths,
    webhooks: { thingChanged: { post: { operationId: 'thingChanged', responses: { '200': { description: 'ok' } } } } },
    components: {
      schemas: { Thing: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
      pathItems: { shared: { get: { operationId: 'sharedGet', responses: { '200': { description: 'ok' } } } } },
    },
  };
}

describe('typeDocument in parts', () => {
  it('types the paths in parts exactly as in one piece', async () => {
    const document = mixedDocument();
    const whole = await typeDocument(document, WHOLE);
    expect(whole).toContain('WithRequired');
    expect(whole).toContain('thingChanged: {');
    for (const size of [1, 2, 3, 8]) expect(await typeDocument(document, size)).toBe(whole);
  });

  it('gives the same text for every shipped spec and the large corpus specs', { timeout: 120_000 }, async () => {
    const specs = [
      ...readdirSync(path.join(ROOT, 'specs'))
        .filter((file) => file.endsWith('.yaml'))
        .map((file) => path.join('specs', file)),
      'test/fixtures/corpus/stripe.yaml',
      'test/fixtures/corpus/docker-engine.yaml',
      'test/fixtures/corpus/discord.json',
    ];
    for (const spec of specs) {
      const { document } = await loadSpec(spec, { root: ROOT });
      expect(await typeDocument(document, 7), spec).toBe(await typeDocument(document, WHOLE));
    }
  });
});
