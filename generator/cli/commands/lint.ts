import { formatIssue } from '../../issues.js';
import { lintModel } from '../../lint/index.js';
import { loadSpec } from '../../load/index.js';
import { buildModel } from '../../model/index.js';
import type { Output } from '../output.js';

/** Returns the exit code: 1 with --strict when anything was reported. */
export async function runLint(output: Output, specs: readonly string[], flags: { strict?: boolean }): Promise<number> {
  let warnings = 0;
  for (const spec of specs) {
    const { model, warnings: modelWarnings } = buildModel(await loadSpec(spec));
    const issues = [...modelWarnings, ...lintModel(model)];
    for (const issue of issues) output.out(`${formatIssue(issue)}\n`);
    output.out(`${spec}: ${model.tools.length} tools, ${issues.length} warning(s)\n`);
    warnings += issues.length;
  }
  return flags.strict && warnings > 0 ? 1 : 0;
}
