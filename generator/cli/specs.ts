import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';

/** The project's own specs: top-level YAML/JSON files in specs/ (sub-folders hold fragments). */
export function defaultSpecs(root: string): string[] {
  const folder = path.join(root, 'specs');
  if (!existsSync(folder)) throw new ConfigError(`no specs given and no specs/ folder in ${root}`);
  const specs = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name))
    .map((entry) => path.join('specs', entry.name))
    .sort();
  if (specs.length === 0) throw new ConfigError(`no specs given and specs/ holds no .yaml, .yml or .json file`);
  return specs;
}

/** The specs a command works on, and the output folder when one was named. */
export function resolveSpecs(given: readonly string[], out: string | undefined, root: string): string[] {
  const specs = given.length > 0 ? [...given] : defaultSpecs(root);
  if (out !== undefined && specs.length !== 1)
    throw new ConfigError(`--out names one folder, so it takes exactly one spec (got ${specs.length})`);
  return specs;
}
