import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../load/index.js';
import { typeDocument } from './openapi-types.js';
import { uniqueOperationIds } from './unique-operation-ids.js';

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

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;

/** The shipped specs, relative to ROOT. */
const shippedSpecs = () =>
  readdirSync(path.join(ROOT, 'specs'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => path.join('specs', file));

// typeDocument reaches into openapi-typescript's private modules and builds its context by hand
// (openapi-types.ts says why): an upgrade must fail here, not change or break generation.
describe('openapi-typescript through its private modules', () => {
  it('is pinned to the exact version installed', () => {
    const installed = readJson(createRequire(import.meta.url).resolve('openapi-typescript/package.json')).version;
    expect(readJson(path.join(ROOT, 'package.json')).dependencies?.['openapi-typescript']).toBe(installed);
    const lock = readJson(path.join(ROOT, 'package-lock.json')).packages;
    expect((lock?.[''] as { dependencies: Record<string, string> }).dependencies['openapi-typescript']).toBe(installed);
    expect(lock?.['node_modules/openapi-typescript']?.version).toBe(installed);
  });

  it('types every document as its public openapiTS + astToString do', { timeout: 120_000 }, async () => {
    const specs = [
      ...shippedSpecs(),
      'test/fixtures/specs/valid/minimal.yaml',
      'test/fixtures/specs/valid/swagger2.yaml',
      'test/fixtures/corpus/discord.json',
    ];
    const documents = [{ name: 'mixed', document: mixedDocument() }];
    for (const spec of specs) documents.push({ name: spec, document: (await loadSpec(spec, { root: ROOT })).document });
    for (const { name, document } of documents) {
      const typed = await typeDocument(document);
      expect(typed.length, name).toBeGreaterThan(100);
      expect(typed, name).toBe(astToString(await openapiTS(uniqueOperationIds(document) as unknown as OpenAPI3, { silent: true })));
    }
  });
});

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
      ...shippedSpecs(),
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
