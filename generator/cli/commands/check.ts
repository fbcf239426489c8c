import { check } from '../../index.js';
import { modelListSize } from '../../emit/list-size.js';
import { StaleOutputError } from '../../errors.js';
import type { Output } from '../output.js';
import { resolveSpecs } from '../specs.js';

export interface CheckFlags {
  readonly allowFiles?: readonly string[];
  readonly allowRemoteRefs?: boolean;
  readonly maxToolsBytes?: number;
  readonly out?: string;
}

/** Exit 1 (through StaleOutputError) naming every file that is not what the spec makes. */
export async function runCheck(output: Output, given: readonly string[], flags: CheckFlags): Promise<void> {
  const root = process.cwd();
  const problems: string[] = [];
  for (const spec of resolveSpecs(given, flags.out, root)) {
    const result = await check(spec, {
      root,
      ...(flags.out ? { outDir: flags.out } : {}),
      ...(flags.allowRemoteRefs ? { allowRemoteRefs: true } : {}),
      ...(flags.allowFiles ? { allowFiles: flags.allowFiles } : {}),
    });
    const relative = result.outDir.startsWith(root) ? result.outDir.slice(root.length + 1) : result.outDir;
    const stale = [
      ...result.changed.map((file) => `stale     ${relative}/${file}`),
      ...result.missing.map((file) => `missing   ${relative}/${file}`),
      ...result.orphaned.map((file) => `orphaned  ${relative}/${file}`),
    ];
    if (flags.maxToolsBytes !== undefined) {
      const { bytes } = modelListSize(result.model);
      if (bytes > flags.maxToolsBytes)
        stale.push(`too large ${relative}: tools/list is ${bytes} bytes, over the budget of ${flags.maxToolsBytes}`);
    }
    problems.push(...stale);
    output.out(`${spec}: ${stale.length === 0 ? 'up to date' : `${stale.length} file(s) out of date`}\n`);
  }
  if (problems.length > 0) {
    output.err(`${problems.join('\n')}\nRun \`mcpgen generate\` and commit the result.\n`);
    throw new StaleOutputError(problems);
  }
}
