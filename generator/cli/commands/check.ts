import { check } from '../../check.js';
import { modelListSize } from '../../emit/list-size.js';
import { OverBudgetError, StaleOutputError } from '../../errors.js';
import type { JsonReport } from '../json-report.js';
import type { GenerateFlags } from './generate.js';
import { type Output, shownFolder } from '../output.js';
import { resolveSpecs } from '../specs.js';

export interface CheckFlags extends Omit<GenerateFlags, 'build'> {
  readonly maxToolsBytes?: number;
}

/**
 * Exit 1 naming every file that is not what the spec makes (StaleOutputError) or, with files
 * current, every tools/list over --max-tools-bytes (OverBudgetError): two different fixes.
 */
export async function runCheck(output: Output, given: readonly string[], flags: CheckFlags, report?: JsonReport): Promise<void> {
  const root = process.cwd();
  const stale: string[] = [];
  const overBudget: string[] = [];
  for (const spec of resolveSpecs(given, flags.out, root)) {
    const result = await check(spec, { ...flags, root, outDir: flags.out });
    const relative = shownFolder(result.outDir);
    const files = [
      ...result.changed.map((file) => `stale     ${relative}/${file}`),
      ...result.missing.map((file) => `missing   ${relative}/${file}`),
      ...result.orphaned.map((file) => `orphaned  ${relative}/${file}`),
    ];
    const { bytes } = modelListSize(result.model);
    const over = flags.maxToolsBytes !== undefined && bytes > flags.maxToolsBytes;
    stale.push(...files);
    if (over) overBudget.push(`${relative}: tools/list is ${bytes} bytes, over the budget of ${flags.maxToolsBytes}`);
    if (report) {
      report.specs.push({
        spec,
        outDir: result.outDir,
        upToDate: files.length === 0,
        stale: result.changed,
        missing: result.missing,
        orphaned: result.orphaned,
        toolsListBytes: bytes,
        maxToolsBytes: flags.maxToolsBytes ?? null,
        overBudget: over,
      });
      continue;
    }
    const states = [
      ...(files.length > 0 ? [`${files.length} file(s) stale, missing or orphaned`] : []),
      ...(over ? [`tools/list ${bytes} bytes, over budget (${flags.maxToolsBytes})`] : []),
    ];
    output.out(`${spec}: ${states.length === 0 ? 'up to date' : states.join('; ')}\n`);
  }
  if (stale.length > 0 || overBudget.length > 0) {
    const lines = [
      ...stale,
      ...(stale.length > 0 ? ['Stale: run `mcpgen generate` and commit the result.'] : []),
      ...overBudget.map((line) => `over budget ${line}`),
      ...(overBudget.length > 0 ? ['Over budget: shorten descriptions or leave tools out (x-mcp exclude) until tools/list fits.'] : []),
    ];
    output.err(`${lines.join('\n')}\n`);
    throw stale.length > 0 ? new StaleOutputError(stale) : new OverBudgetError(overBudget);
  }
}
