import { formatIssue } from '../../issues.js';
import { lintModel } from '../../lint/index.js';
import { loadSpec } from '../../load/index.js';
import { buildModel } from '../../model/index.js';
import { issueJson, type JsonReport } from '../json-report.js';
import type { Output } from '../output.js';
import { expandSpecs } from '../specs.js';

/** Returns the exit code: 1 with --strict when anything was reported. */
export async function runLint(output: Output, given: readonly string[], flags: { strict?: boolean }, report?: JsonReport): Promise<number> {
  let warnings = 0;
  for (const spec of expandSpecs(given, process.cwd())) {
    const { model, warnings: modelWarnings } = buildModel(await loadSpec(spec));
    const issues = [...modelWarnings, ...lintModel(model)];
    warnings += issues.length;
    if (report) {
      report.specs.push({ spec, tools: model.tools.length, issues: issues.map(issueJson) });
      continue;
    }
    for (const issue of issues) output.out(`${formatIssue(issue)}\n`);
    output.out(`${spec}: ${model.tools.length} tools, ${issues.length} warning(s)\n`);
  }
  return flags.strict && warnings > 0 ? 1 : 0;
}
