import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './emit/paths.js';
import type { PackageVersions } from './emit/index.js';

let versions: PackageVersions | undefined;

/** Generated packages depend on the same versions mcpgen itself is tested with. */
export function packageVersions(): PackageVersions {
  if (versions) return versions;
  const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const pick = (name: string) => manifest.dependencies[name] ?? manifest.devDependencies[name] ?? '*';
  versions = {
    dependencies: Object.fromEntries(
      [
        '@jitl/quickjs-wasmfile-release-sync',
        '@modelcontextprotocol/sdk',
        'ajv',
        'ajv-formats',
        'esbuild',
        'ioredis',
        'minisearch',
        'quickjs-emscripten-core',
        're2js',
        'stemmer',
      ].map((name) => [name, pick(name)]),
    ),
    typescript: pick('typescript'),
    typesNode: pick('@types/node'),
  };
  return versions;
}
