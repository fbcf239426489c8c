import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../emit/paths.js';
import { ConfigError } from '../../errors.js';
import { upperSnakeCase } from '../../model/naming.js';
import type { Output } from '../output.js';

/** Built packages are rebuilt by `mcpgen generate`; the rest of generated/ is committed and kept current by `mcpgen check`. */
const IGNORED = 'generated/*/dist/';
const API_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * `mcpgen init [name]`: specs/<name>.yaml from templates/init/starter.yaml (a small API whose
 * commented x-mcp blocks show auth, pagination and tasks), generated/*\/dist/ in .gitignore, and
 * the next three commands. Writes nothing if the spec already exists.
 */
export function runInit(output: Output, given: string | undefined, root = process.cwd()): void {
  const name =
    given ??
    path
      .basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z]+/, '');
  if (!API_NAME.test(name)) {
    throw new ConfigError(`init: "${given ?? name}" cannot name an API: use lower-case letters, digits and dashes, starting with a letter`);
  }
  const spec = path.join('specs', `${name}.yaml`);
  const target = path.join(root, spec);
  if (existsSync(target)) throw new ConfigError(`init: ${spec} already exists; nothing written`);
  const prefix = upperSnakeCase(name);
  const starter = readFileSync(path.join(packageRoot(), 'templates', 'init', 'starter.yaml'), 'utf8');
  mkdirSync(path.dirname(target), { recursive: true });
  // the name passed API_NAME, so it is plain text in YAML and in an environment variable name
  writeFileSync(target, starter.replaceAll('__NAME__', name).replaceAll('__PREFIX__', prefix));
  const ignored = addToGitignore(root);

  output.out(`wrote ${spec}${ignored ? `; added ${IGNORED} to .gitignore` : ''}. Next:\n\n`);
  output.out(`  npx mcpgen generate ${spec}                # → generated/${name}/ (a package, built)\n`);
  output.out(`  npx mcpgen mock ${spec} -p 4010            # a stand-in API answering from the spec's examples\n`);
  output.out(
    `  ${prefix}_BASE_URL=http://127.0.0.1:4010 ${prefix}_API_TOKEN=test npx @modelcontextprotocol/inspector node generated/${name}/dist/bin.js\n`,
  );
}

/** Adds IGNORED to .gitignore (made if missing) unless a line says it already; true when it wrote. */
function addToGitignore(root: string): boolean {
  const file = path.join(root, '.gitignore');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (text.split(/\r?\n/).some((line) => line.trim() === IGNORED)) return false;
  writeFileSync(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${IGNORED}\n`);
  return true;
}
