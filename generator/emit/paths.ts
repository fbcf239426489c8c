import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The mcpgen package root, found from this file whether run from source or from dist/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  // templates/package exists only in the source tree, not in dist/ (which may hold compiled runtime files).
  while (!existsSync(path.join(dir, 'templates', 'package', 'README.md.hbs'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('mcpgen: cannot find its templates/ folder');
    dir = parent;
  }
  return dir;
}
