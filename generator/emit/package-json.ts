import type { ApiModel } from '../model/types.js';

/** The versions a generated package depends on: those mcpgen is tested with (generator/package-versions.ts). */
export interface PackageVersions {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly typescript: string;
  readonly typesNode: string;
}

/** The packages only Redis mode loads: optional peers, so that an install without them still runs. */
const OPTIONAL_PEERS = ['ioredis'];

/** `prepack`: a package is published with the dist/ that `mcpgen generate` built, never without it. */
const REQUIRE_DIST =
  "node -e \"require('fs').existsSync('dist/bin.js')&&require('fs').existsSync('dist/index.d.ts')||(console.error('dist/ is missing: run mcpgen generate (it builds dist/) before packing'),process.exit(1))\"";

/**
 * package.json, built as an object and serialised: every value from the spec is one string in a
 * field named here (model.package, validated when the model was built), so a spec can change
 * what a field says but never add a field or a script.
 */
export function renderPackageJson(model: ApiModel, versions: PackageVersions, binName: string): string {
  const identity = model.package;
  const dependencies = Object.entries(versions.dependencies);
  const optionalPeers = Object.fromEntries(dependencies.filter(([name]) => OPTIONAL_PEERS.includes(name)));
  const manifest = {
    name: identity.name,
    version: identity.version,
    description: identity.description,
    type: 'module',
    license: identity.license,
    ...(identity.repository !== undefined ? { repository: identity.repository } : {}),
    engines: { node: '>=20' },
    bin: { [binName]: './dist/bin.js' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    files: ['dist', 'README.md'],
    scripts: {
      typecheck: 'tsc -p tsconfig.json --noEmit',
      start: 'node dist/bin.js',
      prepack: REQUIRE_DIST,
    },
    dependencies: Object.fromEntries(dependencies.filter(([name]) => !OPTIONAL_PEERS.includes(name))),
    peerDependencies: optionalPeers,
    peerDependenciesMeta: Object.fromEntries(OPTIONAL_PEERS.map((name) => [name, { optional: true }])),
    devDependencies: {
      '@types/node': versions.typesNode,
      ...optionalPeers,
      typescript: versions.typescript,
    },
    mcpgen: { spec: model.source.file, specSha256: model.source.hash },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
