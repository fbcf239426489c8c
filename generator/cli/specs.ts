import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';

/** A YAML or JSON file: a spec, or a fragment that specs `$ref`. */
export const SPEC_FILE = /\.(ya?ml|json)$/i;

/**
 * The spec files directly in a folder: its YAML/JSON files, sorted. Not recursive, since
 * sub-folders hold the fragments that specs `$ref` (see specs/).
 */
function specsIn(folder: string, shown: string): string[] {
  const specs = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && SPEC_FILE.test(entry.name))
    .map((entry) => path.join(shown, entry.name))
    .sort();
  if (specs.length === 0) throw new ConfigError(`${shown}/ holds no .yaml, .yml or .json file`);
  return specs;
}

/** The project's own specs: top-level YAML/JSON files in specs/. */
export function defaultSpecs(root: string): string[] {
  const folder = path.join(root, 'specs');
  if (!existsSync(folder)) throw new ConfigError(`no specs given and no specs/ folder in ${root}`);
  return specsIn(folder, 'specs');
}

/** Spec arguments with each folder replaced by the specs directly in it. */
export function expandSpecs(given: readonly string[], root: string): string[] {
  return given.flatMap((spec) => {
    const absolute = path.resolve(root, spec);
    return existsSync(absolute) && statSync(absolute).isDirectory() ? specsIn(absolute, spec.replace(/[\\/]+$/, '')) : [spec];
  });
}

/** The specs a command works on, and the output folder when one was named. */
export function resolveSpecs(given: readonly string[], out: string | undefined, root: string): string[] {
  const specs = given.length > 0 ? expandSpecs(given, root) : defaultSpecs(root);
  if (out !== undefined && specs.length !== 1)
    throw new ConfigError(`--out names one folder, so it takes exactly one spec (got ${specs.length})`);
  return specs;
}
