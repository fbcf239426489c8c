import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildPackage } from '../../generator/build/index.js';
import { ROOT } from './mcp-client.js';

export const TMP = path.join(ROOT, 'test', '.tmp');

export interface PrivateBuild {
  /** The built stdio entry point. */
  readonly bin: string;
  readonly dir: string;
  remove(): void;
}

/**
 * Builds a copy of generated/<api>/src in a folder of its own under test/.tmp, so that test files
 * running in parallel (or someone regenerating generated/) never see a half-written dist/.
 * The copy resolves its dependencies and `"type": "module"` from the repository root.
 */
export function privateBuild(api: string): PrivateBuild {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(path.join(TMP, `${api}-build-`));
  const source = path.join(ROOT, 'generated', api, 'src');
  for (let attempt = 0; ; attempt += 1) {
    try {
      cpSync(source, path.join(dir, 'src'), { recursive: true });
      break;
    } catch (error) {
      // generated/<api> is swapped in whole by `mcpgen generate`: try again once it is back.
      if (attempt >= 5) throw error;
      rmSync(path.join(dir, 'src'), { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  buildPackage(dir);
  return { bin: path.join(dir, 'dist', 'bin.js'), dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
