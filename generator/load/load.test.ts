import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { McpgenError, SpecLoadError, SpecValidationError } from '../errors.js';
import { buildModel } from '../model/index.js';
import { BROKEN_SPECS } from '../../test/fixtures/broken-specs.js';
import { loadSpec } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const fixture = (name: string) => `test/fixtures/specs/${name}`;

describe('broken specs get one clear error with file and JSON pointer', () => {
  it.each(BROKEN_SPECS)('%s → %s', async (file, code, pointer, message) => {
    const error = await loadSpec(fixture(file), { root: ROOT })
      .then((spec) => buildModel(spec))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(McpgenError);
    const issue = (error as McpgenError).issues.find((candidate) => candidate.severity === 'error');
    expect(issue).toMatchObject({ code, file: fixture(file), pointer });
    expect(issue?.message).toMatch(message);
    expect((error as McpgenError).message).toContain(fixture(file));
  });

  it('separates unreadable specs (load) from unusable ones (validation)', async () => {
    await expect(loadSpec(fixture('invalid/invalid-yaml.yaml'), { root: ROOT })).rejects.toBeInstanceOf(SpecLoadError);
    await expect(loadSpec(fixture('invalid/empty-paths.yaml'), { root: ROOT })).rejects.toBeInstanceOf(SpecValidationError);
  });
});

/** The error loading a fixture throws. */
const loadError = async (name: string) => (await loadSpec(fixture(name), { root: ROOT }).catch((caught: unknown) => caught)) as McpgenError;

describe('broken $refs: every occurrence, with its line, printed once', () => {
  it('an internal $ref used three times is reported three times with file, line and pointer', async () => {
    const error = await loadError('invalid/broken-ref-thrice.yaml');
    expect(error).toBeInstanceOf(SpecLoadError);
    expect(error.issues.map(({ line, pointer }) => ({ line, pointer }))).toEqual([
      { line: 13, pointer: '/paths/~1a/get/responses/200/content/application~1json/schema' },
      { line: 22, pointer: '/paths/~1b/get/responses/200/content/application~1json/schema' },
      { line: 27, pointer: '/paths/~1b/get/responses/404/content/application~1json/schema/items' },
    ]);
    const text = error.describe();
    expect(text).toContain(`${fixture('invalid/broken-ref-thrice.yaml')}: 3 broken $refs`);
    expect(text).toContain(
      `at ${fixture('invalid/broken-ref-thrice.yaml')}#/paths/~1a/get/responses/200/content/application~1json/schema (line 13)`,
    );
    expect(text.match(/cannot resolve/g)).toHaveLength(3);
  });

  it('a missing file referenced twice is reported at both places', async () => {
    const error = await loadError('invalid/broken-file-ref-twice.yaml');
    expect(error.issues.map(({ code, line }) => ({ code, line }))).toEqual([
      { code: 'broken-ref', line: 12 },
      { code: 'broken-ref', line: 22 },
    ]);
    expect(error.issues[0]?.message).toMatch(/file not found.*no-such-file\.yaml/);
  });

  it('different broken $refs across files are all reported, the good one beside them not', async () => {
    const error = await loadError('invalid/broken-refs-mixed.yaml');
    expect(error).toBeInstanceOf(SpecLoadError);
    expect(error.issues.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 12, message: 'cannot resolve $ref "./parts/thing.yaml#/Nothing": target does not exist' },
      { line: 26, message: 'cannot resolve $ref "#/components/schemas/Missing": target does not exist' },
      { line: 35, message: `cannot resolve $ref "./no-such-file.yaml#/Thing": file not found: ${fixture('invalid/no-such-file.yaml')}` },
    ]);
  });

  it('a single problem is printed once, not as a summary and again as an issue', async () => {
    const error = await loadError('invalid/broken-ref.yaml');
    expect(error.describe().match(/cannot resolve/g)).toHaveLength(1);
    expect(error.describe()).toContain('(line 12)');
  });
});

describe('loading good specs', () => {
  it('bundles local multi-file $refs into one document with internal refs only', async () => {
    const spec = await loadSpec(fixture('valid/multi/root.yaml'), { root: ROOT });
    expect(JSON.stringify(spec.document)).not.toMatch(/"\$ref":"\.\.?\//);
    const { model } = buildModel(spec);
    expect(model.tools.map((tool) => tool.name)).toEqual(['get_pet']);
    expect(JSON.stringify(model.tools[0]?.output?.schema)).toContain('"id":{"type":"string"}');
    expect(model.tools[0]?.output?.schema).toMatchObject({ type: 'object' });
  });

  it('hashes every file a spec is made of, and the same bytes give the same hash', async () => {
    const first = await loadSpec(fixture('valid/multi/root.yaml'), { root: ROOT });
    const second = await loadSpec(path.join(ROOT, fixture('valid/multi/root.yaml')), { root: ROOT });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.hash).toBe(first.hash);
    expect(first.file).toBe(fixture('valid/multi/root.yaml'));
  });

  it('converts Swagger 2.0 (body, formData, collectionFormat, securityDefinitions) to OpenAPI 3', async () => {
    const swagger = await loadSpec(fixture('valid/swagger2.yaml'), { root: ROOT });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading deep into a converted document
    const doc = swagger.document as Record<string, any>;
    expect(swagger.sourceVersion).toBe('2.0');
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.servers).toEqual([{ url: 'https://api.example.com/v2' }]);
    expect(doc.components.securitySchemes.basic).toEqual({ type: 'http', scheme: 'basic' });
    const post = doc.paths['/pets'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Pet' });
    const upload = doc.paths['/pets/{id}/photo'].post;
    expect(upload.requestBody.content['multipart/form-data'].schema.properties.file).toEqual({ type: 'string', format: 'binary' });
    const list = doc.paths['/pets'].get.parameters[0];
    expect(list).toMatchObject({
      name: 'tags',
      in: 'query',
      explode: true,
      schema: { type: 'array', items: { type: 'string' } },
    });
    expect(doc.components.schemas.Pet.properties.nickname).toEqual({ type: 'string', nullable: true });
  });

  it('reads a Swagger 2.0 spec without schemes or produces as JSON over https', async () => {
    const swagger = await loadSpec(fixture('valid/swagger2-unlabelled.yaml'), { root: ROOT });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading deep into a converted document
    const doc = swagger.document as Record<string, any>;
    expect(doc.servers).toEqual([{ url: 'https://api.example.com' }]);
    expect(Object.keys(doc.paths['/items'].get.responses['200'].content)).toEqual(['application/json']);
  });
});
