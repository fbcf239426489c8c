/**
 * The generated package's identity (package.json name, version, license, description,
 * repository): `x-mcp.package` where the spec sets it, else defaults from the API's name and
 * `info`. npm refuses to publish a package whose name or version breaks its rules, so both are
 * checked here, where a spec's mistake can still be named with its JSON pointer.
 */
import { type IssueList, joinPointer } from '../issues.js';
import type { PackageExtension } from './extensions.js';
import type { PackageModel } from './types.js';

/** semver.org's own pattern for a valid version (2.0.0), numbered groups for major, minor, patch. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** npm's rules for new package names: lower case, URL-safe, at most 214 characters, optionally `@scope/`. */
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const NPM_NAME_MAX = 214;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/**
 * A valid semver from an `info.version` that is not one: up to three dot- or dash-separated
 * numbers (an optional leading `v`), leading zeros dropped and missing parts 0, so `1.0` → `1.0.0`
 * and the date `2023-08-16` → `2023.8.16`; anything else → undefined.
 */
export function semverFrom(version: string): string | undefined {
  const match = /^v?(\d+)(?:[.-](\d+))?(?:[.-](\d+))?$/.exec(version.trim());
  if (!match) return undefined;
  return [match[1], match[2], match[3]].map((part) => String(Number(part ?? '0'))).join('.');
}

/** Why `name` cannot be an npm package name, or undefined when it can. */
export function npmNameProblem(name: string): string | undefined {
  if (name.length > NPM_NAME_MAX) return `is longer than ${NPM_NAME_MAX} characters`;
  if (!NPM_NAME.test(name)) {
    return 'must be lower-case letters, digits, ".", "_", "~" and "-", starting with a letter or digit, optionally under an @scope/';
  }
  return undefined;
}

export function packageOf(
  extension: PackageExtension,
  defaults: { readonly apiName: string; readonly description: string; readonly version: string },
  issues: IssueList,
): PackageModel {
  const at = (key: string) => joinPointer('/x-mcp/package', key);
  const name = extension.name ?? `@mcpgen/${defaults.apiName}`;
  const nameProblem = npmNameProblem(name);
  if (nameProblem) issues.error('invalid-extension', at('name'), `x-mcp package name "${name}" ${nameProblem}`);

  let version = extension.version;
  if (version !== undefined && !isSemver(version)) {
    issues.error('invalid-extension', at('version'), `x-mcp package version "${version}" is not a valid semver version (e.g. 1.2.3)`);
  }
  if (version === undefined) {
    version = isSemver(defaults.version) ? defaults.version : (semverFrom(defaults.version) ?? '0.0.0');
    if (version !== defaults.version) {
      issues.warn(
        'package-version',
        '/info/version',
        `info.version "${defaults.version}" is not semver; the package's version is ${version} (set x-mcp package.version to choose)`,
      );
    }
  }
  for (const key of ['license', 'description', 'repository'] as const) {
    const text = extension[key];
    if (text !== undefined && /[\u0000-\u001f\u007f]/.test(text)) {
      issues.error('invalid-extension', at(key), `x-mcp package ${key} must be one line without control characters`);
    }
  }
  return {
    description: extension.description ?? defaults.description,
    license: extension.license ?? 'UNLICENSED',
    name,
    repository: extension.repository,
    version,
  };
}
