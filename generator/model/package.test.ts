import { describe, expect, it } from 'vitest';
import { oneOperation } from '../../test/fixtures/inline-spec.js';
import { SpecValidationError } from '../errors.js';
import { buildModel } from './index.js';
import { isSemver, npmNameProblem, semverFrom } from './package.js';

const withInfoVersion = (version: string, extension?: Record<string, unknown>) => {
  const spec = oneOperation('get', '/a', { operationId: 'getA' }, extension ? { 'x-mcp': { package: extension } } : {});
  return { ...spec, document: { ...spec.document, info: { title: 'Inline', version } } };
};

describe('semver', () => {
  it.each(['1.0.0', '0.0.1', '2.3.4-beta.1', '1.0.0+build.7', '10.20.30-rc.1+meta'])('%s is valid', (version) => {
    expect(isSemver(version)).toBe(true);
  });

  it.each(['1.0', '01.2.3', '1.2.3-', 'v1.2.3', '2023-08-16', '', '1.2.3.4'])('%s is not', (version) => {
    expect(isSemver(version)).toBe(false);
  });

  it.each([
    ['1.0', '1.0.0'],
    ['2', '2.0.0'],
    ['v1.2', '1.2.0'],
    ['2023-08-16', '2023.8.16'],
    ['2024.01.05', '2024.1.5'],
  ])('%s becomes %s', (version, expected) => {
    expect(semverFrom(version)).toBe(expected);
    expect(isSemver(expected)).toBe(true);
  });

  it('leaves what has no numbers to keep to the caller', () => {
    expect(semverFrom('latest')).toBeUndefined();
    expect(semverFrom('1.2.3.4')).toBeUndefined();
  });
});

describe('npm package names', () => {
  it.each(['cloudron-mcp', '@acme/cloudron-mcp', 'a.b_c~d', 'x1'])('%s is fine', (name) => {
    expect(npmNameProblem(name)).toBeUndefined();
  });

  it.each(['Cloudron', '@acme/', '.hidden', '_under', 'has space', '@Acme/x', 'a/b', 'é', 'x'.repeat(215)])('%s is refused', (name) => {
    expect(npmNameProblem(name)).toEqual(expect.any(String));
  });
});

describe('x-mcp package', () => {
  it('defaults: @mcpgen/<api>, UNLICENSED, the info description, a valid info.version as it is', () => {
    const { model, warnings } = buildModel(withInfoVersion('3.1.4'));
    expect(model.package).toEqual({ description: '', license: 'UNLICENSED', name: '@mcpgen/inline', version: '3.1.4' });
    expect(warnings.filter((issue) => issue.code === 'package-version')).toEqual([]);
  });

  it('normalises an info.version that is not semver, with a warning at /info/version', () => {
    const { model, warnings } = buildModel(withInfoVersion('2023-08-16'));
    expect(model.package.version).toBe('2023.8.16');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'package-version', pointer: '/info/version' }));
    expect(buildModel(withInfoVersion('latest')).model.package.version).toBe('0.0.0');
  });

  it('takes every field from the spec', () => {
    const package_ = {
      name: '@acme/inline-mcp',
      version: '2.0.0-rc.1',
      license: 'MIT',
      description: 'Ours',
      repository: 'github:acme/mcp',
    };
    const { model, warnings } = buildModel(withInfoVersion('1.0', package_));
    expect(model.package).toEqual(package_);
    expect(warnings.filter((issue) => issue.code === 'package-version')).toEqual([]);
  });

  it.each([
    [{ name: 'Not Valid' }, '/x-mcp/package/name', 'x-mcp package name "Not Valid" must be lower-case'],
    [{ version: '1.0' }, '/x-mcp/package/version', 'not a valid semver version'],
    [{ license: 'MIT\n"scripts": {}' }, '/x-mcp/package/license', 'one line without control characters'],
    [{ homepage: 'https://x' }, '/x-mcp/package/homepage', 'unknown x-mcp key "homepage"'],
    [{ version: 1 }, '/x-mcp/package/version', 'must be a non-empty string'],
  ])('refuses %j with an error at its pointer', (extension, pointer, message) => {
    let error: unknown;
    try {
      buildModel(withInfoVersion('1.0.0', extension));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecValidationError);
    expect((error as SpecValidationError).issues).toContainEqual(
      expect.objectContaining({ pointer, severity: 'error', message: expect.stringContaining(message) }),
    );
  });
});
