import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The dependencies of a generated package's package.json that Node cannot find from its folder
 * (no node_modules/<name> there or in any folder above it): a package generated with `-o` outside
 * a project starts, then fails its first call unless someone installs them.
 */
export function unresolvedDependencies(outDir: string, packageJson: string | undefined): string[] {
  if (packageJson === undefined) return [];
  const { dependencies = {} } = JSON.parse(packageJson) as { dependencies?: Record<string, string> };
  return Object.keys(dependencies).filter((name) => !resolvableFrom(outDir, name));
}

function resolvableFrom(dir: string, name: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'node_modules', name, 'package.json'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/** What generate says when a package's dependencies are not installed where it was written. */
export function installNote(outDir: string, missing: readonly string[]): string {
  return `  note: ${outDir} cannot load ${missing.join(', ')} yet: run \`npm install\` in it (cd ${JSON.stringify(outDir)} && npm install) before starting the server\n`;
}
